/* What every script that sends actions over the socket agrees on: which answers mean "not
   now" (send the same action again later) rather than "no", and how long to wait before
   the next try. Pure, no DOM and no socket: tests/js/outbox.test.mjs runs it under Node.
   vote.js uses it; the queues of phone.js and synthesis.js still hold their own copy of
   the list (they move here with the front-end split of issue #19). */

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
