/* What a page keeps on the device: localStorage that private mode and full quotas cannot
   break, and the client-made ids (UUID v4) that make a retried action idempotent. */

/** A v4 UUID; crypto.randomUUID needs a secure context and a recent browser. */
export function uuid() {
  const c = window.crypto || window.msCrypto;
  if (c && typeof c.randomUUID === "function") {
    try { return c.randomUUID(); } catch (e) { /* http: fall through */ }
  }
  const bytes = new Uint8Array(16);
  if (c && c.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
  return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
}

export const store = {
  get: function (key, fallback) {
    try {
      const raw = window.localStorage.getItem(key);
      return raw == null ? fallback : JSON.parse(raw);
    } catch (e) { return fallback; }
  },
  set: function (key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  },
  remove: function (key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing to do */ }
  },
};
