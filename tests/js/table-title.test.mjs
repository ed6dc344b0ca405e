// static/js/text.js: a table's title on the console and the projector.
import {test} from "node:test";
import assert from "node:assert/strict";
import {load} from "./load.mjs";

const {tableTitle, translator} = await load("text.js");
const t = translator({table_number: "Table %(number)s", table_number_name: "Table %(number)s · %(name)s"});

test("a table keeping its default name is titled once, not 'Table 1 · Table 1'", () => {
  assert.equal(tableTitle(t, 1, "Table 1"), "Table 1");
  assert.equal(tableTitle(t, 4, " table 4 "), "Table 4");
  assert.equal(tableTitle(t, 3, ""), "Table 3");
});

test("a table with a name of its own shows both", () => {
  assert.equal(tableTitle(t, 2, "Terrasse"), "Table 2 · Terrasse");
  assert.equal(tableTitle(t, 5, "Table 1"), "Table 5 · Table 1");
});
