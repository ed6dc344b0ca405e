/* The synthesis editor of one table and round: the table's shared notes grouped by tap
   (select, group, move, star, mark as duplicate) and the round's synthesis (key points,
   solutions with their tags). Used by the host's phone or tablet and by the console's
   "Help edit". Every text field autosaves on its own (600 ms after typing stops, and on
   blur); an edit not yet acknowledged waits in localStorage and is sent on reconnect.
   A `synthesis` from the server never overwrites the field being edited: if someone else
   changed it meanwhile, the field says who and offers their version. */
import {h, setText, show, syncList, announce, store, errorText, newerSynthesis} from "./live-common.js";

const DEBOUNCE_MS = 600;
const RETRYABLE = ["timeout", "offline", "unavailable", "rate_limited"];
const MULTILINE = {description: true, key_point: true};
const TAGS = ["irritant", "stage", "work_stream"];

/** What the server stores for a text (synthesis._clean): lines kept in descriptions and
    key points, whitespace collapsed elsewhere. Two texts that clean alike are the same. */
function clean(kind, value) {
  const text = String(value == null ? "" : value);
  return MULTILINE[kind] ? text.trim() : text.split(/\s+/).filter(Boolean).join(" ");
}

function sameIds(a, b) {
  return (a || []).slice().sort().join(",") === (b || []).slice().sort().join(",");
}

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
  this.storeKey = opts.storeKey;
  this.syn = null;
  this.extraNotes = null;   // the phone's table notes (fresher texts, authors), by note id
  this.selected = new Set();
  this.openMenu = null;
  this.fields = {};         // key -> field controller (see field())
  this.unsent = store.get(this.storeKey, {}) || {};
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

/* ---- Skeleton -------------------------------------------------------------------- */

