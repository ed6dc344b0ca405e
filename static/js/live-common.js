/* Shared by the live screens (phone, console, projector): the JSON blocks the server
   embeds, string formatting, the socket with reconnection and acknowledged emits, the
   server clock, the countdown and the connection indicator. Written for old phone
   browsers: ES2017, no optional chaining, no class fields. */

/* ---- Page data ---------------------------------------------------------------- */

/* A plenary state may arrive late (an answer overtaken by a broadcast, two processes):
   keep the newest, by the server's plenary version. */
export function newerPlenary(current, incoming) {
  return !current || !incoming || typeof incoming.version !== "number"
    || typeof current.version !== "number" || incoming.version >= current.version;
}

/** A table's synthesis read no earlier than the one shown (another table or round: yes). */
export function newerSynthesis(current, incoming) {
  return !current || !incoming || current.table !== incoming.table || current.round !== incoming.round
    || typeof incoming.built !== "number" || typeof current.built !== "number"
    || incoming.built >= current.built;
}

export function readJSON(id) {
  const el = document.getElementById(id);
  if (!el) return null;
  try { return JSON.parse(el.textContent); } catch (e) { return null; }
}

/** "%(name)s" placeholders, as in the server's gettext strings. */
export function format(template, params) {
  return String(template == null ? "" : template).replace(/%\((\w+)\)s/g, function (m, key) {
    return params && Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : m;
  });
}

/** A translator over the page's strings block: t("table_number", {number: 3}). */
export function translator(strings) {
  return function t(key, params) {
    const text = strings && Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
    return format(text, params);
  };
}

/** "Table 3 · Terrace", or "Table 3" alone when the name is only the default "Table 3". */
export function tableTitle(t, number, name) {
  const plain = t("table_number", {number: number});
  const given = String(name || "").trim();
  const isDefault = !given || given.toLowerCase() === plain.toLowerCase() ||
    given.toLowerCase() === ("table " + number);
  return isDefault ? plain : t("table_number_name", {number: number, name: given});
}

/* ---- DOM ------------------------------------------------------------------------ */

/** h("li", {class: "note", dataset: {id: 3}}, [child, "text"]) — text is never parsed as HTML. */
export function h(tag, attrs, children) {
  const el = document.createElement(tag);
  const a = attrs || {};
  Object.keys(a).forEach(function (name) {
    const value = a[name];
    if (value == null || value === false) return;
    if (name === "class") el.className = value;
    else if (name === "text") el.textContent = value;
    else if (name === "dataset") Object.keys(value).forEach(function (k) { el.dataset[k] = value[k]; });
    else if (name.slice(0, 2) === "on" && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, value);
  });
  (children || []).forEach(function (child) {
    if (child == null || child === false) return;
    el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return el;
}

/** Change text only when it differs, so screen readers and layout are left alone. */
export function setText(el, text) {
  const value = text == null ? "" : String(text);
  if (el && el.textContent !== value) el.textContent = value;
}

export function show(el, visible) {
  if (el) el.hidden = !visible;
}

/** Reconcile a container's children with `items` by key, reusing elements so that focus,
    an open <select> or a half-typed input survive a live update. */
export function syncList(container, items, keyOf, create, update) {
  const existing = new Map();
  Array.prototype.forEach.call(container.children, function (child) {
    existing.set(child.dataset.key, child);
  });
  let previous = null;
  items.forEach(function (item) {
    const key = String(keyOf(item));
    let el = existing.get(key);
    if (el) existing.delete(key);
    else { el = create(item); el.dataset.key = key; }
    update(el, item);
    const wanted = previous ? previous.nextSibling : container.firstChild;
    if (el !== wanted) container.insertBefore(el, wanted);
    previous = el;
  });
  existing.forEach(function (el) { el.remove(); });
}

/** Say something once in a live region; the same text twice in a row is said twice. */
export function announce(region, text) {
  if (!region || !text) return;
  region.textContent = "";
  setTimeout(function () { region.textContent = text; }, 60);
}

export function buzz(pattern) {
  try { if (navigator.vibrate) navigator.vibrate(pattern); } catch (e) { /* not allowed yet */ }
}

/** Run `callback` when the page comes back to the foreground (phone unlocked, tab shown). */
export function onResume(callback) {
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") callback();
  });
  window.addEventListener("pageshow", function (event) { if (event.persisted) callback(); });
}

/* ---- Identifiers ---------------------------------------------------------------- */

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

