/* The facilitator's console: run controls enabled by the state, the countdown, a live
   board of the tables, the roster with presence and per-person actions, the broadcast.
   Commands are never retried on their own: "+1 min" sent twice would add two minutes. */
import {
  readJSON, translator, openLive, connectionStatus, Countdown, newerRun, phaseLabel,
  setText, show, syncList, announce, h, errorText, newerPlenary, newerSynthesis, applyVotes, votedLine,
  tableTitle
} from "./live-common.js";
import {SynthesisEditor} from "./synthesis.js";
import {PhotoTray, renderThumbs} from "./photos.js";
import {renderEmerging, emergingSuffix} from "./heard.js";

const first = readJSON("snapshot") || {};
const t = translator(readJSON("strings"));
const config = readJSON("config") || {};
const urls = readJSON("urls") || {};
const PHASES = config.phases || [];

const $ = function (id) { return document.getElementById(id); };
const el = {
  panel: $("run-panel"), roundOf: $("round-of"), title: $("run-title"), timer: $("timer"),
  countdown: $("countdown"), question: $("question"), nextQuestion: $("next-question"),
  controls: $("controls"), autoAdvance: $("auto-advance"), error: $("command-error"),
  announcer: $("announcer"), presence: $("presence-count"),
  broadcast: $("broadcast"), broadcastText: $("broadcast-text"), broadcastCount: $("broadcast-count"),
  broadcastClear: $("broadcast-clear"), broadcastStatus: $("broadcast-status"),
  board: $("board"), boardRound: $("board-round"), actionStatus: $("action-status"),
  roster: $("roster"), filter: $("roster-filter"), releaseForm: $("release-form"), claimForm: $("claim-form"),
  synPanel: $("syntheses-panel"), syntheses: $("syntheses"), synRound: $("syntheses-round"),
  synEditorWrap: $("syn-editor-wrap"), synEditorTitle: $("syn-editor-title"), synEditor: $("syn-editor"),
  synEditorClose: $("syn-editor-close"),
  plPanel: $("plenary-panel"), plNow: $("pl-now"), plTables: $("pl-tables"), plVoteState: $("pl-vote-state"),
  plOpen: $("pl-open"), plReveal: $("pl-reveal"), plRules: $("pl-rules"), plDots: $("pl-dots"), plMax: $("pl-max"),
  plRulesNote: $("pl-rules-note"), plStatus: $("pl-status"), plTotal: $("pl-total"), plSolutions: $("pl-solutions"),
  plEmpty: $("pl-empty"),
};

const RULES = (function () { try { return JSON.parse(t("rules_synthesis")); } catch (e) { return {}; } })();
const state = {run: null, board: first.board || {tables: [], roster: []}, message: first.message,
               syntheses: new Map(), plenary: null};
let busy = false;

const live = openLive({
  config: config, view: "facilitator", workshop: (first.workshop || {}).code,
  serverNow: first.server_now, t: t, onSnapshot: applySnapshot,
  onRefused: function (code) { showError(errorText(t, {error: code})); },
});
const countdown = new Countdown({
  display: el.countdown, region: el.announcer, root: el.timer, clock: live.clock, t: t,
  phaseName: function (phase) { return t("phase_" + phase); },
});
connectionStatus($("connection"), live, t);

live.on("snapshot", applySnapshot);
live.on("run", function (run) { if (newerRun(state.run, run)) setRun(run); });
live.on("board", function (board) { state.board = board; renderBoard(); notesMayHaveChanged(); });
live.on("synthesis", receiveSynthesis);
live.on("votes", function (votes) {
  const next = applyVotes(state.plenary, votes);
  if (next !== state.plenary) { state.plenary = next; renderPlenary(); }
});
live.on("plenary", function (plenary) {
  if (newerPlenary(state.plenary, plenary)) { state.plenary = plenary; renderPlenary(); }
});
live.on("message", function (message) { state.message = message; });
live.on("connect", renderControls);
live.on("disconnect", renderControls);

function applySnapshot(snapshot) {
  if (!snapshot) return;
  state.board = snapshot.board || state.board;
  state.message = snapshot.message;
  state.syntheses = new Map();
  (snapshot.syntheses || []).forEach(function (syn) { state.syntheses.set(syn.table, syn); });
  state.plenary = snapshot.plenary || null;
  state.run = null;
  setRun(snapshot.run);
  renderBoard();
  renderSyntheses();
  renderPlenary();
}

