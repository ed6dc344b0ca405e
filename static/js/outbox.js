/* What every page that sends actions over the socket shares: which answers mean "not now"
   (send the same action again later) rather than "no", how long to wait before the next
   try, and the outbox itself, the actions kept on the device until the server has
   acknowledged them. Used by the phone's notes (phone-notes.js), the synthesis fields
   (synthesis-fields.js) and the votes (vote.js). Pure, no DOM and no socket: storage and
   sending are passed in, and tests/js/outbox.test.mjs runs it under Node. */

/** Errors that say nothing against the action itself: offline, no answer in time, the
    database busy, or this phone sending too fast (the server's rate limit). */
export const RETRYABLE = Object.freeze(["timeout", "offline", "unavailable", "rate_limited"]);

/** Whether an acknowledgement ({ok: false, error}) asks for the action to be sent again. */
export function isRetryable(answer) {
  return !!answer && answer.ok === false && RETRYABLE.indexOf(answer.error) >= 0;
}

/** Waits doubling from `first` up to `max` ms, plus up to `jitter` ms at random so that a
    room of phones coming back together does not retry in step. */
export function Backoff(first, max, jitter) {
  this.first = first;
  this.max = max;
  this.jitter = jitter || 0;
  this.delay = first;
}

/** The next wait in ms; `random` (0..1) is for tests, Math.random() otherwise. */
Backoff.prototype.next = function (random) {
  const wait = this.delay + (random == null ? Math.random() : random) * this.jitter;
  this.delay = Math.min(this.delay * 2, this.max);
  return wait;
};

/** After a success: the next failure waits the shortest time again. */
Backoff.prototype.reset = function () {
  this.delay = this.first;
};

/**
 * Actions not yet acknowledged, by a client-made key (the server is idempotent on it), each
 * an object with `at` (when it was asked for) and, once refused, `error`. Every change is
 * written to `storage` under `key`, so a reload or a dead battery loses nothing.
 * opts: {storage: {get(key, fallback), set(key, value)}, key,
 *        connected(): whether sending makes sense now,
 *        send(key, entry, ready): Promise of the server's answer ({ok, error}); `ready` is
 *          every key waiting, oldest first, for a sender that batches,
 *        settled(): after each answer (to redraw), backoff: a Backoff (3-60 s by default)}
 */
export function Outbox(opts) {
  this.storage = opts.storage;
  this.key = opts.key;
  this.connected = opts.connected || function () { return true; };
  this.sender = opts.send || null;
  this.settled = opts.settled || function () {};
  this.backoff = opts.backoff || new Backoff(3000, 60000, 1000);
  this.entries = this.storage.get(this.key, {}) || {};
  this.sending = false;
  this.timer = null;
}

const O = Outbox.prototype;

O.get = function (key) { return this.entries[key]; };
O.has = function (key) { return Object.prototype.hasOwnProperty.call(this.entries, key); };
O.keys = function () { return Object.keys(this.entries); };

/** Keep (or replace) the action under `key`; written at once. */
O.put = function (key, entry) {
  this.entries[key] = entry;
  this.save();
  return entry;
};

/** Forget `key`, only if it still holds `entry` when given (a newer edit made while the
    older one was on its way stays queued). Whether it was forgotten. */
O.remove = function (key, entry) {
  if (!this.has(key) || (entry !== undefined && this.entries[key] !== entry)) return false;
  delete this.entries[key];
  this.save();
  return true;
};

O.save = function () { this.storage.set(this.key, this.entries); };

/** Another tab of the same person changed the queue: take its version. */
O.reload = function () { this.entries = this.storage.get(this.key, {}) || {}; };

/** The keys to send, oldest first; a refused action waits for the person, not for a retry. */
O.ready = function () {
  const entries = this.entries;
  return Object.keys(entries).filter(function (k) { return !entries[k].error; })
    .sort(function (a, b) { return entries[a].at - entries[b].at; });
};

/** Send the queue one action at a time and in order (a save before its delete). After an
    answer asking for patience, wait (longer each time) and start again; after any other
    answer, go on with the next. */
O.flush = function () {
  if (this.sending || !this.sender || !this.connected()) return;
  const ready = this.ready();
  if (!ready.length) return;
  const self = this;
  const key = ready[0];
  this.sending = true;
  this.sender(key, this.entries[key], ready).then(function (answer) {
    self.sending = false;
    self.save();
    self.settled();
    if (isRetryable(answer)) self.retryLater();
    else self.flush();
  });
};

O.retryLater = function () {
  const self = this;
  clearTimeout(this.timer);
  this.timer = setTimeout(function () { self.flush(); }, this.backoff.next());
};

/** Back online: the next failure waits the shortest time again. */
O.online = function () { this.backoff.reset(); };
