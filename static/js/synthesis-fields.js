/* The synthesis fields of the editor: key points and solutions (title, description, tags,
   channel, the notes they come from), each field saved on its own by autosave.js.
   Methods of SynthesisEditor (synthesis.js). */
import {h, setText, show, syncList} from "./dom.js";
import {short} from "./text.js";
import {sameIds} from "./autosave.js";

const TAGS = ["irritant", "stage", "work_stream"];

const P = {};

/** The synthesis pane: key points, solutions, and their forms to add one. */
P.buildWrite = function (uid) {
  const t = this.t;
  const self = this;
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
  const pane = h("section", {class: "syn-pane syn-write", "aria-labelledby": uid + "-syn"}, [
    h("h3", {id: uid + "-syn", text: t("synthesis_title")}),
    h("h4", {text: t("key_points_title")}),
    this.kpList, this.kpEmpty, this.kpForm,
    h("h4", {text: t("solutions_title")}),
    this.solList, this.solEmpty, this.solForm,
  ]);
  this.kpForm.addEventListener("submit", function (e) { e.preventDefault(); self.addKeyPoint(); });
  this.solForm.addEventListener("submit", function (e) { e.preventDefault(); self.addSolution(); });
  this.kpForm.querySelector("textarea").addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); self.addKeyPoint(); }
  });
  return pane;
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

export const synthesisFields = P;