function setRun(run) {
  const before = state.run;
  state.run = run;
  // A new round or stage: the syntheses and the plenary shown must be that round's.
  if (before && (before.round !== run.round || before.stage !== run.stage)) setTimeout(resync, 300);
  el.panel.dataset.stage = run.stage;
  // Each stage says what it is: no round count, timer or next question after the rounds.
  const playing = run.stage === "round" || run.stage === "rotation";
  setText(el.roundOf, run.round && playing ? t("round_of", {number: run.round, total: run.rounds}) : "");
  show(el.timer, run.stage === "round");
  setText(el.title, phaseLabel(t, run));
  setText(el.question, run.question || "");
  setText(el.nextQuestion, run.next_question ? t("next_question", {question: run.next_question}) : "");
  el.autoAdvance.checked = !!run.auto_advance;
  countdown.update(run);
  renderControls();
  renderSlides();
  show(el.synPanel, (run.stage === "round" || run.stage === "rotation") && state.syntheses.size > 0);
  show(el.plPanel, run.stage === "plenary" || run.stage === "closed");
}

/* ---- Commands -------------------------------------------------------------------- */

/** Which commands make sense now; mirrors facilitator/domain/run.py so buttons that would
    only be refused are disabled (the server still has the last word). */
function allowed(run) {
  const stage = run.stage;
  const inRound = stage === "round";
  const between = stage === "lobby" || stage === "rotation";
  return {
    start_round: between && run.round < run.rounds,
    pause: inRound && !run.paused,
    resume: inRound && !!run.paused,
    extend: inRound,
    skip: inRound,
    back: (inRound && run.phase !== PHASES[0]) || stage === "rotation",
    rotate: inRound,
    plenary: stage === "lobby" || inRound || stage === "rotation",
    close: stage !== "closed" && stage !== "ready",
  };
}

function renderControls() {
  const run = state.run;
  if (!run) return;
  const can = allowed(run);
  const online = live.socket.connected;
  Array.prototype.forEach.call(el.controls.querySelectorAll("[data-command]"), function (button) {
    const command = button.dataset.command;
    button.disabled = busy || !online || !can[command];
    button.hidden = (command === "pause" && run.paused) || (command === "resume" && !run.paused)
      || (command === "start_round" && !can.start_round && run.stage !== "lobby")
      || (run.stage === "plenary" && command !== "close") || run.stage === "closed";
    if (command === "start_round") setText(button, t("cmd_start_round", {number: Math.min(run.round + 1, run.rounds)}));
  });
  el.autoAdvance.disabled = !online || run.stage === "ready" || run.stage === "closed";
  renderSlides();
}

/* ---- Context slides (lobby): which one the projector shows --------------------------- */

const slides = $("slides");

function renderSlides() {
  const run = state.run;
  if (!slides || !run) return;
  show(slides, run.stage === "lobby");
  Array.prototype.forEach.call(slides.querySelectorAll("[data-slide]"), function (button) {
    button.setAttribute("aria-pressed", Number(button.dataset.slide) === run.slide ? "true" : "false");
    button.disabled = busy || !live.socket.connected;
  });
}

if (slides) slides.addEventListener("click", function (event) {
  const button = event.target.closest("button[data-slide]");
  if (!button || button.disabled) return;
  send("slide", {index: Number(button.dataset.slide)}, button);
});

el.controls.addEventListener("click", function (event) {
  const button = event.target.closest("button[data-command]");
  if (!button || button.disabled) return;
  if (button.dataset.confirm && !window.confirm(t(button.dataset.confirm))) return;
  const payload = {command: button.dataset.command};
  if (button.dataset.seconds) payload.seconds = Number(button.dataset.seconds);
  send("command", payload, button);
});

el.autoAdvance.addEventListener("change", function () {
  live.emitWithAck("auto_advance", {enabled: el.autoAdvance.checked}, 8000, 2).then(function (res) {
    if (res.ok && res.run && newerRun(state.run, res.run)) setRun(res.run);
    else if (!res.ok) { showError(errorText(t, res)); el.autoAdvance.checked = !el.autoAdvance.checked; }
  });
});

function send(event, payload, button) {
  busy = true;
  showError("");
  renderControls();
  return live.emitWithAck(event, payload, 8000, 0).then(function (res) {
    busy = false;
    if (res.ok && res.run && newerRun(state.run, res.run)) setRun(res.run);
    else renderControls();
    if (!res.ok) {
      showError(errorText(t, res));
      // The command may have reached the server: ask for the truth rather than guess.
      if (res.error === "timeout") resync();
    }
    if (button && document.activeElement === document.body) button.focus();
    return res;
  });
}

function resync() {
  live.emitWithAck("sync", {}, 8000, 1).then(function (res) {
    if (res.ok) applySnapshot(res.snapshot);
  });
}

