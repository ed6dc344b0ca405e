/* Autosave of the synthesis editor's fields (group titles, key points, solutions): 600 ms
   after typing stops and on blur; an edit not yet acknowledged waits in the outbox
   (localStorage) and is sent on reconnect; its state (saving, saved, queued, failed) is
   shown beside it. A `synthesis` from the server never overwrites the field being edited:
   if someone else changed it meanwhile, the field says who and offers their version.
   Methods of SynthesisEditor (synthesis.js); clean and sameIds are pure. */
import {h, setText, show, announce} from "./dom.js";
import {errorText, short} from "./text.js";
import {isRetryable} from "./outbox.js";

const DEBOUNCE_MS = 600;
const MULTILINE = {description: true, key_point: true};

/** What the server stores for a text (synthesis._clean): lines kept in descriptions and
    key points, whitespace collapsed elsewhere. Two texts that clean alike are the same. */
export function clean(kind, value) {
  const text = String(value == null ? "" : value);
  return MULTILINE[kind] ? text.trim() : text.split(/\s+/).filter(Boolean).join(" ");
}

export function sameIds(a, b) {
  return (a || []).slice().sort().join(",") === (b || []).slice().sort().join(",");
}

const P = {};

P.statusEls = function (key) {
  return h("div", {class: "field-status", dataset: {for: key}}, [
    h("span", {class: "save-state", "aria-live": "polite"}),
    h("button", {type: "button", class: "btn small link-btn", "data-act": "retry", "data-key": key, hidden: true, text: this.t("retry")}),
    h("div", {class: "conflict", hidden: true, role: "status"}, [
      h("p", {class: "conflict-who"}), h("p", {class: "conflict-text"}),
      h("button", {type: "button", class: "btn small secondary", "data-act": "theirs", "data-key": key, text: this.t("take_theirs")}),
      h("button", {type: "button", class: "btn small link-btn", "data-act": "mine", "data-key": key, text: this.t("keep_mine")}),
    ]),
  ]);
};

/** The controller of one editable field, made once per key. */
P.field = function (key, el, kind) {
  let f = this.fields[key];
  if (!f || f.el !== el) {
    f = this.fields[key] = {key: key, el: el, kind: kind, base: null, inflight: null, again: false,
                            timer: null, dirty: false, conflictValue: null, state: ""};
    const self = this;
    f.value = function () {
      if (kind === "note_ids") {
        return Array.prototype.filter.call(el.querySelectorAll("input:checked"), function () { return true; })
          .map(function (i) { return Number(i.value); });
      }
      return el.value;
    };
    // Found from the field itself: on a first render it is not in the page yet.
    f.statusRoot = function () {
      const box = el.closest(".sol-field, .kp, .cluster, .sol-notes");
      return box ? box.querySelector('.field-status[data-for="' + key + '"]') : null;
    };
    // An edit kept from before a reload or a lost connection.
    if (this.outbox.has(key)) { f.dirty = true; f.restored = this.outbox.get(key).value; }
  }
  return f;
};

P.syncField = function (key, el, remote, by, kind) {
  if (!el) return;
  const f = this.field(key, el, kind);
  const value = remote == null ? "" : String(remote);
  f.server = value;
  if (f.restored != null) {
    // Put back what was typed offline; it is sent once connected.
    el.value = f.restored;
    f.restored = null;
    f.base = value;
    this.setState(f, this.live.socket.connected ? "saving" : "queued");
    this.flushUnsent();
    return;
  }
  const editing = document.activeElement === el || f.dirty || f.inflight != null || f.timer;
  if (!editing) {
    if (el.value !== value) {
      el.value = value;
      if (f.base !== null) flash(el);
      grow(el);
    } else if (f.base === null) grow(el);
    f.base = value;
    this.clearConflict(f);
    return;
  }
  const mine = clean(kind, el.value);
  const incoming = clean(kind, value);
  if (incoming === mine) { f.base = value; this.clearConflict(f); return; }
  if (f.inflight != null && incoming === clean(kind, f.inflight)) { f.base = value; return; }  // my own echo
  if (f.base !== null && incoming !== clean(kind, f.base)) {
    f.base = value;
    this.conflict(f, value, by);
  }
};

/** Textareas grow with their text, so a key point is read whole, not scrolled. */
function grow(el) {
  if (el.tagName !== "TEXTAREA") return;
  requestAnimationFrame(function () {
    el.style.height = "auto";
    el.style.height = Math.max(el.scrollHeight + 2, 44) + "px";
  });
}

function flash(el) {
  const target = el.closest(".sol-field, .kp, .cluster") || el;
  target.classList.remove("is-updated");
  void target.offsetWidth;  // restart the animation
  target.classList.add("is-updated");
}

P.conflict = function (f, value, by) {
  const root = f.statusRoot();
  if (!root) return;
  f.conflictValue = value;
  const box = root.querySelector(".conflict");
  const t = this.t;
  const who = by && by === this.myName ? t("edited_elsewhere") : t("edited_by", {name: by || "?"});
  setText(box.querySelector(".conflict-who"), who);
  const shown = Array.isArray(value) ? value.map(function (id) { return "#" + id; }).join(", ") : short(value, 140);
  setText(box.querySelector(".conflict-text"), t("their_version", {text: shown}));
  show(box, true);
};

P.clearConflict = function (f) {
  f.conflictValue = null;
  const root = f.statusRoot();
  if (root) show(root.querySelector(".conflict"), false);
};

