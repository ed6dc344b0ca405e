// Loads a module of static/js as an ES module, whatever Node's version: the browser's files
// carry no package.json that would mark them as modules, so each file (and each of its
// relative imports, in turn) is handed to Node as a data: URL. Only modules that touch no
// DOM when imported can be loaded (the pages' entry points cannot).
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";

const STATIC_JS = fileURLToPath(new URL("../../static/js/", import.meta.url));
const urls = new Map();

function dataUrl(name) {
  if (!urls.has(name)) {
    const source = readFileSync(STATIC_JS + name, "utf8").replace(
      /(\bfrom\s*|\bimport\s*)"\.\/([\w-]+\.js)"/g,
      function (whole, keyword, dependency) { return keyword + JSON.stringify(dataUrl(dependency)); });
    urls.set(name, "data:text/javascript;charset=utf-8," + encodeURIComponent(source));
  }
  return urls.get(name);
}

export function load(name) {
  return import(dataUrl(name));
}