P.build = function () {
  const t = this.t;
  const self = this;
  const uid = "syn" + Math.random().toString(36).slice(2, 7);
  this.uid = uid;
  this.root.textContent = "";
  this.root.classList.add("synthesis-editor");

  // Notes: selection bar, not grouped, groups.
  this.selBar = h("div", {class: "sel-bar", hidden: true}, [
    h("p", {class: "sel-count", "aria-live": "polite"}),
    h("form", {class: "sel-group"}, [
      h("label", {for: uid + "-group", class: "sr-only", text: t("group_title_label")}),
      h("input", {id: uid + "-group", type: "text", maxlength: this.rules.cluster_title_max || 120,
                  placeholder: t("group_title_placeholder"), autocomplete: "off"}),
      h("button", {type: "submit", class: "btn small primary", text: t("group")}),
    ]),
    h("div", {class: "sel-move"}, [
      h("label", {for: uid + "-move", class: "sr-only", text: t("move_selected_to")}),
      h("select", {id: uid + "-move"}),
      h("button", {type: "button", class: "btn small link-btn", "data-sel": "clear", text: t("clear_selection")}),
    ]),
  ]);
  this.loose = h("ul", {class: "host-note-list", "aria-label": t("not_grouped")});
  this.looseHead = h("h4", {class: "group-head-title", text: t("not_grouped")});
  this.clusters = h("div", {class: "cluster-list"});
  this.notesEmpty = h("p", {class: "muted", text: t("table_notes_empty")});
  // Notes held for review (workshops that hold notes): the table sees them once let through.
  this.heldList = h("ul", {class: "host-note-list held-list", "aria-labelledby": uid + "-held"});
  this.heldBox = h("div", {class: "held-group", hidden: true}, [
    h("h4", {id: uid + "-held", class: "group-head-title"}, [t("held_title") + " ", h("span", {class: "count"})]),
    h("p", {class: "hint", text: t("held_hint")}),
    this.heldList,
  ]);
  this.notesCount = h("span", {class: "count"});
  const notesPane = h("section", {class: "syn-pane syn-notes", "aria-labelledby": uid + "-notes"}, [
    h("h3", {id: uid + "-notes"}, [t("host_notes_title") + " ", this.notesCount]),
    h("p", {class: "hint", text: t("host_notes_hint")}),
    this.heldBox,
    this.notesEmpty,
    h("div", {class: "loose-group"}, [this.looseHead, this.loose]),
    this.buildSuggestions(uid),
    this.clusters,
    this.selBar,
  ]);

  // Synthesis: key points, solutions.
  this.kpList = h("ol", {class: "kp-list"});
  this.kpEmpty = h("p", {class: "muted", text: t("no_key_points")});
  this.kpForm = h("form", {class: "add-form kp-add"}, [
    h("label", {for: uid + "-kp", text: t("key_point_new")}),
    h("div", {class: "add-row"}, [
      h("textarea", {id: uid + "-kp", rows: 2, maxlength: this.rules.key_point_max || 500,
                     placeholder: t("key_point_placeholder")}),
      h("button", {type: "submit", class: "btn primary", text: t("add")}),
    ]),
  ]);
  this.solList = h("div", {class: "sol-list"});
  this.solEmpty = h("p", {class: "muted", text: t("no_solutions")});
  this.solForm = h("form", {class: "add-form sol-add"}, [
    h("label", {for: uid + "-sol", text: t("solution_new")}),
    h("div", {class: "add-row"}, [
      h("input", {id: uid + "-sol", type: "text", maxlength: (this.rules.solution_max || {}).title || 160,
                  placeholder: t("solution_placeholder"), autocomplete: "off"}),
      h("button", {type: "submit", class: "btn primary", text: t("add")}),
    ]),
    h("p", {class: "hint sol-from", hidden: true}),
  ]);
  const synPane = h("section", {class: "syn-pane syn-write", "aria-labelledby": uid + "-syn"}, [
    h("h3", {id: uid + "-syn", text: t("synthesis_title")}),
    h("h4", {text: t("key_points_title")}),
    this.kpList, this.kpEmpty, this.kpForm,
    h("h4", {text: t("solutions_title")}),
    this.solList, this.solEmpty, this.solForm,
  ]);
  this.root.appendChild(h("div", {class: "syn-columns"}, [notesPane, synPane]));

  this.selBar.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); self.groupSelection(); });
  this.kpForm.addEventListener("submit", function (e) { e.preventDefault(); self.addKeyPoint(); });
  this.solForm.addEventListener("submit", function (e) { e.preventDefault(); self.addSolution(); });
  this.kpForm.querySelector("textarea").addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); self.addKeyPoint(); }
  });
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
  const self = this;
  const t = this.t;
  const notes = this.notes();
  this.renderHeld(this.allNotes().filter(function (n) { return n.held; }));
  const ids = new Set(notes.map(function (n) { return n.id; }));
  this.selected.forEach(function (id) { if (!ids.has(id)) self.selected.delete(id); });
  this.noteById = new Map(notes.map(function (n) { return [n.id, n]; }));
  const clusters = this.syn.clusters || [];
  setText(this.notesCount, notes.length);
  show(this.notesEmpty, notes.length === 0);
  const loose = notes.filter(function (n) { return !n.cluster_id || !clusters.some(function (c) { return c.id === n.cluster_id; }); });
  show(this.loose.parentNode, loose.length > 0 && notes.length > 0);
  show(this.looseHead, clusters.length > 0);
  this.renderNoteList(this.loose, loose);
  syncList(this.clusters, clusters, function (c) { return c.id; }, function (c) {
    const inputId = self.uid + "-c" + c.id;
    const box = h("section", {class: "cluster"}, [
      h("div", {class: "cluster-head"}, [
        h("label", {for: inputId, class: "sr-only", text: t("cluster_title_label")}),
        h("input", {id: inputId, type: "text", class: "cluster-title", maxlength: self.rules.cluster_title_max || 120,
                    autocomplete: "off", "data-field": "c:" + c.id}),
        h("span", {class: "count cluster-count"}),
        h("button", {type: "button", class: "btn small link-btn", "data-act": "ungroup", "data-id": c.id, text: t("ungroup")}),
      ]),
      self.statusEls("c:" + c.id),
      h("ul", {class: "host-note-list"}),
    ]);
    return box;
  }, function (box, c) {
    const mine = notes.filter(function (n) { return n.cluster_id === c.id; });
    setText(box.querySelector(".cluster-count"), t("cluster_count", {count: mine.length}));
    self.syncField("c:" + c.id, box.querySelector(".cluster-title"), c.title, null, "title");
    self.renderNoteList(box.querySelector("ul"), mine);
  });
  this.renderSelection();
  this.renderKeyPoints();
  this.renderSolutions();
};