function showError(text) {
  setText(el.error, text);
  show(el.error, !!text);
}

/* ---- Broadcast ---------------------------------------------------------------------- */

const BROADCAST_MAX = config.broadcast_max_length || 280;
function renderBroadcastCount() {
  setText(el.broadcastCount, t("chars_count", {count: el.broadcastText.value.length, max: BROADCAST_MAX}));
}
el.broadcastText.addEventListener("input", renderBroadcastCount);
el.broadcast.addEventListener("submit", function (event) {
  event.preventDefault();
  broadcast(el.broadcastText.value.trim());
});
el.broadcastClear.addEventListener("click", function () { el.broadcastText.value = ""; renderBroadcastCount(); broadcast(""); });

function broadcast(text) {
  live.emitWithAck("broadcast", {text: text}, 8000, 2).then(function (res) {
    setText(el.broadcastStatus, res.ok ? t(text ? "broadcast_sent" : "broadcast_cleared") : errorText(t, res));
    el.broadcastStatus.classList.toggle("error", !res.ok);
  });
}

/* ---- Board of tables --------------------------------------------------------------- */

function presence(person) {
  if (person.absent) return "absent";
  if (person.connected) return "connected";
  return person.joined ? "joined" : "not_joined";
}

function dot(person) {
  const kind = presence(person);
  return h("span", {class: "presence-dot " + kind, title: t("presence_" + kind)}, [
    h("span", {class: "sr-only", text: t("presence_" + kind)})]);
}

function renderBoard() {
  const board = state.board;
  setText(el.presence, t("connected_of", {connected: board.connected || 0, joined: board.joined || 0}));
  setText(el.boardRound, board.round ? t("board_round", {number: board.round}) : "");
  syncList(el.board, board.tables || [], function (table) { return table.id; }, createTable, updateTable);
  renderRoster();
}

function createTable(table) {
  const selectId = "host-select-" + table.id;
  return h("article", {class: "board-table"}, [
    h("header", {class: "board-table-head"}, [
      h("h3", {class: "board-table-title"}),
      h("span", {class: "count shared-count"}),
    ]),
    h("p", {class: "board-host"}),
    h("ul", {class: "board-people plain-list"}),
    h("ul", {class: "board-photos", "aria-label": t("photos_title")}),
    h("form", {class: "host-form"}, [
      h("label", {for: selectId, class: "sr-only", text: t("new_host_for", {number: table.number})}),
      h("select", {id: selectId, name: "participant_id"}),
      h("button", {type: "submit", class: "btn small secondary", text: t("make_host")}),
    ]),
  ]);
}

function updateTable(article, table) {
  article.dataset.number = table.number;
  setText(article.querySelector(".board-table-title"), tableLabel(table));
  const counts = [t("shared_notes", {count: table.shared_notes || 0})];
  if (table.held_notes) counts.push(t("held_notes", {count: table.held_notes}));
  setText(article.querySelector(".shared-count"), counts.join(" · "));
  const hostLine = article.querySelector(".board-host");
  hostLine.textContent = "";
  if (table.host) {
    hostLine.appendChild(dot(table.host));
    hostLine.appendChild(document.createTextNode(" " + t("host_name", {name: table.host.name})));
  } else {
    hostLine.appendChild(h("span", {class: "tag tag-warning", text: t("no_host")}));
  }
  const guests = (table.people || []).filter(function (p) { return !table.host || p.id !== table.host.id; });
  syncList(article.querySelector(".board-people"), guests, function (p) { return p.id; }, function () {
    return h("li", {}, [h("span", {class: "who"}), h("span", {class: "person-dept muted"})]);
  }, function (li, person) {
    const who = li.querySelector(".who");
    who.textContent = "";
    who.appendChild(dot(person));
    who.appendChild(document.createTextNode(" " + person.name));
    setText(li.querySelector(".person-dept"), person.department || "");
    li.classList.toggle("is-absent", !!person.absent);
  });
  fillHostSelect(article.querySelector("select"), table);
  renderThumbs(article.querySelector(".board-photos"), table.photos || [], t);
  rememberPhotos({table: table.number, round: state.board.round, photos: table.photos || []});
}

