// static/js/phone-notes.js: what the phone's list of notes shows, the queue laid over the
// server's notes.
import {test} from "node:test";
import assert from "node:assert/strict";
import {load} from "./load.mjs";

const {noteViews, noteStatus, isShared} = await load("phone-notes.js");
const t = (key, params) => key + (params ? " " + JSON.stringify(params) : "");

const server = new Map([
  ["a", {id: 1, text: "first", state: "private", round: 1}],
  ["b", {id: 2, text: "second", state: "shared", round: 1}],
]);

test("a note written offline shows on top, before the server has it", () => {
  const views = noteViews(server, {c: {op: "save", text: "offline", round: 1, at: 5}});
  assert.deepEqual(views.map((v) => v.key), ["c", "b", "a"]);
  assert.equal(views[0].id, null);
  assert.equal(views[0].state, "private");
});

test("an edit waiting in the queue shows its new text; a queued delete hides the note", () => {
  const views = noteViews(server, {a: {op: "save", text: "edited", at: 5}, b: {op: "delete", at: 6}});
  assert.deepEqual(views.map((v) => [v.key, v.text]), [["a", "edited"]]);
  assert.equal(views[0].pending.op, "save");
});

test("a queued share of a note the phone no longer knows shows nothing", () => {
  assert.deepEqual(noteViews(new Map(), {z: {op: "share", at: 1}}), []);
});

test("a note's status: refused, on its way, waiting for the connection, or as the server says", () => {
  const view = {key: "a", state: "private"};
  assert.equal(noteStatus(Object.assign({pending: {error: "too long"}}, view), t, true)[0], "failed");
  assert.equal(noteStatus(Object.assign({pending: {op: "save"}}, view), t, true)[0], "sending");
  assert.equal(noteStatus(Object.assign({pending: {op: "save"}}, view), t, false)[0], "pending");
  assert.equal(noteStatus({state: "shared", consolidated: true}, t, true)[0], "consolidated");
  assert.equal(noteStatus({state: "held"}, t, true)[0], "held");
  assert.equal(noteStatus({state: "private"}, t, true)[0], "saved");
});

test("a note waiting for the host's review is not offered for sharing again", () => {
  assert.ok(isShared({state: "held"}));
  assert.ok(isShared({state: "shared"}));
  assert.equal(isShared({state: "private"}), false);
});