P.renderHeld = function (held) {
  const t = this.t;
  show(this.heldBox, held.length > 0);
  setText(this.heldBox.querySelector(".count"), held.length);
  syncList(this.heldList, held, function (n) { return n.id; }, function (n) {
    return h("li", {class: "host-note is-held", dataset: {note: n.id}}, [
      h("p", {class: "note-body"}, [h("span", {class: "note-text"}), h("span", {class: "note-meta"})]),
      h("div", {class: "note-tools"}, [
        h("button", {type: "button", class: "btn small primary", "data-act": "release", "data-id": n.id, text: t("let_through")}),
        h("button", {type: "button", class: "btn small secondary", "data-act": "return", "data-id": n.id,
                     "aria-label": t("send_back_label"), text: t("send_back")}),
      ]),
    ]);
  }, function (li, n) {
    setText(li.querySelector(".note-text"), n.text);
    setText(li.querySelector(".note-meta"), n.author ? t("by_author", {name: n.author}) : "");
  });
};

P.renderNoteList = function (ul, notes) {
  const self = this;
  const t = this.t;
  syncList(ul, notes, function (n) { return n.id; }, function (n) {
    const boxId = self.uid + "-n" + n.id;
    return h("li", {class: "host-note", dataset: {note: n.id}}, [
      h("input", {type: "checkbox", id: boxId, class: "note-check", "data-act": "select", "data-id": n.id}),
      h("label", {for: boxId, class: "note-body"}, [
        h("span", {class: "note-text"}), h("span", {class: "note-meta"}),
      ]),
      h("div", {class: "note-tools"}, [
        h("button", {type: "button", class: "btn small secondary star-btn", "data-act": "star", "data-id": n.id, "aria-pressed": "false"}),
        h("button", {type: "button", class: "btn small secondary note-menu-btn", "data-act": "menu", "data-id": n.id,
                     "aria-expanded": "false", "aria-controls": boxId + "-menu", "aria-label": t("note_menu_label"), text: "⋯"}),
      ]),
      h("div", {class: "note-menu", id: boxId + "-menu", hidden: true}, [
        h("label", {for: boxId + "-mv", text: t("move_to_group")}),
        h("select", {id: boxId + "-mv", "data-act": "move", "data-id": n.id}),
        h("label", {for: boxId + "-dup", text: t("duplicate_of")}),
        h("select", {id: boxId + "-dup", "data-act": "duplicate", "data-id": n.id}),
        h("button", {type: "button", class: "btn small secondary", "data-act": "keypoint", "data-id": n.id, text: t("as_key_point")}),
      ]),
    ]);
  }, function (li, n) { self.updateNote(li, n); });
};