/** Candidates for host: the people at this table first, then everyone else who is not a host. */
function fillHostSelect(select, table) {
  if (document.activeElement === select || select.dataset.dirty) return;
  const roster = state.board.roster || [];
  const here = roster.filter(function (p) { return p.table === table.number && p.role !== "host" && !p.absent; });
  const others = roster.filter(function (p) { return p.table !== table.number && p.role !== "host" && !p.absent; });
  const signature = here.concat(others).map(function (p) { return p.id; }).join(",") + "|" + here.length;
  if (select.dataset.signature === signature) return;
  select.dataset.signature = signature;
  select.textContent = "";
  select.appendChild(h("option", {value: "", text: t("choose_person")}));
  [[t("at_this_table"), here], [t("other_people"), others]].forEach(function (group) {
    if (!group[1].length) return;
    select.appendChild(h("optgroup", {label: group[0]}, group[1].map(function (p) {
      return h("option", {value: p.id, text: p.name + (p.department ? " · " + p.department : "")});
    })));
  });
}

el.board.addEventListener("change", function (event) {
  if (event.target.tagName === "SELECT") event.target.dataset.dirty = "1";
});
el.board.addEventListener("submit", function (event) {
  event.preventDefault();
  const form = event.target;
  const select = form.querySelector("select");
  const number = Number(form.closest("article").dataset.number);
  const id = Number(select.value);
  if (!id) { select.focus(); return; }
  const person = findPerson(id);
  personAction("host.replace", {table: number, participant_id: id}, function () {
    delete select.dataset.dirty;
    return t("host_replaced", {name: person ? person.name : "", number: number});
  });
});

function findPerson(id) {
  return (state.board.roster || []).filter(function (p) { return p.id === id; })[0] || null;
}

function personAction(event, payload, success) {
  setText(el.actionStatus, "");
  return live.emitWithAck(event, payload, 8000, 1).then(function (res) {
    const text = res.ok ? success() : errorText(t, res);
    setText(el.actionStatus, text);
    el.actionStatus.dataset.ok = res.ok ? "yes" : "no";
    return res;
  });
}

/* ---- Roster ------------------------------------------------------------------------- */

function renderRoster() {
  const tables = (state.board.tables || []).map(function (table) { return table.number; });
  const people = (state.board.roster || []).slice().sort(function (a, b) {
    return a.name.localeCompare(b.name);
  });
  syncList(el.roster, people, function (p) { return p.id; }, createRow, function (row, person) {
    updateRow(row, person, tables);
  });
  applyFilter();
}

function createRow(person) {
  const selectId = "move-" + person.id;
  return h("tr", {}, [
    h("th", {scope: "row"}, [h("span", {class: "name"}), " ", h("span", {class: "tag tag-host", text: t("host_role"), hidden: true})]),
    h("td", {class: "department"}),
    h("td", {class: "table-cell"}),
    h("td", {class: "presence-cell"}),
    h("td", {class: "person-actions"}, [
      h("form", {class: "move-form"}, [
        h("label", {for: selectId, class: "sr-only"}),
        h("select", {id: selectId}),
        h("button", {type: "submit", class: "btn small secondary", text: t("move")}),
      ]),
      h("button", {type: "button", class: "btn small secondary", "data-action": "absent"}),
      h("button", {type: "button", class: "btn small link-btn", "data-action": "release", title: t("release_hint"), text: t("release")}),
      h("button", {type: "button", class: "btn small primary", "data-action": "claim-approve", hidden: true, text: t("claim_approve")}),
      h("button", {type: "button", class: "btn small secondary", "data-action": "claim-refuse", hidden: true, text: t("claim_refuse")}),
    ]),
  ]);
}

function updateRow(row, person, tables) {
  row.dataset.search = (person.name + " " + (person.department || "")).toLowerCase();
  row.dataset.presence = presence(person);
  setText(row.querySelector(".name"), person.name);
  row.querySelector(".tag-host").hidden = person.role !== "host";
  setText(row.querySelector(".department"), person.department || "");
  setText(row.querySelector(".table-cell"), person.table == null ? "–" : person.table);
  const cell = row.querySelector(".presence-cell");
  const kind = presence(person);
  if (cell.dataset.kind !== kind) {
    cell.dataset.kind = kind;
    cell.textContent = "";
    cell.appendChild(h("span", {class: "presence-dot " + kind, "aria-hidden": "true"}));
    cell.appendChild(document.createTextNode(" " + t("presence_" + kind)));
  }
  setText(row.querySelector("label"), t("move_to", {name: person.name}));
  const select = row.querySelector("select");
  const signature = tables.join(",");
  if (select.dataset.signature !== signature) {
    select.dataset.signature = signature;
    select.textContent = "";
    tables.forEach(function (number) { select.appendChild(h("option", {value: number, text: t("table_number", {number: number})})); });
    delete select.dataset.dirty;
  }
  if (!select.dataset.dirty && document.activeElement !== select && person.table != null) select.value = String(person.table);
  const hosting = person.role === "host";
  row.querySelector(".move-form button").disabled = hosting;
  select.disabled = hosting;
  const absent = row.querySelector("[data-action=absent]");
  setText(absent, person.absent ? t("mark_present") : t("mark_absent"));
  absent.dataset.absent = person.absent ? "yes" : "no";
  row.querySelector("[data-action=release]").hidden = !person.joined;
  row.querySelector("[data-action=claim-approve]").hidden = !person.claim_pending;
  row.querySelector("[data-action=claim-refuse]").hidden = !person.claim_pending;
}

