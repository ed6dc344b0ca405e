/* The synthesis editor of one table and round: the table's shared notes grouped by tap
   (select, group, move, star, mark as duplicate) and the round's synthesis (key points,
   solutions with their tags). Used by the host's phone or tablet and by the console's
   "Help edit". Its two panes live beside it: the note board (note-board.js) and the
   synthesis fields (synthesis-fields.js), each field saved on its own (autosave.js). */
import {h, setText, announce} from "./dom.js";
import {errorText} from "./text.js";
import {store} from "./store.js";
import {newerSynthesis} from "./updates.js";
import {Outbox} from "./outbox.js";
import {showToast} from "./toast.js";
import {noteBoard} from "./note-board.js";
import {synthesisFields} from "./synthesis-fields.js";
import {autosave} from "./autosave.js";

/**
 * opts: {live, t, rules, myName, storeKey, announcer, where: null | {table, round}
 *        (the facilitator names the table and round of an addition), tableNotes: bool}
 */
export function SynthesisEditor(root, opts) {
  this.root = root;
  this.live = opts.live;
  this.t = opts.t;
  this.rules = opts.rules || {};
  this.myName = opts.myName || "";
  this.where = opts.where || null;
  this.announcer = opts.announcer;
  this.syn = null;
  this.extraNotes = null;   // the phone's table notes (fresher texts, authors), by note id
  this.selected = new Set();
  this.openMenu = null;
  this.fields = {};         // key -> field controller (see field())
  this.outbox = new Outbox({storage: store, key: opts.storeKey});  // field key -> {value, at}
  this.build();
  const self = this;
  this.live.socket.on("connect", function () { self.flushUnsent(); });
  root.addEventListener("click", function (e) { self.onClick(e); });
  root.addEventListener("change", function (e) { self.onChange(e); });
  root.addEventListener("input", function (e) { self.onInput(e); });
  root.addEventListener("focusout", function (e) { self.onBlur(e); });
  root.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && self.openMenu) {
      const id = self.openMenu;
      self.toggleMenu(id, false);
      const button = root.querySelector('[data-note="' + id + '"] .note-menu-btn');
      if (button) button.focus();
    }
  });
}

const P = SynthesisEditor.prototype;
// The panes' methods, one module each, share this editor's state (syn, selected, fields).
Object.assign(P, noteBoard, synthesisFields, autosave);

/* ---- Skeleton -------------------------------------------------------------------- */

P.build = function () {
  const uid = "syn" + Math.random().toString(36).slice(2, 7);
  this.uid = uid;
  this.root.textContent = "";
  this.root.classList.add("synthesis-editor");
  this.root.appendChild(h("div", {class: "syn-columns"}, [this.buildNotes(uid), this.buildWrite(uid)]));
};

/* ---- Data in ----------------------------------------------------------------------- */

/** The server's synthesis (an event, a snapshot or an acknowledgement). */
P.update = function (syn) {
  if (!syn || !newerSynthesis(this.syn, syn)) return;  // a late, older reading
  if (this.syn && (syn.table !== this.syn.table || syn.round !== this.syn.round)) {
    this.selected.clear();
    this.fields = {};
    this.build();
  }
  this.syn = syn;
  this.render();
};

/** The phone's live table notes (from `note` events): new notes show before the next
    synthesis, with their author. */
P.setTableNotes = function (notes) {
  const map = new Map();
  (notes || []).forEach(function (n) { if (n.id) map.set(n.id, n); });
  this.extraNotes = map;
  if (this.syn) this.render();
};

/** The notes the host organises: those held for review wait apart (renderHeld). */
P.notes = function () {
  return this.allNotes().filter(function (n) { return !n.held; });
};

P.allNotes = function () {
  const syn = this.syn;
  const byId = new Map();
  (syn.notes || []).forEach(function (n) { byId.set(n.id, Object.assign({}, n)); });
  if (this.extraNotes) {
    const extra = this.extraNotes;
    extra.forEach(function (n, id) {
      const known = byId.get(id);
      const held = n.state === "held";
      if (known) { known.text = n.text; known.held = held; if (n.author) known.author = n.author; }
      else byId.set(id, {id: id, text: n.text, author: n.author, held: held, cluster_id: null, starred: false, duplicate_of: null});
    });
    // A note its author deleted is gone from the table's notes before the synthesis says so.
    byId.forEach(function (n, id) { if (!extra.has(id)) byId.delete(id); });
  }
  return Array.from(byId.values()).sort(function (a, b) { return a.id - b.id; });
};

/* ---- Rendering ------------------------------------------------------------------------ */

P.render = function () {
  this.renderNotes();
  this.renderKeyPoints();
  this.renderSolutions();
};