P.updateNote = function (li, n) {
  const t = this.t;
  const selected = this.selected.has(n.id);
  const original = n.duplicate_of ? this.noteById.get(n.duplicate_of) : null;
  const dupes = this.notes().filter(function (o) { return o.duplicate_of === n.id; }).length;
  li.classList.toggle("is-selected", selected);
  li.classList.toggle("is-starred", !!n.starred);
  li.classList.toggle("is-duplicate", !!n.duplicate_of);
  li.querySelector(".note-check").checked = selected;
  setText(li.querySelector(".note-text"), n.text);
  const meta = [];
  if (n.starred) meta.push("★ " + t("starred"));
  if (original) meta.push(t("duplicate_tag", {text: short(original.text, 40)}));
  if (dupes) meta.push(t("duplicates_count", {count: dupes}));
  if (n.author) meta.push(t("by_author", {name: n.author}));
  setText(li.querySelector(".note-meta"), meta.join(" · "));
  const star = li.querySelector(".star-btn");
  star.setAttribute("aria-pressed", n.starred ? "true" : "false");
  setText(star, (n.starred ? "★ " : "☆ ") + t(n.starred ? "unstar" : "star"));
  const open = this.openMenu === n.id;
  show(li.querySelector(".note-menu"), open);
  li.querySelector(".note-menu-btn").setAttribute("aria-expanded", open ? "true" : "false");
  if (open) this.fillMenu(li, n);
};

function short(text, size) {
  const s = String(text || "");
  return s.length > size ? s.slice(0, size - 1) + "…" : s;
}

/** Options of a <select>, rebuilt only when they change (an open picker stays open). */
function fillSelect(select, options, value) {
  const signature = JSON.stringify(options);
  if (select.dataset.signature !== signature) {
    select.dataset.signature = signature;
    select.textContent = "";
    options.forEach(function (o) { select.appendChild(h("option", {value: o[0], text: o[1]})); });
  }
  if (document.activeElement !== select) select.value = value;
}

P.fillMenu = function (li, n) {
  const t = this.t;
  fillSelect(li.querySelector("[data-act=move]"), [["", t("no_group")]].concat((this.syn.clusters || []).map(function (c) {
    return [String(c.id), c.title || "…"];
  })), n.cluster_id ? String(n.cluster_id) : "");
  fillSelect(li.querySelector("[data-act=duplicate]"), [["", t("not_duplicate")]].concat(this.notes().filter(function (o) {
    return o.id !== n.id && !o.duplicate_of;
  }).map(function (o) { return [String(o.id), short(o.text, 60)]; })), n.duplicate_of ? String(n.duplicate_of) : "");
};

P.renderSelection = function () {
  const count = this.selected.size;
  show(this.selBar, count > 0);
  setText(this.selBar.querySelector(".sel-count"), this.t("selected_count", {count: count}));
  const t = this.t;
  fillSelect(this.selBar.querySelector("select"), [["", t("move_selected_to") + "…"], ["none", t("no_group")]].concat(
    (this.syn.clusters || []).map(function (c) { return [String(c.id), c.title || "…"]; })), "");
  const from = this.solForm.querySelector(".sol-from");
  setText(from, t("solution_from_selection", {count: count}));
  show(from, count > 0);
};

P.renderKeyPoints = function () {
  const self = this;
  const t = this.t;
  const points = this.syn.key_points || [];
  show(this.kpEmpty, points.length === 0);
  syncList(this.kpList, points, function (p) { return p.id; }, function (p) {
    const id = self.uid + "-kp" + p.id;
    return h("li", {class: "kp"}, [
      h("label", {for: id, class: "sr-only"}),
      h("div", {class: "kp-row"}, [
        h("textarea", {id: id, rows: 2, maxlength: self.rules.key_point_max || 500, "data-field": "k:" + p.id}),
        h("button", {type: "button", class: "btn small link-btn", "data-act": "kp-delete", "data-id": p.id, text: t("remove")}),
      ]),
      self.statusEls("k:" + p.id),
    ]);
  }, function (li, p) {
    const index = points.indexOf(p) + 1;
    setText(li.querySelector("label"), t("key_point_label", {number: index}));
    self.syncField("k:" + p.id, li.querySelector("textarea"), p.text, p.edited_by, "key_point");
  });
};