el.roster.addEventListener("change", function (event) {
  if (event.target.tagName === "SELECT") event.target.dataset.dirty = "1";
});
el.roster.addEventListener("submit", function (event) {
  event.preventDefault();
  const row = event.target.closest("tr");
  const person = findPerson(Number(row.dataset.key));
  const select = event.target.querySelector("select");
  const number = Number(select.value);
  if (!person || !number) return;
  personAction("move", {participant_id: person.id, table: number}, function () {
    delete select.dataset.dirty;
    return t("moved", {name: person.name, number: number});
  });
});
el.roster.addEventListener("click", function (event) {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const person = findPerson(Number(button.closest("tr").dataset.key));
  if (!person) return;
  if (button.dataset.action === "absent") {
    const absent = button.dataset.absent !== "yes";
    personAction("absent", {participant_id: person.id, absent: absent}, function () {
      return t(absent ? "marked_absent" : "marked_present", {name: person.name});
    });
  } else if (button.dataset.action === "release" && urls.release
             && window.confirm(t("confirm_release", {name: person.name}))) {
    el.releaseForm.action = urls.release.replace(/\/0\/release$/, "/" + person.id + "/release");
    el.releaseForm.submit();
  } else if (button.dataset.action.indexOf("claim-") === 0 && urls.claim) {
    // A second device asked for this name: the first one loses it if approved.
    const approve = button.dataset.action === "claim-approve";
    if (approve && !window.confirm(t("confirm_claim", {name: person.name}))) return;
    el.claimForm.action = urls.claim.replace(/\/0\/claim$/, "/" + person.id + "/claim");
    el.claimForm.querySelector("[name=decision]").value = approve ? "approve" : "refuse";
    el.claimForm.submit();
  }
});

function applyFilter() {
  const words = el.filter.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
  Array.prototype.forEach.call(el.roster.children, function (row) {
    row.hidden = !words.every(function (w) { return row.dataset.search.indexOf(w) >= 0; });
  });
}
el.filter.addEventListener("input", applyFilter);

/* ---- Syntheses: every table's, live; the facilitator can help edit one ------------------ */

let editor = null;
let editing = null;  // {table, round} open in the editor

function receiveSynthesis(syn) {
  if (!newerSynthesis(state.syntheses.get(syn.table), syn)) return;  // a late, older reading
  if (state.run && syn.round === state.run.round) state.syntheses.set(syn.table, syn);
  if (editor && editing && editing.table === syn.table && editing.round === syn.round) editor.update(syn);
  renderSyntheses();
}

/** The facilitator hears no `note` event: when a table's shared-note count moves on the
    board, fetch the syntheses again (at most every two seconds). */
let sharedCounts = "";
let notesTimer = null;
function notesMayHaveChanged() {
  const counts = (state.board.tables || []).map(function (tb) { return tb.number + ":" + (tb.shared_notes || 0) + ":" + (tb.held_notes || 0); }).join(",");
  if (counts === sharedCounts) return;
  const firstTime = sharedCounts === "";
  sharedCounts = counts;
  if (firstTime || !state.run || state.run.stage !== "round" || notesTimer) return;
  notesTimer = setTimeout(function () { notesTimer = null; resync(); }, 2000);
}

function renderSyntheses() {
  const run = state.run;
  if (!run) return;
  const list = Array.from(state.syntheses.values()).sort(function (a, b) { return a.table - b.table; });
  show(el.synPanel, (run.stage === "round" || run.stage === "rotation") && list.length > 0);
  setText(el.synRound, run.round ? t("round_number", {number: run.round}) : "");
  syncList(el.syntheses, list, function (syn) { return syn.table; }, function (syn) {
    return h("article", {class: "syn-card"}, [
      h("header", {class: "syn-card-head"}, [h("h3"), h("button", {type: "button", class: "btn small secondary", "data-table": syn.table, text: t("help_edit")})]),
      h("p", {class: "syn-counts muted"}),
      h("ul", {class: "syn-points"}),
      h("ul", {class: "syn-solutions"}),
    ]);
  }, function (card, syn) {
    setText(card.querySelector("h3"), tableTitle(t, syn.table, syn.table_name));
    setText(card.querySelector(".syn-counts"), [
      t("counts_notes", {count: (syn.notes || []).length}), t("counts_clusters", {count: (syn.clusters || []).length}),
      t("counts_key_points", {count: (syn.key_points || []).length}), t("counts_solutions", {count: (syn.solutions || []).length}),
    ].join(" · "));
    const item = function () { return h("li"); };
    syncList(card.querySelector(".syn-points"), (syn.key_points || []).slice(0, 4), function (p) { return p.id; }, item,
      function (li, p) { setText(li, p.text); });
    syncList(card.querySelector(".syn-solutions"), syn.solutions || [], function (s) { return s.id; }, item,
      function (li, s) { setText(li, "→ " + (s.title || "…")); });
    card.classList.toggle("is-open", !!(editing && editing.table === syn.table));
  });
}

