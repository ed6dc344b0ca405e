/* The note board of the synthesis editor: the table's shared notes grouped by tap (select,
   group, move, star, mark as duplicate), the notes held for review, and the groups the
   diagnostic's engine suggests. Methods of SynthesisEditor (synthesis.js), which keeps
   the synthesis, the selection and the requests they share. */
import {h, setText, show, syncList, announce, fillSelect} from "./dom.js";
import {errorText, short} from "./text.js";

const P = {};

/** The notes pane: selection bar, notes not grouped, groups, suggestions, held notes. */
P.buildNotes = function (uid) {
  const t = this.t;
  const self = this;
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
  const pane = h("section", {class: "syn-pane syn-notes", "aria-labelledby": uid + "-notes"}, [
    h("h3", {id: uid + "-notes"}, [t("host_notes_title") + " ", this.notesCount]),
    h("p", {class: "hint", text: t("host_notes_hint")}),
    this.heldBox,
    this.notesEmpty,
    h("div", {class: "loose-group"}, [this.looseHead, this.loose]),
    this.buildSuggestions(uid),
    this.clusters,
    this.selBar,
  ]);
  this.selBar.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); self.groupSelection(); });
  return pane;
};

/** The notes, their groups and the selection, as the synthesis and the table say now. */
P.renderNotes = function () {
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

P.toggleMenu = function (id, open) {
  this.openMenu = open ? id : null;
  this.render();
  if (open) {
    const select = this.root.querySelector('[data-note="' + id + '"] .note-menu select');
    if (select) select.focus();
  }
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

export const noteBoard = P;
