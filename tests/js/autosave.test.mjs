// static/js/autosave.js: when a field's text counts as unchanged.
import {test} from "node:test";
import assert from "node:assert/strict";
import {load} from "./load.mjs";

const {clean, sameIds} = await load("autosave.js");

test("a title that differs only by spaces is the same title, as the server stores it", () => {
  assert.equal(clean("title", "  Faster   onboarding \n"), "Faster onboarding");
  assert.equal(clean("title", null), "");
});

test("descriptions and key points keep their lines", () => {
  assert.equal(clean("description", " one\ntwo \n"), "one\ntwo");
  assert.equal(clean("key_point", "a\n\nb"), "a\n\nb");
});

test("the notes a solution comes from are compared as a set", () => {
  assert.ok(sameIds([3, 1, 2], [1, 2, 3]));
  assert.ok(sameIds(null, []));
  assert.equal(sameIds([1], [1, 2]), false);
});