/* ---- Storage (private mode and full quotas must not break the page) -------------- */

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

/* ---- Clock ---------------------------------------------------------------------- */

export function median(values) {
  if (!values.length) return 0;
  const sorted = values.slice().sort(function (a, b) { return a - b; });
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The server's time as seen from here: offset = server - (t + round_trip / 2), median of a
    few samples so one slow answer on bad Wi-Fi does not move the countdown. */
export function Clock(serverNow) {
  this.offset = serverNow ? serverNow - Date.now() : 0;
}
Clock.prototype.now = function () { return Date.now() + this.offset; };
Clock.prototype.sync = function (live, samples) {
  const clock = this;
  const offsets = [];
  let left = samples || 5;
  function sample() {
    const t = Date.now();
    return live.emitWithAck("time", {t: t}, 4000, 0).then(function (res) {
      const back = Date.now();
      if (res && res.ok && typeof res.server === "number") {
        const sent = typeof res.t === "number" ? res.t : t;
        offsets.push(res.server - (sent + (back - sent) / 2));
      }
      left -= 1;
      if (left > 0 && live.socket.connected) return sample();
      if (offsets.length) clock.offset = median(offsets);
      return clock.offset;
    });
  }
  return sample();
};

/* ---- Countdown ------------------------------------------------------------------- */

/** "mm:ss" of a number of seconds, rounded up so the display reads 00:00 at the deadline. */
export function formatClock(seconds) {
  const s = Math.max(0, Math.ceil(seconds || 0));
  const m = Math.floor(s / 60);
  const r = s % 60;
  return (m < 10 ? "0" : "") + m + ":" + (r < 10 ? "0" : "") + r;
}

/** Seconds left in the running phase of `run`, or null when no phase is timed. */
export function remainingSeconds(run, now) {
  if (!run || run.stage !== "round" || !run.phase) return null;
  if (run.paused) return Math.max(0, run.remaining || 0);
  if (typeof run.deadline !== "number") return run.remaining == null ? null : Math.max(0, run.remaining);
  return Math.max(0, (run.deadline - now) / 1000);
}

/** A duration in words for screen readers: "3 minutes", "1 minute", "45 seconds". */
export function spokenDuration(t, seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 60) {
    const m = Math.round(s / 60);
    return m === 1 ? t("minutes_one") : t("minutes_many", {count: m});
  }
  return t("seconds_many", {count: s});
}

/** The countdown of a screen: `display` shows mm:ss each second, `region` (aria-live polite)
    speaks only at phase start, one minute left, time up, pause and resume. `root` gets
    data-timer = running | paused | last-minute | up | idle for styling. */
export function Countdown(opts) {
  this.display = opts.display;
  this.region = opts.region;
  this.root = opts.root || opts.display;
  this.clock = opts.clock;
  this.t = opts.t;
  this.phaseName = opts.phaseName;
  this.onChange = opts.onChange || null;
  this.run = null;
  this.key = null;
  this.last = null;
  this.timer = null;
}

Countdown.prototype.update = function (run) {
  const key = run && run.stage === "round" && run.phase ? run.round + ":" + run.phase : null;
  const wasPaused = this.run ? !!this.run.paused : false;
  const first = this.run === null;
  this.run = run;
  if (key !== this.key) {
    if (key && !first) {
      const total = remainingSeconds(run, this.clock.now());
      announce(this.region, this.t("announce_phase_start", {
        phase: this.phaseName(run.phase), duration: spokenDuration(this.t, total || 0)}));
    }
    this.key = key;
    this.last = null;
  } else if (key && !!run.paused !== wasPaused) {
    announce(this.region, this.t(run.paused ? "announce_paused" : "announce_resumed"));
  }
  this.tick();
};

Countdown.prototype.tick = function () {
  clearTimeout(this.timer);
  const left = remainingSeconds(this.run, this.clock.now());
  if (left === null) {
    setText(this.display, "");
    this.root.dataset.timer = "idle";
    this.last = null;
    return;
  }
  setText(this.display, formatClock(left));
  const whole = Math.ceil(left);
  if (this.last !== null && !this.run.paused) {
    if (this.last > 60 && whole <= 60 && whole > 0) announce(this.region, this.t("announce_one_minute"));
    if (this.last > 0 && whole === 0) announce(this.region, this.t("announce_time_up"));
  }
  this.last = whole;
  const state = this.run.paused ? "paused" : whole === 0 ? "up" : whole <= 60 ? "last-minute" : "running";
  if (this.root.dataset.timer !== state) {
    this.root.dataset.timer = state;
    if (this.onChange) this.onChange(state);
  }
  if (!this.run.paused && whole > 0) {
    // Wake just after the next whole second so the display never skips or lags.
    const ms = Math.round((left - (whole - 1)) * 1000) + 15;
    const self = this;
    this.timer = setTimeout(function () { self.tick(); }, Math.max(50, Math.min(ms, 1015)));
  }
};

