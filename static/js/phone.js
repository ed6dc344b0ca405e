/* The participant's phone: question, phase and countdown, table and host, the lobby, the
   broadcast message, the host's tools and the plenary. Its parts live beside it: the
   notes and their offline queue (phone-notes.js), the rotation card (rotation-card.js),
   the handover card (handover.js), the vote (vote.js), the photos (photos.js). */
import {setText, show, syncList, announce, h, buzz} from "./dom.js";
import {phaseLabel, errorText} from "./text.js";
import {store} from "./store.js";
import {newerSynthesis, votedLine} from "./updates.js";
import {openScreen, followPlenary} from "./screen.js";
import {showToast} from "./toast.js";
import {noteBoard} from "./phone-notes.js";
import {rotationCard} from "./rotation-card.js";
import {handoverCard} from "./handover.js";
import {Voting} from "./vote.js";
import {PhonePhotos} from "./photos.js";
import {renderHeard} from "./heard.js";
import {renderRoute} from "./route.js";
import {renderTablecloth} from "./tablecloth.js";

const $ = function (id) { return document.getElementById(id); };
const el = {
  bar: $("phone-bar"), phase: $("phase-name"), roundOf: $("round-of"), timer: $("timer"),
  countdown: $("countdown"), announcer: $("announcer"),
  message: $("message"), messageText: $("message-text"), messageDismiss: $("message-dismiss"),
  lobby: $("lobby"), lobbyJoined: $("lobby-joined"), closing: $("closing"), closingText: $("closing-text"),
  questionCard: $("question-card"), question: $("question"),
  tableCard: $("table-card"), tableNumber: $("table-number"), tableName: $("table-name"),
  hostLine: $("host-line"), mates: $("mates"), matesCount: $("mates-count"), matesList: $("mates-list"),
  notes: $("notes"), composer: $("composer"), text: $("note-text"), count: $("note-count"),
  save: $("save-note"), saveShare: $("save-share"), cancelEdit: $("cancel-edit"),
  editingLabel: $("editing-label"), shareHint: $("share-hint"), offline: $("offline-notes"),
  list: $("note-list"), noNotes: $("no-notes"), shareAll: $("share-all"),
  hostTools: $("host-tools"), editor: $("synthesis-editor"), earlier: $("earlier"), earlierList: $("earlier-list"),
  handover: $("handover"), handoverTitle: $("handover-title"), handoverHint: $("handover-hint"),
  handoverTheme: $("handover-theme"), handoverRounds: $("handover-rounds"), handoverEmpty: $("handover-empty"),
  handoverClose: $("handover-close"), handoverOpen: $("handover-open"),
  rotation: $("rotation"), rotationRound: $("rotation-round"), rotationTitle: $("rotation-title"),
  rotationName: $("rotation-table-name"), rotationHost: $("rotation-host"),
  rotationMeet: $("rotation-meet"), rotationMates: $("rotation-mates"), rotationOk: $("rotation-ok"),
};

const state = {
  run: null, me: {}, notes: new Map(), tableNotes: new Map(),
  message: null, joined: 0, synthesis: null, plenary: null,
};

const screen = openScreen({
  view: "participant", countdown: el.countdown, timer: el.timer, announcer: el.announcer,
  connection: $("connection"), onSnapshot: applySnapshot, onRun: setRun,
  run: function () { return state.run; },
  onRefused: function (code) {
    if (code === "not_joined" && workshop.join_url) { window.location.href = workshop.join_url; return; }
    showBanner(errorText(t, {error: code}));
  },
});
const first = screen.first;
const t = screen.t;
const config = screen.config;
const live = screen.live;
const countdown = screen.countdown;
const PHASES = config.phases || [];
const SHARE_PHASES = config.share_phases || PHASES.slice(1);
const RULES = (function () { try { return JSON.parse(t("rules_synthesis")); } catch (e) { return {}; } })();
const workshop = first.workshop || {};
state.me = first.me || {};
state.joined = first.joined || 0;
const prefix = "facilitator:" + workshop.code + ":" + state.me.id + ":";