P.renderSolutions = function () {
  const self = this;
  const t = this.t;
  const list = this.syn.solutions || [];
  const max = this.rules.solution_max || {};
  show(this.solEmpty, list.length === 0);
  syncList(this.solList, list, function (s) { return s.id; }, function (s) {
    const base = self.uid + "-s" + s.id;
    function text(field, multiline) {
      const id = base + "-" + field;
      return h("div", {class: "sol-field sol-" + field}, [
        h("label", {for: id, text: t("field_" + field)}),
        multiline ? h("textarea", {id: id, rows: 3, maxlength: max[field] || 2000, "data-field": "s:" + s.id + ":" + field})
          : h("input", {id: id, type: "text", maxlength: max[field] || 200, autocomplete: "off", "data-field": "s:" + s.id + ":" + field,
              // The diagnostic's themes, the journey's stages, the streams named so far (free text stays allowed).
              list: document.getElementById("suggest-" + field) ? "suggest-" + field : null}),
        self.statusEls("s:" + s.id + ":" + field),
      ]);
    }
    const channel = h("select", {id: base + "-channel", "data-field": "s:" + s.id + ":channel"});
    channel.appendChild(h("option", {value: "", text: t("choose")}));
    (self.rules.channels || []).forEach(function (c) { channel.appendChild(h("option", {value: c, text: t("channel_" + c)})); });
    return h("article", {class: "solution"}, [
      h("header", {class: "solution-head"}, [
        h("h5", {class: "solution-number"}),
        h("button", {type: "button", class: "btn small link-btn", "data-act": "sol-delete", "data-id": s.id, text: t("remove")}),
      ]),
      text("title"), text("description", true),
      h("div", {class: "sol-tags"}, [
        text("irritant"), text("stage"), text("work_stream"),
        h("div", {class: "sol-field sol-channel"}, [
          h("label", {for: base + "-channel", text: t("field_channel")}), channel,
          self.statusEls("s:" + s.id + ":channel"),
        ]),
      ]),
      h("details", {class: "sol-notes"}, [
        h("summary", {}, [h("span", {class: "sol-notes-label"})]),
        h("fieldset", {class: "sol-note-picks", "data-field": "s:" + s.id + ":note_ids"}, [
          h("legend", {class: "sr-only", text: t("field_note_ids")}),
          h("ul", {class: "plain-list"}),
        ]),
        self.statusEls("s:" + s.id + ":note_ids"),
      ]),
    ]);
  }, function (article, s) {
    const index = list.indexOf(s) + 1;
    setText(article.querySelector(".solution-number"), t("solution_number", {number: index}) + (s.title ? " · " + short(s.title, 50) : ""));
    const edits = s.edits || {};
    ["title", "description"].concat(TAGS).forEach(function (field) {
      self.syncField("s:" + s.id + ":" + field, article.querySelector('[data-field="s:' + s.id + ":" + field + '"]'),
        s[field] || "", (edits[field] || {}).by, field);
    });
    self.syncField("s:" + s.id + ":channel", article.querySelector("select"), s.channel || "", (edits.channel || {}).by, "channel");
    self.renderPicks(article, s, (edits.note_ids || {}).by);
  });
};

P.renderPicks = function (article, s, by) {
  const self = this;
  const key = "s:" + s.id + ":note_ids";
  const f = this.field(key, article.querySelector(".sol-note-picks"), "note_ids");
  const notes = this.notes();
  const remote = (s.note_ids || []).slice();
  // Same rule as text fields: a pick not yet saved is not undone by someone else's.
  const local = f.dirty || f.inflight ? f.value() : remote;
  f.server = remote;
  if (!f.dirty && !f.inflight) f.base = remote;
  else if (!sameIds(remote, f.base) && !sameIds(remote, f.inflight || [])) { f.base = remote; this.conflict(f, remote, by); }
  syncList(article.querySelector(".sol-note-picks ul"), notes, function (n) { return n.id; }, function (n) {
    const id = self.uid + "-s" + s.id + "-pick" + n.id;
    return h("li", {}, [h("label", {for: id, class: "check"}, [
      h("input", {type: "checkbox", id: id, value: n.id}), h("span")])]);
  }, function (li, n) {
    setText(li.querySelector("span"), short(n.text, 90));
    li.querySelector("input").checked = local.indexOf(n.id) >= 0;
  });
  setText(article.querySelector(".sol-notes-label"), this.t("field_note_ids") + " (" + local.length + ")");
};