el.syntheses.addEventListener("click", function (event) {
  const button = event.target.closest("button[data-table]");
  if (!button) return;
  openEditor(Number(button.dataset.table));
});

function openEditor(table) {
  const syn = state.syntheses.get(table);
  if (!syn) return;
  editing = {table: table, round: syn.round};
  editor = new SynthesisEditor(el.synEditor, {
    live: live, t: t, rules: RULES, myName: "", announcer: el.announcer, where: editing,
    storeKey: "facilitator:" + (first.workshop || {}).code + ":console:synthesis-queue",
  });
  editor.update(syn);
  openPhotos(table, syn.round);
  setText(el.synEditorTitle, t("synthesis_of_table", {number: table, round: syn.round}));
  show(el.synEditorWrap, true);
  renderSyntheses();
  el.synEditorTitle.focus();
}

el.synEditorClose.addEventListener("click", function () {
  const table = editing && editing.table;
  editing = null;
  editor = null;
  photoTray = null;
  el.synEditor.textContent = "";
  $("syn-photos").textContent = "";
  show(el.synEditorWrap, false);
  renderSyntheses();
  const button = table && el.syntheses.querySelector('button[data-table="' + table + '"]');
  if (button) button.focus();
});

/* ---- Photos of the table being edited: the facilitator adds to any table and round ---- */

const photosSeen = new Map();  // "table:round" -> the latest photos heard (board, events)
let photoTray = null;

function rememberPhotos(payload) {
  photosSeen.set(payload.table + ":" + payload.round, payload.photos || []);
}

function openPhotos(table, round) {
  const root = $("syn-photos");
  const base = root.dataset.base;
  photoTray = new PhotoTray(root, {
    t: t, announcer: el.announcer,
    uploadUrl: function () { return base; },
    deleteUrl: function (id) { return base + "/" + id + "/delete"; },
    fields: function () { return {table: table, round: round}; },
  });
  photoTray.update({table: table, round: round, photos: photosSeen.get(table + ":" + round) || []});
}

live.on("photos", function (payload) {
  rememberPhotos(payload);
  if (photoTray && editing && payload.table === editing.table && payload.round === editing.round) {
    photoTray.update(payload);
  }
});

/* ---- Plenary: presentation, voting, merges, qualification ------------------------------- */

function plenarySend(event, payload, retries, done) {
  setText(el.plStatus, "");
  return live.emitWithAck(event, payload, 8000, retries).then(function (res) {
    if (res.ok && res.plenary && newerPlenary(state.plenary, res.plenary)) {
      state.plenary = res.plenary; renderPlenary();
    }
    el.plStatus.dataset.ok = res.ok ? "yes" : "no";
    setText(el.plStatus, res.ok ? (done ? done(res) : "") : errorText(t, res));
    if (!res.ok && res.error === "timeout") resync();
    return res;
  });
}

function tableLabel(table) {
  return tableTitle(t, table.number, table.name);
}