const notes = noteBoard({
  live: live, t: t, el: el, state: state, prefix: prefix, max: config.note_max_length || 1000,
  canShare: canShare, receiveNote: receiveNote, settled: renderTableNotes,
});
const rotation = rotationCard({el: el, t: t, state: state, prefix: prefix, focusAfter: $("table-label")});
const renderHandover = handoverCard({el: el, t: t, state: state, prefix: prefix});

// Released, erased or handed to another device: this phone no longer holds the name.
live.on("revoked", function () { if (workshop.join_url) window.location.href = workshop.join_url; });
live.socket.on("disconnect", function (reason) {
  // The server hung up on purpose: reconnect once to hear why (a refusal lands in onRefused).
  if (reason === "io server disconnect") setTimeout(function () { live.socket.connect(); }, 1000);
});
const voting = new Voting({
  live: live, t: t, announcer: el.announcer,
  el: {plenary: $("plenary"), presenting: $("pl-presenting"), title: $("pl-title"), host: $("pl-host"),
       rounds: $("pl-rounds"), vote: $("vote"), rules: $("vote-rules"), state: $("vote-state"),
       left: $("dots-left"), error: $("vote-error"), list: $("vote-list"), empty: $("vote-empty")},
});
voting.onStale = function () {
  // Only my votes are taken from the answer: the public plenary keeps following the events,
  // which may be newer than a snapshot made while a reveal was on its way.
  live.emitWithAck("sync", {}, 8000, 1).then(function (res) {
    if (res.ok && res.snapshot && res.snapshot.plenary) voting.setMine(res.snapshot.plenary.my_votes);
  });
};
const photos = new PhonePhotos($("photos"), {
  live: live, t: t, announcer: el.announcer, code: workshop.code,
  me: function () { return state.me; },
});

live.on("seat", function (me) {
  const before = state.me && state.me.table ? state.me.table.number : null;
  state.me = me;
  rotation.noticeMove(before);
  renderSeat();
  rotation.render();
});
live.on("note", receiveNote);
live.on("note_removed", function (gone) {
  const key = gone.client_id || String(gone.id);
  state.notes.delete(key);
  state.tableNotes.delete(key);
  notes.render();
  renderTableNotes();
});
live.on("message", function (message) { state.message = message; renderMessage(true); });
live.on("joined", function (data) { state.joined = data.count; renderLobbyCount(); });
live.on("synthesis", function (syn) {
  // Everyone at the table hears it; only the host works with it.
  if (state.me.role === "host" && state.run && syn.round === state.run.round
      && newerSynthesis(state.synthesis, syn)) { state.synthesis = syn; renderHostTools(); }
});
followPlenary(live, function () { return state.plenary; }, function (plenary, kind) {
  state.plenary = plenary;
  voting.update(plenary, false);
  if (kind === "votes") renderVoteFirst(); else renderRun();
});
live.on("my_votes", function (mine) { voting.setMine(mine.my_votes); });
live.on("connect", function () { notes.online(); renderOffline(); });
live.on("disconnect", function () { renderOffline(); notes.render(); });

/* ---- State --------------------------------------------------------------------- */

function byClientId(notes) {
  const map = new Map();
  (notes || []).forEach(function (note) { map.set(note.client_id || String(note.id), note); });
  return map;
}

function applySnapshot(snapshot) {
  if (!snapshot) return;
  if (snapshot.me) state.me = snapshot.me;
  state.notes = byClientId(snapshot.notes);
  state.tableNotes = byClientId(snapshot.table_notes);
  state.message = snapshot.message || null;
  state.joined = snapshot.joined || 0;
  state.synthesis = snapshot.synthesis || null;
  state.plenary = snapshot.plenary || null;
  photos.snapshot(snapshot);
  voting.update(state.plenary, true);
  state.run = null;  // a snapshot is the truth, even if its version looks older
  setRun(snapshot.run);
  renderSeat();
  renderMessage(false);
  renderTableNotes();
  notes.flush();
}

