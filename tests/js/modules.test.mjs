// Every part of static/js (a file that exports) links: each name it imports exists in the
// module it names, and importing it touches no DOM. The pages' entry points (no exports)
// are left to the browser tests.
import {test} from "node:test";
import assert from "node:assert/strict";
import {readdirSync, readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {load} from "./load.mjs";

const STATIC_JS = fileURLToPath(new URL("../../static/js/", import.meta.url));
const parts = readdirSync(STATIC_JS).filter((name) => name.endsWith(".js")
  && /^export /m.test(readFileSync(STATIC_JS + name, "utf8")));

test("the parts are found", () => {
  for (const name of ["outbox.js", "dom.js", "socket.js", "clock.js", "toast.js", "synthesis.js"]) {
    assert.ok(parts.includes(name), name);
  }
});

for (const name of parts) {
  test(name + " links", async () => {
    const module = await load(name);
    assert.ok(Object.keys(module).length > 0);
  });
}