function renderPlenary() {
  const p = state.plenary;
  if (!p) return;
  const tables = p.tables || [];
  const current = tables.filter(function (tb) { return tb.number === p.table; })[0];
  renderEmerging($("pl-emerging"), p.emerging, t, 4);
  setText(el.plNow, t("presenting_now", {what: current ? tableLabel(current) : t("overview_label")}));
  const buttons = [{key: "overview", text: t("show_overview"), pressed: !p.table}].concat(tables.map(function (tb) {
    return {key: "t" + tb.number, number: tb.number, text: t("table_number", {number: tb.number}), pressed: p.table === tb.number};
  })).concat([{key: "next", text: t("next_table") + " →", next: true}]);
  syncList(el.plTables, buttons, function (b) { return b.key; }, function (b) {
    return h("button", {type: "button", class: "btn " + (b.next ? "primary" : "secondary"),
                        "data-pl": b.next ? "next" : "show", "data-number": b.number || ""});
  }, function (button, b) {
    setText(button, b.text);
    if (!b.next) button.setAttribute("aria-pressed", b.pressed ? "true" : "false");
  });
  setText(el.plVoteState, [t(p.votes_open ? "votes_state_open" : "votes_state_closed"),
    t(p.revealed ? "results_shown" : "results_hidden"), votedLine(t, p)].filter(Boolean).join(" · "));
  el.plVoteState.dataset.open = p.votes_open ? "yes" : "no";
  setText(el.plOpen, t(p.votes_open ? "close_votes" : "open_votes"));
  el.plOpen.className = "btn " + (p.votes_open ? "secondary" : "primary");
  setText(el.plReveal, t(p.revealed ? "hide_results" : "reveal"));
  const solutions = p.solutions || [];
  const total = solutions.reduce(function (sum, s) { return sum + (s.votes || 0); }, 0);
  const locked = total > 0;
  const rules = p.rules || {};
  [el.plDots, el.plMax].forEach(function (input) { input.disabled = locked; });
  el.plRules.querySelector("button").disabled = locked;
  if (document.activeElement !== el.plDots && !el.plRules.dataset.dirty) el.plDots.value = rules.dots || "";
  if (document.activeElement !== el.plMax && !el.plRules.dataset.dirty) el.plMax.value = rules.max_per_solution || "";
  setText(el.plRulesNote, locked ? t("rules_locked") : t("vote_rules", {dots: rules.dots, max: rules.max_per_solution}));
  setText(el.plTotal, t("total_dots", {count: total}));
  renderSolutionRows(p, solutions);
}

function ordered(p, solutions) {
  const order = p.ranking || [];
  return solutions.slice().sort(function (a, b) {
    const ia = order.indexOf(a.id);
    const ib = order.indexOf(b.id);
    return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || a.id - b.id;
  });
}

function choiceSelect(name, values, prefix, label) {
  const select = h("select", {"data-q": name, "aria-label": label});
  select.appendChild(h("option", {value: "", text: "–"}));
  values.forEach(function (v) { select.appendChild(h("option", {value: v, text: t(prefix + v)})); });
  return select;
}

function renderSolutionRows(p, solutions) {
  const list = ordered(p, solutions);
  show(el.plEmpty, list.length === 0);
  syncList(el.plSolutions, list, function (s) { return s.id; }, function (s) {
    return h("tr", {}, [
      h("td", {class: "rank"}),
      h("th", {scope: "row"}, [h("span", {class: "sol-title"}), h("span", {class: "sol-where muted"})]),
      h("td", {class: "votes"}),
      h("td", {}, [choiceSelect("impact", RULES.levels || [], "level_", t("col_impact"))]),
      h("td", {}, [choiceSelect("effort", RULES.levels || [], "level_", t("col_effort"))]),
      h("td", {}, [h("input", {type: "text", "data-q": "owner", maxlength: 120, "aria-label": t("col_owner"), autocomplete: "off"})]),
      h("td", {}, [choiceSelect("horizon", RULES.horizons || [], "horizon_", t("col_horizon"))]),
      h("td", {}, [h("select", {"data-merge": "1"})]),
    ]);
  }, function (row, s) {
    setText(row.querySelector(".rank"), list.indexOf(s) + 1);
    setText(row.querySelector(".sol-title"), s.title || "…");
    setText(row.querySelector(".sol-where"), t("table_round", {table: s.table, round: s.round}) + emergingSuffix(s, t));
    setText(row.querySelector(".votes"), typeof s.votes === "number" ? s.votes : "–");
    const q = s.qualification || {};
    row.dataset.sent = JSON.stringify({id: s.id, impact: q.impact || "", effort: q.effort || "",
                                       owner: q.owner || "", horizon: q.horizon || ""});
    ["impact", "effort", "owner", "horizon"].forEach(function (name) {
      const input = row.querySelector('[data-q="' + name + '"]');
      if (document.activeElement !== input && !input.dataset.dirty) input.value = q[name] || "";
    });
    const merge = row.querySelector("[data-merge]");
    merge.setAttribute("aria-label", t("merge_into", {title: s.title}));
    const options = [["", "–"]].concat(list.filter(function (o) { return o.id !== s.id; }).map(function (o) {
      return [String(o.id), t("table_number", {number: o.table}) + " · " + o.title];
    }));
    const signature = JSON.stringify(options);
    if (merge.dataset.signature !== signature && document.activeElement !== merge) {
      merge.dataset.signature = signature;
      merge.textContent = "";
      options.forEach(function (o) { merge.appendChild(h("option", {value: o[0], text: o[1]})); });
    }
  });
}