P.setState = function (f, state, message) {
  const root = f.statusRoot();
  if (!root) return;
  f.state = state;
  root.dataset.state = state;
  const t = this.t;
  const text = state === "saving" ? t("save_saving") : state === "saved" ? t("save_saved")
    : state === "queued" ? t("save_queued") : state === "failed" ? t("save_failed", {message: message || ""}) : "";
  setText(root.querySelector(".save-state"), text);
  show(root.querySelector("[data-act=retry]"), state === "failed");
  clearTimeout(f.stateTimer);
  if (state === "saved") {
    const self = this;
    f.stateTimer = setTimeout(function () { if (f.state === "saved") self.setState(f, ""); }, 2500);
  }
};

/** Queue the field's value (kept across reloads) and send it. */
P.save = function (f) {
  clearTimeout(f.timer);
  f.timer = null;
  // Someone else changed this field meanwhile: nothing is sent until the host chooses
  // (theirs or mine), so neither text is overwritten unseen. What is typed stays here.
  if (f.conflictValue != null) return;
  const value = f.value();
  const unchanged = f.kind === "note_ids" ? sameIds(value, f.base) : clean(f.kind, value) === clean(f.kind, f.base);
  if (unchanged && !this.outbox.has(f.key)) { f.dirty = false; return; }
  this.outbox.put(f.key, {value: value, at: Date.now()});
  if (f.inflight != null) { f.again = true; return; }
  this.send(f);
};

P.payloadFor = function (key, value) {
  const parts = key.split(":");
  const id = Number(parts[1]);
  if (parts[0] === "k") return ["key_point", {action: "update", id: id, text: value}];
  if (parts[0] === "c") return ["cluster", {action: "rename", id: id, title: value}];
  return ["solution", {action: "update", id: id, field: parts[2], value: value}];
};

P.send = function (f) {
  const self = this;
  const entry = this.outbox.get(f.key);
  if (!entry) return;
  if (!this.live.socket.connected) { this.setState(f, "queued"); return; }
  const request = this.payloadFor(f.key, entry.value);
  f.inflight = entry.value;
  this.setState(f, "saving");
  // An update sets a value: sending it twice is harmless, so a timeout may be retried.
  this.live.emitWithAck(request[0], request[1], 10000, 2).then(function (res) {
    const sent = f.inflight;
    f.inflight = null;
    if (res.ok) {
      self.outbox.remove(f.key, entry);
      f.base = Array.isArray(sent) ? sent.slice() : clean(f.kind, sent);
      f.server = f.base;
      f.dirty = self.outbox.has(f.key);
      self.setState(f, "saved");
      if (res.synthesis) self.update(res.synthesis);
    } else if (res.error === "not_found") {
      self.outbox.remove(f.key);
      f.dirty = false;
    } else if (isRetryable(res)) {
      self.setState(f, self.live.socket.connected ? "failed" : "queued", errorText(self.t, res));
    } else {
      f.refused = true;  // not sent again by itself: the host sees why and may retry
      self.setState(f, "failed", errorText(self.t, res));
      announce(self.announcer, errorText(self.t, res));
    }
    if (f.again) { f.again = false; if (self.outbox.has(f.key) && self.outbox.get(f.key) !== entry) self.send(f); }
  });
};

/** Everything typed offline (or refused for a passing reason), once connected. */
P.flushUnsent = function () {
  const self = this;
  if (!this.live.socket.connected) return;
  this.outbox.keys().forEach(function (key) {
    const f = self.fields[key];
    if (f && f.inflight == null && !f.refused) self.send(f);
    else if (!f) {
      // The field is not on screen (another round, or deleted): send it anyway.
      const entry = self.outbox.get(key);
      const request = self.payloadFor(key, entry.value);
      self.live.emitWithAck(request[0], request[1], 10000, 2).then(function (res) {
        if (res.ok || res.error === "not_found" || res.error === "forbidden") self.outbox.remove(key, entry);
      });
    }
  });
};

P.fieldOf = function (el) {
  const holder = el.closest("[data-field]");
  if (!holder || !this.root.contains(holder)) return null;
  return this.fields[holder.dataset.field] || null;
};

P.onInput = function (e) {
  const f = this.fieldOf(e.target);
  if (!f || f.kind === "note_ids" || e.target.tagName === "SELECT") return;
  const self = this;
  grow(e.target);
  f.dirty = true;
  f.refused = false;
  if (f.state === "saved") this.setState(f, "");
  clearTimeout(f.timer);
  f.timer = setTimeout(function () { self.save(f); }, DEBOUNCE_MS);
};

P.onBlur = function (e) {
  const f = this.fieldOf(e.target);
  if (f && f.kind !== "note_ids" && (f.dirty || f.timer)) this.save(f);
};

P.takeTheirs = function (f) {
  clearTimeout(f.timer);
  f.timer = null;
  const value = f.conflictValue;
  if (f.kind === "note_ids") {
    Array.prototype.forEach.call(f.el.querySelectorAll("input"), function (i) { i.checked = value.indexOf(Number(i.value)) >= 0; });
  } else {
    f.el.value = value == null ? "" : value;
  }
  f.base = value;
  f.dirty = false;
  this.outbox.remove(f.key);
  this.clearConflict(f);
  this.setState(f, "");
  // My own save may have landed after theirs: then theirs is written back.
  const server = f.server;
  const differs = f.kind === "note_ids" ? !sameIds(server || [], value || []) : clean(f.kind, server) !== clean(f.kind, value);
  if (differs) { f.base = server; f.dirty = true; this.save(f); }
  if (f.el.focus) f.el.focus();
};

export const autosave = P;