function setRun(run) {
  const before = state.run;
  state.run = run;
  renderRun();
  renderSeat();
  rotation.render();
  notes.render();
  renderTableNotes();
  photos.setRun(run);
  if (before && before.stage !== run.stage && run.stage === "rotation") buzz([200, 100, 200]);
}

function canShare() {
  const run = state.run;
  return !!(run && run.stage === "round" && SHARE_PHASES.indexOf(run.phase) >= 0 && state.me.table);
}

function receiveNote(note) {
  const key = note.client_id || String(note.id);
  if (note.mine) state.notes.set(key, note);
  const atTable = note.state === "shared" || note.state === "held";
  if (atTable && (!state.run || note.round === state.run.round)) state.tableNotes.set(key, note);
  else state.tableNotes.delete(key);
  if (note.returned) { announce(el.announcer, t("note_returned")); showToast(t("note_returned")); }
  notes.render();
  renderTableNotes();
}

/* ---- Rendering ------------------------------------------------------------------ */

function renderRun() {
  const run = state.run;
  el.bar.dataset.stage = run.stage;
  setText(el.phase, phaseLabel(t, run));
  // Each stage says what it is: the round count only while rounds are being played.
  const playing = run.stage === "round" || run.stage === "rotation";
  setText(el.roundOf, run.round && playing ? t("round_of", {number: run.round, total: run.rounds}) : "");
  setText(el.question, run.question || "");
  renderMyRoute();
  const inRound = run.stage === "round" || run.stage === "rotation";
  show(el.lobby, run.stage === "lobby");
  show(el.closing, run.stage === "plenary" || run.stage === "closed");
  setText(el.closingText, run.stage === "closed" ? t("closed_phone") : t("plenary_phone"));
  show(el.questionCard, inRound && !!run.question);
  show(el.tableCard, inRound);
  show(el.notes, run.stage === "round");
  renderHostTools();
  renderHandover();
  renderHeard($("heard"), run, state.me, t);
  document.body.classList.toggle("is-plenary", run.stage === "plenary" || run.stage === "closed");
  if (run.stage !== "plenary" && run.stage !== "closed") voting.update(null, true);
  else if (state.plenary && !voting.plenary) voting.update(state.plenary, true);
  renderVoteFirst();
  const sharing = canShare();
  el.saveShare.hidden = !sharing && !notes.editing();
  show(el.shareHint, !sharing);
  notes.updateComposer();
  countdown.update(run);
  if (run.stage !== "round" && notes.editing()) notes.stopEditing();
}

/** The table the card shows: between a rotation and the next round, the one being walked
    to (me.next), never "no table yet"; otherwise the table of the running round. */
function seatShown() {
  const me = state.me;
  const run = state.run;
  if (run && run.stage === "rotation" && me.next && me.next.table) {
    return {table: me.next.table, host: me.next.host, hosting: !!me.next.hosting,
            mates: me.next.tablemates || [], waiting: me.next.round};
  }
  return {table: me.table, host: me.host, hosting: me.role === "host" && !!me.table,
          mates: me.tablemates || [], waiting: null};
}

function renderSeat() {
  const me = state.me;
  const seat = seatShown();
  const table = seat.table;
  setText(el.tableNumber, table ? table.number : "–");
  setText(el.tableName, table ? (table.name || "") : t("no_table"));
  const waiting = $("seat-waiting");
  if (waiting) {
    setText(waiting, seat.waiting ? t("waiting_for_round", {number: seat.waiting}) : "");
    show(waiting, !!seat.waiting);
  }
  el.hostLine.textContent = "";
  if (seat.hosting) el.hostLine.appendChild(h("strong", {text: t("you_are_host")}));
  else if (seat.host) el.hostLine.textContent = t("host_name", {name: seat.host});
  show($("host-hint"), seat.hosting);
  const mates = seat.mates;
  show(el.mates, mates.length > 0);
  setText(el.matesCount, mates.length);
  syncList(el.matesList, mates, String, function () { return h("li"); }, function (li, name) { setText(li, name); });
  renderHostTools();
  renderHandover();
  if (state.run) renderHeard($("heard"), state.run, me, t);
  renderMyRoute();
}