/* ---- Fields: autosave, save state, edits by others ----------------------------------- */

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
    if (this.unsent[key]) { f.dirty = true; f.restored = this.unsent[key].value; }
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
  if (unchanged && !this.unsent[f.key]) { f.dirty = false; return; }
  this.unsent[f.key] = {value: value, at: Date.now()};
  store.set(this.storeKey, this.unsent);
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
  const entry = this.unsent[f.key];
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
      if (self.unsent[f.key] === entry) { delete self.unsent[f.key]; store.set(self.storeKey, self.unsent); }
      f.base = Array.isArray(sent) ? sent.slice() : clean(f.kind, sent);
      f.server = f.base;
      f.dirty = !!self.unsent[f.key];
      self.setState(f, "saved");
      if (res.synthesis) self.update(res.synthesis);
    } else if (res.error === "not_found") {
      delete self.unsent[f.key];
      store.set(self.storeKey, self.unsent);
      f.dirty = false;
    } else if (RETRYABLE.indexOf(res.error) >= 0) {
      self.setState(f, self.live.socket.connected ? "failed" : "queued", errorText(self.t, res));
    } else {
      f.refused = true;  // not sent again by itself: the host sees why and may retry
      self.setState(f, "failed", errorText(self.t, res));
      announce(self.announcer, errorText(self.t, res));
    }
    if (f.again) { f.again = false; if (self.unsent[f.key] && self.unsent[f.key] !== entry) self.send(f); }
  });
};

