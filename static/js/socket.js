/* The /live socket: Socket.IO's reconnection with backoff, acknowledged emits that never
   queue while offline, the heartbeat, a reload when the server speaks another protocol,
   and the connection indicator. */
import {setText, onResume} from "./dom.js";
import {Clock} from "./clock.js";

const HEARTBEAT_MS = 30000;
const RELOAD_KEY = "facilitator:reloaded-at";

/** The server speaks another protocol version: reload once (not in a loop). */
export function reloadForProtocol(onGiveUp) {
  let last = 0;
  try { last = Number(window.sessionStorage.getItem(RELOAD_KEY)) || 0; } catch (e) { /* private mode */ }
  if (Date.now() - last < 30000) { if (onGiveUp) onGiveUp(); return; }
  try { window.sessionStorage.setItem(RELOAD_KEY, String(Date.now())); } catch (e) { /* private mode */ }
  window.location.reload();
}

/**
 * Open the /live socket. Reconnection uses Socket.IO's exponential backoff with jitter
 * (1 s doubling up to 15 s, ±50 %). Returns {socket, clock, emitWithAck, on}.
 * options: {config, view, workshop (join code), serverNow, t, onRefused(code)}
 */
export function openLive(options) {
  const config = options.config || {};
  const socket = window.io(config.namespace || config.socket_namespace || "/live", {
    path: config.socket_path || "/socket.io",
    auth: {workshop: options.workshop, view: options.view, protocol: config.protocol || 1},
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 15000,
    randomizationFactor: 0.5,
    timeout: 15000,
  });
  const live = {socket: socket, clock: new Clock(options.serverNow), t: options.t};

  /** Emit with an acknowledgement; resolves with the server's answer, or with
      {ok: false, error: "timeout" | "offline"}. A timeout is retried `retries` times
      (default 2) — only for events the server treats idempotently. Never sends while
      offline: Socket.IO would buffer the packet and replay it later, unasked. */
  live.emitWithAck = function (event, payload, timeoutMs, retries) {
    const wait = timeoutMs || 8000;
    const tries = retries == null ? 2 : retries;
    return new Promise(function (resolve) {
      let attempt = 0;
      function send() {
        if (!socket.connected) { resolve({ok: false, error: "offline"}); return; }
        socket.timeout(wait).emit(event, payload || {}, function (err, res) {
          if (err || (res && res.ok === false && res.error === "unavailable" && attempt < tries)) {
            if (attempt < tries) {
              attempt += 1;
              setTimeout(send, 400 * attempt + Math.random() * 400);
              return;
            }
            resolve({ok: false, error: socket.connected ? "timeout" : "offline"});
            return;
          }
          if (res && res.ok === false && res.error === "protocol") reloadForProtocol();
          resolve(res || {ok: false, error: "unknown"});
        });
      }
      send();
    });
  };
  live.on = function (event, handler) { socket.on(event, handler); return live; };

  socket.on("connect_error", function (err) {
    const code = err && err.message;
    // A refusal by the server (not a network failure) stops Socket.IO's reconnection.
    if (socket.active) return;
    if (code === "protocol") reloadForProtocol();
    if (options.onRefused) options.onRefused(code);
  });
  socket.on("connect", function () { live.clock.sync(live, 5); });
  // The heartbeat the protocol asks for (the server also keeps open sockets present).
  setInterval(function () {
    if (socket.connected) live.emitWithAck("time", {t: Date.now()}, 4000, 0);
  }, HEARTBEAT_MS);
  onResume(function () {
    if (!socket.connected) { if (!socket.active) socket.connect(); return; }
    // A phone back from sleep may hold a dead socket that still says "connected".
    live.emitWithAck("sync", {}, 5000, 0).then(function (res) {
      if (res && res.ok && res.snapshot && options.onSnapshot) options.onSnapshot(res.snapshot);
      else if (res && res.error === "timeout") { socket.disconnect(); socket.connect(); }
      if (res && res.ok) live.clock.sync(live, 3);
    });
  });
  return live;
}

/** The little connection indicator: connected / connecting / offline. A drop shorter than
    two seconds is not shown, so flaky Wi-Fi does not make it blink. */
export function connectionStatus(el, live, t, offlineKey) {
  if (!el) return;
  const label = el.querySelector("[data-label]") || el;
  let timer = null;
  function set(state) {
    clearTimeout(timer);
    el.dataset.state = state;
    setText(label, t(state === "connected" ? "status_connected"
      : state === "connecting" ? "status_connecting" : (offlineKey || "status_offline")));
    document.documentElement.dataset.connection = state;
  }
  set(live.socket.connected ? "connected" : "connecting");
  live.socket.on("connect", function () { set("connected"); });
  live.socket.on("disconnect", function () {
    clearTimeout(timer);
    document.documentElement.dataset.connection = "offline";
    timer = setTimeout(function () { set("offline"); }, 2000);
  });
  live.socket.on("connect_error", function () {
    if (el.dataset.state !== "offline") {
      clearTimeout(timer);
      timer = setTimeout(function () { set("offline"); }, 2000);
    }
  });
}
