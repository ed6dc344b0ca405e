/* The facilitator's console: the run panel (console-run.js), the board of the tables and
   the roster (console-board.js), every table's synthesis with "Help edit" and its photos,
   the themes emerging across tables, and the plenary panel (console-plenary.js). */
import {readJSON, setText, show, syncList, h} from "./dom.js";
import {errorText, tableTitle, phaseLabel} from "./text.js";
import {newerSynthesis} from "./updates.js";
import {openScreen, followPlenary} from "./screen.js";
import {runPanel} from "./console-run.js";
import {boardPanel} from "./console-board.js";
import {plenaryPanel} from "./console-plenary.js";
import {SynthesisEditor} from "./synthesis.js";
import {PhotoTray} from "./photos.js";

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

const state = {run: null, board: {tables: [], roster: []}, message: null, syntheses: new Map(), plenary: null};
const screen = openScreen({
  view: "facilitator", countdown: el.countdown, timer: el.timer, announcer: el.announcer,
  connection: $("connection"), onSnapshot: applySnapshot, onRun: setRun,
  run: function () { return state.run; },
  onRefused: function (code) { panel.showError(errorText(t, {error: code})); },
});
const first = screen.first;
const t = screen.t;
const live = screen.live;
const countdown = screen.countdown;
const urls = readJSON("urls") || {};
const RULES = (function () { try { return JSON.parse(t("rules_synthesis")); } catch (e) { return {}; } })();
state.board = first.board || state.board;
state.message = first.message;

const ctx = {live: live, t: t, el: el, state: state, config: screen.config, urls: urls, rules: RULES,
             setRun: setRun, resync: resync, photosHeard: rememberPhotos};
const panel = runPanel(ctx);
const renderBoard = boardPanel(ctx);
const renderPlenary = plenaryPanel(ctx);

live.on("board", function (board) { state.board = board; renderBoard(); notesMayHaveChanged(); });
live.on("synthesis", receiveSynthesis);
followPlenary(live, function () { return state.plenary; }, function (plenary) {
  state.plenary = plenary;
  renderPlenary();
});
live.on("message", function (message) { state.message = message; });
live.on("connect", panel.renderControls);
live.on("disconnect", panel.renderControls);

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
  panel.renderControls();
  show(el.synPanel, (run.stage === "round" || run.stage === "rotation") && state.syntheses.size > 0);
  show(el.plPanel, run.stage === "plenary" || run.stage === "closed");
}

function resync() {
  live.emitWithAck("sync", {}, 8000, 1).then(function (res) {
    if (res.ok) applySnapshot(res.snapshot);
  });
}

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

applySnapshot(first);

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