/** Everything typed offline (or refused for a passing reason), once connected. */
P.flushUnsent = function () {
  const self = this;
  if (!this.live.socket.connected) return;
  Object.keys(this.unsent).forEach(function (key) {
    const f = self.fields[key];
    if (f && f.inflight == null && !f.refused) self.send(f);
    else if (!f) {
      // The field is not on screen (another round, or deleted): send it anyway.
      const request = self.payloadFor(key, self.unsent[key].value);
      const entry = self.unsent[key];
      self.live.emitWithAck(request[0], request[1], 10000, 2).then(function (res) {
        if ((res.ok || res.error === "not_found" || res.error === "forbidden") && self.unsent[key] === entry) {
          delete self.unsent[key];
          store.set(self.storeKey, self.unsent);
        }
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
  delete this.unsent[f.key];
  store.set(this.storeKey, this.unsent);
  this.clearConflict(f);
  this.setState(f, "");
  // My own save may have landed after theirs: then theirs is written back.
  const server = f.server;
  const differs = f.kind === "note_ids" ? !sameIds(server || [], value || []) : clean(f.kind, server) !== clean(f.kind, value);
  if (differs) { f.base = server; f.dirty = true; this.save(f); }
  if (f.el.focus) f.el.focus();
};

P.toggleMenu = function (id, open) {
  this.openMenu = open ? id : null;
  this.render();
  if (open) {
    const select = this.root.querySelector('[data-note="' + id + '"] .note-menu select');
    if (select) select.focus();
  }
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
  if (!this.live.socket.connected) { announce(this.announcer, this.t("needs_connection")); toast(this.t("needs_connection")); return Promise.resolve({ok: false}); }
  return this.live.emitWithAck(event, payload, 10000, 0).then(function (res) {
    if (res.ok && res.synthesis) self.update(res.synthesis);
    if (!res.ok) { announce(self.announcer, errorText(self.t, res)); toast(errorText(self.t, res)); }
    return res;
  });
};

/** Grouping, starring or merging a note: each sets a value, so a retry is harmless. */
P.organise = function (payload) {
  const self = this;
  if (!this.live.socket.connected) { toast(this.t("needs_connection")); return Promise.resolve({ok: false}); }
  return this.live.emitWithAck("note.organise", payload, 10000, 2).then(function (res) {
    if (res.ok && res.synthesis) self.update(res.synthesis);
    else if (!res.ok) { announce(self.announcer, errorText(self.t, res)); toast(errorText(self.t, res)); }
    return res;
  });
};

P.groupSelection = function () {
  const input = this.selBar.querySelector("input");
  const title = input.value.trim();
  if (!title) { input.focus(); return; }
  const ids = Array.from(this.selected);
  const self = this;
  this.request("cluster", this.at({action: "create", title: title, note_ids: ids})).then(function (res) {
    if (res.ok) { input.value = ""; self.selected.clear(); self.render(); }
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

function toast(text) {
  let node = document.getElementById("toast");
  if (!node) { node = h("p", {id: "toast", class: "toast", role: "alert"}); document.body.appendChild(node); }
  setText(node, text);
  node.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(function () { node.hidden = true; }, 6000);
}

/* ---- Suggested groups (the diagnostic's engine on the table's loose notes) ----------- */

P.buildSuggestions = function (uid) {
  const t = this.t;
  const self = this;
  this.suggestList = h("ul", {class: "suggest-list"});
  this.suggestNote = h("p", {class: "muted", hidden: true, "aria-live": "polite"});
  const button = h("button", {type: "button", class: "btn small secondary", text: t("suggest_groups")});
  button.addEventListener("click", function () { self.suggestGroups(button); });
  return h("div", {class: "suggest-box", "aria-labelledby": uid + "-suggest"}, [
    h("p", {class: "hint", id: uid + "-suggest", text: t("suggest_groups_hint")}),
    button, this.suggestNote, this.suggestList,
  ]);
};

P.suggestGroups = function (button) {
  const self = this;
  if (!this.live.socket.connected) { announce(this.announcer, this.t("needs_connection")); return; }
  button.disabled = true;
  this.live.emitWithAck("groups.suggest", this.at({}), 10000, 1).then(function (res) {
    button.disabled = false;
    if (!res.ok) { announce(self.announcer, errorText(self.t, res)); return; }
    self.renderSuggestions(res.groups || []);
  });
};

P.renderSuggestions = function (groups) {
  const t = this.t;
  const self = this;
  this.suggestList.textContent = "";
  this.suggestNote.hidden = groups.length > 0;
  setText(this.suggestNote, t("suggest_groups_none"));
  groups.forEach(function (group, index) {
    const id = self.uid + "-sg" + index;
    const input = h("input", {id: id, type: "text", value: group.title, autocomplete: "off",
                              maxlength: self.rules.cluster_title_max || 120});
    const texts = group.note_ids.map(function (nid) { const n = self.noteById && self.noteById.get(nid); return n ? short(n.text, 60) : ""; })
      .filter(Boolean);
    const accept = h("button", {type: "button", class: "btn small primary", text: t("accept_group")});
    const ignore = h("button", {type: "button", class: "btn small link-btn", text: t("ignore_group")});
    const li = h("li", {class: "suggested-group"}, [
      h("label", {for: id, class: "sr-only", text: t("suggested_title_label")}), input,
      h("span", {class: "muted", text: t("suggested_notes", {count: group.note_ids.length})}),
      h("ul", {class: "suggested-notes"}, texts.map(function (text) { return h("li", {text: text}); })),
      h("div", {class: "row"}, [accept, ignore]),
    ]);
    accept.addEventListener("click", function () {
      const title = input.value.trim();
      if (!title) { input.focus(); return; }
      accept.disabled = true;
      self.request("cluster", self.at({action: "create", title: title, note_ids: group.note_ids})).then(function (res) {
        if (res.ok) li.remove(); else accept.disabled = false;
      });
    });
    ignore.addEventListener("click", function () { li.remove(); });
    self.suggestList.appendChild(li);
  });
};
