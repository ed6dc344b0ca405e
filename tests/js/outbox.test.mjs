// static/js/outbox.js: which answers are sent again, and how long to wait between tries.
import {test} from "node:test";
import assert from "node:assert/strict";
import {load} from "./load.mjs";

const {RETRYABLE, isRetryable, Backoff} = await load("outbox.js");

test("a phone sending too fast is told 'not now', not 'no'", () => {
  assert.ok(RETRYABLE.includes("rate_limited"));
  assert.ok(isRetryable({ok: false, error: "rate_limited"}));
  for (const error of ["timeout", "offline", "unavailable"]) {
    assert.ok(isRetryable({ok: false, error}), error);
  }
});

test("a refusal of the action itself is not sent again", () => {
  for (const error of ["invalid", "forbidden", "not_found", "state", "too_long", "error"]) {
    assert.equal(isRetryable({ok: false, error}), false, error);
  }
  assert.equal(isRetryable({ok: true}), false);
  assert.equal(isRetryable(undefined), false);
});

test("the list cannot be changed by one page for the others", () => {
  assert.throws(() => { RETRYABLE.push("invalid"); });
});

test("waits double up to the ceiling, with the jitter on top, and start over after a success", () => {
  const backoff = new Backoff(3000, 30000, 1000);
  const waits = [0, 0, 0, 0, 0, 0].map(() => backoff.next(0));
  assert.deepEqual(waits, [3000, 6000, 12000, 24000, 30000, 30000]);
  assert.equal(backoff.next(0.5), 30500);
  backoff.reset();
  assert.equal(backoff.next(0), 3000);
  const jittered = new Backoff(1000, 1000, 1000).next();
  assert.ok(jittered >= 1000 && jittered <= 2000);
});