/* ---- Socket ---------------------------------------------------------------------- */

const RELOAD_KEY = "facilitator:reloaded-at";

/** The server speaks another protocol version: reload once (not in a loop). */
export function reloadForProtocol(onGiveUp) {
  let last = 0;
  try { last = Number(window.sessionStorage.getItem(RELOAD_KEY)) || 0; } catch (e) { /* private mode */ }
  if (Date.now() - last < 30000) { if (onGiveUp) onGiveUp(); return; }
  try { window.sessionStorage.setItem(RELOAD_KEY, String(Date.now())); } catch (e) { /* private mode */ }
  window.location.reload();
}

/** The message to show for a refused or failed answer. */
export function errorText(t, res) {
  if (res && res.message) return res.message;
  const code = res && res.error ? "error_" + res.error : "error_unknown";
  const text = t(code);
  return text === code ? t("error_unknown") : text;
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

/** Ignore a run object older than the one shown (a late delta after a fresh snapshot). */
export function newerRun(current, incoming) {
  if (!incoming) return false;
  if (!current) return true;
  return (incoming.version || 0) >= (current.version || 0);
}

/** The translated name of a phase or, outside rounds, of the stage. */
export function phaseLabel(t, run) {
  if (!run) return "";
  if (run.stage === "round" && run.phase) return t("phase_" + run.phase);
  return t("stage_" + run.stage);
}

/** A table's earlier rounds (handover card, plenary): each round's question, key points and
    solutions. `rounds` as in me.handover.rounds and plenary.tables[].rounds. */
export function renderRounds(container, rounds, t, level) {
  const heading = "h" + (level || 3);
  syncList(container, rounds || [], function (r) { return r.round; }, function () {
    return h("section", {class: "past-round"}, [
      h(heading, {class: "past-question"}),
      h("ul", {class: "past-points"}),
      h("p", {class: "past-sol-title", text: t("solutions_short")}),
      h("ul", {class: "past-solutions"}),
    ]);
  }, function (section, r) {
    setText(section.querySelector(".past-question"), r.question
      ? t("round_question", {number: r.round, question: r.question}) : t("round_number", {number: r.round}));
    const item = function () { return h("li"); };
    const fill = function (li, text) { setText(li, text); };
    syncList(section.querySelector(".past-points"), r.key_points || [], String, item, fill);
    syncList(section.querySelector(".past-solutions"), r.solutions || [], String, item, fill);
    show(section.querySelector(".past-sol-title"), (r.solutions || []).length > 0);
    show(section.querySelector(".past-solutions"), (r.solutions || []).length > 0);
  });
}

/* ---- Votes: the coalesced `votes` event laid over the plenary shown --------------------- */

const HEARTBEAT_MS = 30000;

/** The plenary with a `votes` event applied: voters' count and, when sent, the tallies that
    changed (absolute per solution) and the ranking. An event older than the plenary shown
    (a reveal or a merge came since) is ignored. */
export function applyVotes(plenary, votes) {
  if (!plenary || !votes) return plenary;
  if (typeof plenary.version === "number" && typeof votes.version === "number" && votes.version < plenary.version) return plenary;
  const next = Object.assign({}, plenary, {version: votes.version, voters: votes.voters, people: votes.people});
  const tallies = votes.tallies;
  if (tallies) {
    next.solutions = (plenary.solutions || []).map(function (s) {
      const n = tallies[String(s.id)];
      return typeof n === "number" ? Object.assign({}, s, {votes: n}) : s;
    });
    if (votes.ranking) next.ranking = votes.ranking;
  }
  return next;
}

/** "23 of 36 have voted", or "" before anyone could. */
export function votedLine(t, plenary) {
  if (!plenary || typeof plenary.voters !== "number" || !(plenary.votes_open || plenary.voters)) return "";
  return t("voted_count", {voters: plenary.voters, people: plenary.people});
}
