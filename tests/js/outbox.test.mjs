// static/js/outbox.js: which answers are sent again, how long to wait between tries, and
// the outbox that keeps actions on the device until the server has acknowledged them.
import {test} from "node:test";
import assert from "node:assert/strict";
import {load} from "./load.mjs";

const {RETRYABLE, isRetryable, Backoff, Outbox} = await load("outbox.js");

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

/** localStorage as the pages use it (store.js), in memory, values kept as JSON. */
function memoryStorage(initial) {
  const data = new Map(Object.entries(initial || {}).map(([k, v]) => [k, JSON.stringify(v)]));
  return {
    get: (key, fallback) => (data.has(key) ? JSON.parse(data.get(key)) : fallback),
    set: (key, value) => { data.set(key, JSON.stringify(value)); return true; },
    raw: (key) => (data.has(key) ? JSON.parse(data.get(key)) : undefined),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

test("what was queued before a reload is still there, and every change is kept", () => {
  const storage = memoryStorage({q: {a: {op: "save", text: "hello", at: 1}}});
  const outbox = new Outbox({storage, key: "q"});
  assert.equal(outbox.get("a").text, "hello");
  outbox.put("b", {op: "delete", at: 2});
  assert.deepEqual(Object.keys(storage.raw("q")).sort(), ["a", "b"]);
  outbox.remove("a");
  assert.deepEqual(Object.keys(storage.raw("q")), ["b"]);
});

test("an answer to an older edit does not forget the newer one made meanwhile", () => {
  const outbox = new Outbox({storage: memoryStorage(), key: "q"});
  const older = outbox.put("k", {value: "one", at: 1});
  const newer = outbox.put("k", {value: "two", at: 2});
  assert.equal(outbox.remove("k", older), false);
  assert.equal(outbox.get("k"), newer);
  assert.equal(outbox.remove("k", newer), true);
  assert.equal(outbox.has("k"), false);
});

test("actions go one at a time, oldest first, and refused ones wait for the person", async () => {
  const sent = [];
  const outbox = new Outbox({
    storage: memoryStorage(), key: "q",
    send: (key) => { sent.push(key); outbox.remove(key); return Promise.resolve({ok: true}); },
  });
  outbox.put("late", {at: 3});
  outbox.put("first", {at: 1});
  outbox.put("refused", {at: 2, error: "too long"});
  outbox.flush();
  outbox.flush();  // already sending: no second request in parallel
  await settle();
  assert.deepEqual(sent, ["first", "late"]);
  assert.deepEqual(outbox.keys(), ["refused"]);
});

test("nothing is sent offline, and a batching sender sees every waiting key", async () => {
  let online = false;
  const calls = [];
  const outbox = new Outbox({
    storage: memoryStorage(), key: "q", connected: () => online,
    send: (key, entry, ready) => {
      calls.push(ready.slice());
      ready.forEach((k) => outbox.remove(k));
      return Promise.resolve({ok: true});
    },
  });
  outbox.put("a", {at: 1});
  outbox.put("b", {at: 2});
  outbox.flush();
  await settle();
  assert.deepEqual(calls, []);
  online = true;
  outbox.flush();
  await settle();
  assert.deepEqual(calls, [["a", "b"]]);
});

test("an answer asking for patience is sent again after the backoff, not at once", async () => {
  const answers = [{ok: false, error: "rate_limited"}, {ok: false, error: "timeout"}, {ok: true}];
  const times = [];
  let settled = 0;
  const outbox = new Outbox({
    storage: memoryStorage(), key: "q", backoff: new Backoff(20, 40, 0),
    settled: () => { settled += 1; },
    send: (key) => {
      times.push(Date.now());
      const answer = answers.shift();
      if (answer.ok) outbox.remove(key);
      return Promise.resolve(answer);
    },
  });
  outbox.put("n", {at: 1});
  outbox.flush();
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(times.length, 3);
  assert.equal(settled, 3);
  assert.ok(times[1] - times[0] >= 18, "first wait " + (times[1] - times[0]));
  assert.ok(times[2] - times[1] >= 38, "second wait doubles " + (times[2] - times[1]));
  assert.equal(outbox.has("n"), false);
});

test("a refusal does not stop the queue: the next action goes at once", async () => {
  const sent = [];
  const outbox = new Outbox({
    storage: memoryStorage(), key: "q", backoff: new Backoff(10000, 10000, 0),
    send: (key, entry) => {
      sent.push(key);
      if (key === "bad") entry.error = "refused"; else outbox.remove(key);
      return Promise.resolve(key === "bad" ? {ok: false, error: "invalid"} : {ok: true});
    },
  });
  outbox.put("bad", {at: 1});
  outbox.put("good", {at: 2});
  outbox.flush();
  await settle();
  assert.deepEqual(sent, ["bad", "good"]);
  assert.equal(outbox.get("bad").error, "refused");
});

test("another tab's version of the queue replaces this one's", () => {
  const storage = memoryStorage();
  const mine = new Outbox({storage, key: "q"});
  const theirs = new Outbox({storage, key: "q"});
  theirs.put("x", {at: 1});
  assert.equal(mine.has("x"), false);
  mine.reload();
  assert.equal(mine.has("x"), true);
});