function renderMyRoute() {
  renderRoute($("route"), state.me.route, state.run ? state.run.stage : null, t);
}

function renderLobbyCount() {
  setText(el.lobbyJoined, t("joined_count", {count: state.joined}));
}

function renderMessage(fresh) {
  const message = state.message;
  const dismissed = store.get(prefix + "dismissed", null);
  const visible = !!(message && message.text) && dismissed !== message.at;
  if (visible) setText(el.messageText, message.text);
  show(el.message, visible);
  if (visible && fresh) buzz(150);
}

function showBanner(text) {
  state.message = {text: text, at: "local-" + Date.now()};
  renderMessage(false);
}

function renderOffline() {
  show(el.offline, !live.socket.connected);
}

/* ---- Vote first: when votes open (and once revealed) the vote fills the screen ------ */

let presentingShown = false;

function renderVoteFirst() {
  const run = state.run;
  const p = state.plenary;
  const inPlenary = !!(run && (run.stage === "plenary" || run.stage === "closed"));
  const voteFirst = !!(inPlenary && p && (p.votes_open || p.revealed));
  if (!voteFirst) presentingShown = false;
  document.body.classList.toggle("vote-first", voteFirst && !presentingShown);
  const table = p && p.table ? (p.tables || []).filter(function (x) { return x.number === p.table; })[0] : null;
  const toTable = $("vote-presenting");
  setText(toTable, table ? t("see_presenting", {number: table.number}) : t("see_plenary"));
  show(toTable, voteFirst && !presentingShown);
  show($("back-to-vote"), voteFirst && presentingShown);
  const count = votedLine(t, inPlenary ? p : null);
  setText($("vote-count"), count);
  show($("vote-count"), !!count);
}

$("vote-presenting").addEventListener("click", function () {
  presentingShown = true;
  renderVoteFirst();
  $("plenary").scrollIntoView({block: "start"});
});
$("back-to-vote").addEventListener("click", function () {
  presentingShown = false;
  renderVoteFirst();
  $("vote").scrollIntoView({block: "start"});
});

/* ---- The table's notes and the host's tools ------------------------------------------ */

function renderTableNotes() {
  const round = state.run ? state.run.round : null;
  const shared = Array.from(state.tableNotes.values()).filter(function (n) { return round === null || n.round === round; });
  renderTablecloth($("tablecloth"), state.me.role === "host" ? null : shared, state.run, t);
  if (!editor) return;
  editor.setTableNotes(shared);
}

let editor = null;
let editorLoading = null;

function renderHostTools() {
  const run = state.run;
  const hosting = !!(run && run.stage === "round" && state.me.role === "host");
  show(el.hostTools, hosting);
  document.body.classList.toggle("is-host", hosting);
  if (!hosting) return;
  if (!editor) {
    // Only hosts load the editor (a third of the phone's script): fetched on first need.
    if (!editorLoading) {
      editorLoading = import("./synthesis.js").then(function (module) {
        editor = new module.SynthesisEditor(el.editor, {
          live: live, t: t, rules: RULES, myName: state.me.name, announcer: el.announcer,
          storeKey: prefix + "synthesis-queue",
        });
        renderTableNotes();
        renderHostTools();
      }, function () { editorLoading = null; });
    }
    return;
  }
  if (state.synthesis && state.synthesis.round === run.round) editor.update(state.synthesis);
  else resyncSynthesis();
}

/** The snapshot had no synthesis (a round just started): ask for it once. */
let asked = null;
function resyncSynthesis() {
  const key = state.run.round;
  if (asked === key || !live.socket.connected) return;
  asked = key;
  live.emitWithAck("sync", {}, 8000, 1).then(function (res) {
    if (res.ok && res.snapshot && res.snapshot.synthesis) { state.synthesis = res.snapshot.synthesis; renderHostTools(); }
  });
}

el.messageDismiss.addEventListener("click", function () {
  if (state.message) store.set(prefix + "dismissed", state.message.at);
  show(el.message, false);
});

/* ---- Start ---------------------------------------------------------------------- */

applySnapshot(first);
renderOffline();
notes.updateComposer();
