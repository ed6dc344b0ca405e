/* The DOM helpers every live screen uses: elements built without parsing HTML, text and
   visibility changed only when they differ, lists reconciled by key, the live region,
   the page's JSON blocks. Written for old phone browsers: ES2017, no optional chaining. */

/** The JSON block the server embedded under this id (pages carry no inline script). */
export function readJSON(id) {
  const el = document.getElementById(id);
  if (!el) return null;
  try { return JSON.parse(el.textContent); } catch (e) { return null; }
}

/** h("li", {class: "note", dataset: {id: 3}}, [child, "text"]) — text is never parsed as HTML. */
export function h(tag, attrs, children) {
  const el = document.createElement(tag);
  const a = attrs || {};
  Object.keys(a).forEach(function (name) {
    const value = a[name];
    if (value == null || value === false) return;
    if (name === "class") el.className = value;
    else if (name === "text") el.textContent = value;
    else if (name === "dataset") Object.keys(value).forEach(function (k) { el.dataset[k] = value[k]; });
    else if (name.slice(0, 2) === "on" && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, value);
  });
  (children || []).forEach(function (child) {
    if (child == null || child === false) return;
    el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return el;
}

/** Change text only when it differs, so screen readers and layout are left alone. */
export function setText(el, text) {
  const value = text == null ? "" : String(text);
  if (el && el.textContent !== value) el.textContent = value;
}

export function show(el, visible) {
  if (el) el.hidden = !visible;
}

/** Reconcile a container's children with `items` by key, reusing elements so that focus,
    an open <select> or a half-typed input survive a live update. */
export function syncList(container, items, keyOf, create, update) {
  const existing = new Map();
  Array.prototype.forEach.call(container.children, function (child) {
    existing.set(child.dataset.key, child);
  });
  let previous = null;
  items.forEach(function (item) {
    const key = String(keyOf(item));
    let el = existing.get(key);
    if (el) existing.delete(key);
    else { el = create(item); el.dataset.key = key; }
    update(el, item);
    const wanted = previous ? previous.nextSibling : container.firstChild;
    if (el !== wanted) container.insertBefore(el, wanted);
    previous = el;
  });
  existing.forEach(function (el) { el.remove(); });
}

/** Say something once in a live region; the same text twice in a row is said twice. */
export function announce(region, text) {
  if (!region || !text) return;
  region.textContent = "";
  setTimeout(function () { region.textContent = text; }, 60);
}

export function buzz(pattern) {
  try { if (navigator.vibrate) navigator.vibrate(pattern); } catch (e) { /* not allowed yet */ }
}

/** Run `callback` when the page comes back to the foreground (phone unlocked, tab shown). */
export function onResume(callback) {
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") callback();
  });
  window.addEventListener("pageshow", function (event) { if (event.persisted) callback(); });
}

/** Options of a <select>, rebuilt only when they change (an open picker stays open). */
export function fillSelect(select, options, value) {
  const signature = JSON.stringify(options);
  if (select.dataset.signature !== signature) {
    select.dataset.signature = signature;
    select.textContent = "";
    options.forEach(function (o) { select.appendChild(h("option", {value: o[0], text: o[1]})); });
  }
  if (document.activeElement !== select) select.value = value;
}
