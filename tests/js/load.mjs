// Loads a pure module of static/js (one with no import of its own) as an ES module, whatever
// Node's version: the browser's files carry no package.json that would mark them as modules.
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";

const STATIC_JS = fileURLToPath(new URL("../../static/js/", import.meta.url));

export function load(name) {
  const source = readFileSync(STATIC_JS + name, "utf8");
  return import("data:text/javascript;charset=utf-8," + encodeURIComponent(source));
}