P.onChange = function (e) {
  const target = e.target;
  const f = this.fieldOf(target);
  if (f && (f.kind === "note_ids" || target.tagName === "SELECT")) {
    f.dirty = true;
    this.save(f);
    if (f.kind === "note_ids") {
      const details = target.closest("details");
      setText(details.querySelector(".sol-notes-label"), this.t("field_note_ids") + " (" + f.value().length + ")");
    }
    return;
  }
  const act = target.dataset.act;
  const id = Number(target.dataset.id);
  if (act === "select") {
    if (target.checked) this.selected.add(id); else this.selected.delete(id);
    target.closest("li").classList.toggle("is-selected", target.checked);
    this.renderSelection();
  } else if (act === "move") {
    this.organise({note_id: id, cluster_id: target.value ? Number(target.value) : null});
  } else if (act === "duplicate") {
    this.organise({note_id: id, duplicate_of: target.value ? Number(target.value) : null});
  } else if (target === this.selBar.querySelector("select") && target.value) {
    const cluster = target.value === "none" ? null : Number(target.value);
    const self = this;
    const ids = Array.from(this.selected);
    target.value = "";
    this.selected.clear();
    ids.reduce(function (chain, noteId) {
      return chain.then(function () { return self.organise({note_id: noteId, cluster_id: cluster}); });
    }, Promise.resolve());
  }
};

P.onClick = function (e) {
  const button = e.target.closest("button[data-act]");
  if (!button || !this.root.contains(button)) {
    if (e.target.closest("[data-sel=clear]")) { this.selected.clear(); this.render(); }
    return;
  }
  const t = this.t;
  const act = button.dataset.act;
  const id = Number(button.dataset.id);
  const f = button.dataset.key ? this.fields[button.dataset.key] : null;
  const note = this.noteById ? this.noteById.get(id) : null;
  if (act === "release" || act === "return") this.request("note.review", {note_id: id, action: act});
  else if (act === "star" && note) this.organise({note_id: id, starred: !note.starred});
  else if (act === "menu") this.toggleMenu(id, this.openMenu !== id);
  else if (act === "keypoint" && note) { this.toggleMenu(id, false); this.request("key_point", this.at({action: "add", text: note.text})); }
  else if (act === "ungroup" && window.confirm(t("confirm_ungroup"))) this.request("cluster", {action: "delete", id: id});
  else if (act === "kp-delete" && window.confirm(t("confirm_remove_key_point"))) this.request("key_point", {action: "delete", id: id});
  else if (act === "sol-delete" && window.confirm(t("confirm_remove_solution"))) this.request("solution", {action: "delete", id: id});
  else if (act === "retry" && f) { f.refused = false; this.send(f); }
  else if (act === "theirs" && f) this.takeTheirs(f);
  else if (act === "mine" && f) { this.clearConflict(f); f.dirty = true; this.save(f); f.el.focus && f.el.focus(); }
};

/* ---- Requests --------------------------------------------------------------------------- */

/** The facilitator names the table and round of what they add; a host does not need to. */
P.at = function (payload) {
  if (this.where) { payload.table = this.where.table; payload.round = this.where.round; }
  else if (this.syn) payload.round = this.syn.round;
  return payload;
};

/** One structural change (add, delete, group): not retried on a timeout, since an
    addition sent twice would add twice; the truth comes back with the next synthesis. */
P.request = function (event, payload) {
  const self = this;
  if (!this.live.socket.connected) { announce(this.announcer, this.t("needs_connection")); showToast(this.t("needs_connection")); return Promise.resolve({ok: false}); }
  return this.live.emitWithAck(event, payload, 10000, 0).then(function (res) {
    if (res.ok && res.synthesis) self.update(res.synthesis);
    if (!res.ok) { announce(self.announcer, errorText(self.t, res)); showToast(errorText(self.t, res)); }
    return res;
  });
};

/** Grouping, starring or merging a note: each sets a value, so a retry is harmless. */
P.organise = function (payload) {
  const self = this;
  if (!this.live.socket.connected) { showToast(this.t("needs_connection")); return Promise.resolve({ok: false}); }
  return this.live.emitWithAck("note.organise", payload, 10000, 2).then(function (res) {
    if (res.ok && res.synthesis) self.update(res.synthesis);
    else if (!res.ok) { announce(self.announcer, errorText(self.t, res)); showToast(errorText(self.t, res)); }
    return res;
  });
};

P.addKeyPoint = function () {
  const area = this.kpForm.querySelector("textarea");
  const text = area.value.trim();
  if (!text) { area.focus(); return; }
  const self = this;
  area.value = "";  // cleared now: the next point may be typed while this one is sent
  this.request("key_point", this.at({action: "add", text: text})).then(function (res) {
    if (res.ok) announce(self.announcer, self.t("save_saved"));
    else if (!area.value) area.value = text;
  });
};

P.addSolution = function () {
  const input = this.solForm.querySelector("input");
  const title = input.value.trim();
  if (!title) { input.focus(); return; }
  const self = this;
  const ids = Array.from(this.selected);
  input.value = "";
  this.request("solution", this.at({action: "add", title: title, note_ids: ids})).then(function (res) {
    if (!res.ok) { if (!input.value) input.value = title; return; }
    self.selected.clear();
    self.render();
    // Straight on to the description of the new solution.
    const next = res.id && self.root.querySelector('[data-field="s:' + res.id + ':description"]');
    if (next && document.activeElement === input) next.focus();
  });
};