el.plTables.addEventListener("click", function (event) {
  const button = event.target.closest("button[data-pl]");
  if (!button) return;
  if (button.dataset.pl === "next") plenarySend("plenary", {action: "next_table"}, 0);
  else if (button.dataset.number) plenarySend("plenary", {action: "show_table", table: Number(button.dataset.number)}, 2);
  else plenarySend("plenary", {action: "show_table"}, 2);
});
el.plOpen.addEventListener("click", function () {
  plenarySend("plenary", {action: state.plenary && state.plenary.votes_open ? "close_votes" : "open_votes"}, 2);
});
el.plReveal.addEventListener("click", function () {
  plenarySend("plenary", {action: state.plenary && state.plenary.revealed ? "hide" : "reveal"}, 2);
});
el.plRules.addEventListener("input", function () { el.plRules.dataset.dirty = "1"; });
el.plRules.addEventListener("submit", function (event) {
  event.preventDefault();
  plenarySend("vote.rules", {dots: Number(el.plDots.value), max_per_solution: Number(el.plMax.value)}, 2, function () {
    delete el.plRules.dataset.dirty;
    return t("rules_saved");
  });
});

function qualify(row) {
  const id = Number(row.dataset.key);
  const payload = {id: id};
  ["impact", "effort", "owner", "horizon"].forEach(function (name) {
    payload[name] = row.querySelector('[data-q="' + name + '"]').value.trim();
  });
  // The owner's "change" (on blur) often repeats what its debounce already sent.
  const signature = JSON.stringify(payload);
  if (row.dataset.sent === signature) return;
  row.dataset.sent = signature;
  plenarySend("solution.qualify", payload, 2, function () {
    row.querySelectorAll("[data-q]").forEach(function (input) { delete input.dataset.dirty; });
    return t("qualified");
  }).then(function (res) { if (!res.ok) delete row.dataset.sent; });
}
let ownerTimer = null;
el.plSolutions.addEventListener("input", function (event) {
  const input = event.target;
  if (input.dataset.q !== "owner") return;
  input.dataset.dirty = "1";
  clearTimeout(ownerTimer);
  ownerTimer = setTimeout(function () { qualify(input.closest("tr")); }, 600);
});
el.plSolutions.addEventListener("change", function (event) {
  const input = event.target;
  const row = input.closest("tr");
  if (input.dataset.q) {
    input.dataset.dirty = "1";
    clearTimeout(ownerTimer);
    qualify(row);
  } else if (input.dataset.merge && input.value) {
    const source = (state.plenary.solutions || []).filter(function (s) { return s.id === Number(row.dataset.key); })[0];
    const target = (state.plenary.solutions || []).filter(function (s) { return s.id === Number(input.value); })[0];
    if (source && target && window.confirm(t("confirm_merge", {source: source.title, target: target.title}))) {
      plenarySend("solution.merge", {source: source.id, target: target.id}, 0, function () {
        return t("merged", {title: target.title});
      });
    }
    input.value = "";
  }
});

applySnapshot(first);
renderBroadcastCount();

/* ---- Themes emerging across tables (the diagnostic's engine on the round's notes) ---- */
/* Asked every 15 s while a round runs (and when notes change, at most every 5 s): cheap
   on the server (a few hundred notes), and no new push event for every other screen. */
const liveThemes = {panel: $("live-themes-panel"), list: $("live-themes"), empty: $("live-themes-empty"), last: 0};

function refreshLiveThemes() {
  const running = state.run && (state.run.stage === "round" || state.run.stage === "rotation");
  show(liveThemes.panel, !!running);
  if (!running || !live.socket.connected || Date.now() - liveThemes.last < 5000) return;
  liveThemes.last = Date.now();
  live.emitWithAck("themes.live", {}, 8000, 0).then(function (res) {
    if (!res.ok) return;
    const themes = res.themes || [];
    show(liveThemes.empty, themes.length === 0);
    syncList(liveThemes.list, themes, function (th) { return th.phrase; }, function () {
      return h("li", {}, [h("strong", {class: "live-theme-phrase"}), h("span", {class: "live-theme-meta"})]);
    }, function (li, th) {
      setText(li.querySelector(".live-theme-phrase"), th.phrase);
      setText(li.querySelector(".live-theme-meta"), t("live_theme_meta", {notes: th.notes, tables: th.tables}));
    });
  });
}

setInterval(refreshLiveThemes, 15000);
live.on("board", refreshLiveThemes);
live.on("synthesis", refreshLiveThemes);
live.on("connect", refreshLiveThemes);
live.on("run", refreshLiveThemes);
