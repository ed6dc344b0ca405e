// static/js/text.js and clock.js: the words and figures the live screens show.
import {test} from "node:test";
import assert from "node:assert/strict";
import {load} from "./load.mjs";

const {format, translator, errorText, phaseLabel, short} = await load("text.js");
const {formatClock, remainingSeconds, spokenDuration, median} = await load("clock.js");
const t = translator({error_forbidden: "Not allowed", error_unknown: "Something went wrong",
                      phase_discuss: "Discuss", stage_lobby: "Lobby",
                      minutes_one: "1 minute", minutes_many: "%(count)s minutes", seconds_many: "%(count)s s"});

test("placeholders are filled as the server's gettext strings write them", () => {
  assert.equal(format("Table %(number)s · %(name)s", {number: 3, name: "Terrace"}), "Table 3 · Terrace");
  assert.equal(format("%(missing)s stays", {}), "%(missing)s stays");
  assert.equal(t("not_a_key"), "not_a_key");
});

test("a refusal says the server's message, else the error's words, else a general one", () => {
  assert.equal(errorText(t, {ok: false, error: "forbidden", message: "Hosts only"}), "Hosts only");
  assert.equal(errorText(t, {ok: false, error: "forbidden"}), "Not allowed");
  assert.equal(errorText(t, {ok: false, error: "no_such_code"}), "Something went wrong");
});

test("a phase during rounds, the stage otherwise", () => {
  assert.equal(phaseLabel(t, {stage: "round", phase: "discuss"}), "Discuss");
  assert.equal(phaseLabel(t, {stage: "lobby"}), "Lobby");
  assert.equal(phaseLabel(t, null), "");
});

test("a long text is cut with an ellipsis, to the size asked", () => {
  assert.equal(short("abcdef", 4), "abc…");
  assert.equal(short("abc", 4), "abc");
  assert.equal(short(null, 4), "");
});

test("the countdown reads 00:00 only at the deadline, and a paused phase keeps its time", () => {
  assert.equal(formatClock(59.2), "01:00");
  assert.equal(formatClock(0.1), "00:01");
  assert.equal(formatClock(-3), "00:00");
  assert.equal(remainingSeconds({stage: "round", phase: "discuss", deadline: 10_000}, 4_000), 6);
  assert.equal(remainingSeconds({stage: "round", phase: "discuss", paused: true, remaining: 42, deadline: 1}, 9e9), 42);
  assert.equal(remainingSeconds({stage: "lobby"}, 0), null);
  assert.equal(spokenDuration(t, 61), "1 minute");
  assert.equal(spokenDuration(t, 150), "3 minutes");
  assert.equal(spokenDuration(t, 45), "45 s");
});

test("one slow answer does not move the clock: the median of the samples", () => {
  assert.equal(median([10, 12, 900]), 12);
  assert.equal(median([1, 3]), 2);
  assert.equal(median([]), 0);
});
