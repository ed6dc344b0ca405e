/* The server's clock seen from here, and the countdown of a screen: mm:ss each second,
   spoken only at the moments that matter. The pure parts (median, formatClock,
   remainingSeconds, spokenDuration) are tested in tests/js/clock.test.mjs. */
import {setText, announce} from "./dom.js";

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
