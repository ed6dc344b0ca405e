/* The participant's phone: question, phase and countdown, table and host, the rotation
   card, and notes with an offline queue. Notes written without a connection wait in
   localStorage under a client-made id; the server is idempotent on that id, so a retry
   after a lost acknowledgement never makes a second note. */
import {
  readJSON, translator, openLive, connectionStatus, Countdown, newerRun, phaseLabel,
  setText, show, syncList, announce, h, buzz, uuid, store, errorText, renderRounds, newerPlenary,
  newerSynthesis, applyVotes, votedLine
} from "./live-common.js";
import {Voting} from "./vote.js";
import {PhonePhotos} from "./photos.js";
import {renderHeard} from "./heard.js";
import {renderRoute} from "./route.js";
import {renderTablecloth} from "./tablecloth.js";

const first = readJSON("snapshot") || {};
const t = translator(readJSON("strings"));
const config = readJSON("config") || {};
const MAX = config.note_max_length || 1000;
const PHASES = config.phases || [];
const SHARE_PHASES = config.share_phases || PHASES.slice(1);
const RETRYABLE = ["timeout", "offline", "unavailable", "rate_limited"];
const RULES = (function () { try { return JSON.parse(t("rules_synthesis")); } catch (e) { return {}; } })();

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

const workshop = first.workshop || {};
const state = {
  run: null, me: first.me || {}, notes: new Map(), tableNotes: new Map(),
  message: null, joined: first.joined || 0, synthesis: null, plenary: null,
};

/* ---- The queue of notes not yet acknowledged ------------------------------------ */

const prefix = "facilitator:" + workshop.code + ":" + state.me.id + ":";
// client_id -> {op: "save" | "share" | "delete", text, share, round, at, error}
let pending = store.get(prefix + "queue", {});
const inFlight = new Set();
let flushing = false;
let retryTimer = null;
let retryDelay = 3000;

function persist() { store.set(prefix + "queue", pending); }

/* ---- Socket ---------------------------------------------------------------------- */

const live = openLive({
  config: config, view: "participant", workshop: workshop.code, serverNow: first.server_now, t: t,
  onSnapshot: applySnapshot,
  onRefused: function (code) {
    if (code === "not_joined" && workshop.join_url) { window.location.href = workshop.join_url; return; }
    showBanner(errorText(t, {error: code}));
  },
});
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
const countdown = new Countdown({
  display: el.countdown, region: el.announcer, root: el.timer, clock: live.clock, t: t,
  phaseName: function (phase) { return t("phase_" + phase); },
});
connectionStatus($("connection"), live, t);

live.on("snapshot", applySnapshot);
live.on("run", function (run) { if (newerRun(state.run, run)) { setRun(run); } });
live.on("seat", function (me) {
  const before = state.me && state.me.table ? state.me.table.number : null;
  state.me = me;
  noticeMove(before);
  renderSeat();
  renderRotation();
});
live.on("note", receiveNote);
live.on("note_removed", function (gone) {
  const key = gone.client_id || String(gone.id);
  state.notes.delete(key);
  state.tableNotes.delete(key);
  renderNotes();
  renderTableNotes();
});
live.on("message", function (message) { state.message = message; renderMessage(true); });
live.on("joined", function (data) { state.joined = data.count; renderLobbyCount(); });
live.on("synthesis", function (syn) {
  // Everyone at the table hears it; only the host works with it.
  if (state.me.role === "host" && state.run && syn.round === state.run.round
      && newerSynthesis(state.synthesis, syn)) { state.synthesis = syn; renderHostTools(); }
});
live.on("plenary", function (plenary) {
  if (!newerPlenary(state.plenary, plenary)) return;
  state.plenary = plenary; voting.update(plenary, false); renderRun();
});
live.on("votes", function (votes) {
  const next = applyVotes(state.plenary, votes);
  if (next !== state.plenary) { state.plenary = next; voting.update(next, false); renderVoteFirst(); }
});
live.on("my_votes", function (mine) { voting.setMine(mine.my_votes); });
live.on("connect", function () { retryDelay = 3000; renderOffline(); });
live.on("disconnect", function () { renderOffline(); renderNotes(); });

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
  flush();
}

function setRun(run) {
  const before = state.run;
  state.run = run;
  renderRun();
  renderSeat();
  renderRotation();
  renderNotes();
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
  renderNotes();
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
  el.saveShare.hidden = !sharing && !editing;
  show(el.shareHint, !sharing);
  updateComposer();
  countdown.update(run);
  if (run.stage !== "round" && editing) stopEditing();
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

/* The rotation card: where to go next and whom you will meet, until "I'm there". The same
   card, full screen, when the facilitator moves this person during a round. */
let moved = null;  // "round:table" of a move during a round, until its card is dismissed

function noticeMove(before) {
  const run = state.run;
  const table = state.me.table;
  if (run && run.stage === "round" && before !== null && table && table.number !== before) {
    moved = run.round + ":" + table.number;
  }
}

function rotationTarget() {
  const me = state.me;
  const run = state.run;
  if (run && run.stage === "round") {
    if (!moved || !me.table || moved !== run.round + ":" + me.table.number) return null;
    return {round: run.round, table: me.table, host: me.host, mates: me.tablemates || [],
            hosting: false, key: "move:" + moved, moved: true};
  }
  if (!run || run.stage !== "rotation") return null;
  return rotationNext(me);
}

function rotationNext(me) {
  if (me.next && me.next.table) {
    const host = me.next.role ? me.next.role === "host" : me.next.host === me.name;
    return {round: me.next.round, table: me.next.table, host: me.next.host,
            mates: me.next.tablemates || [], hosting: host};
  }
  if (!me.table) return null;
  return {round: state.run.round + 1, table: me.table, host: me.host,
          mates: me.tablemates || [], hosting: me.role === "host"};
}

function renderRotation() {
  const run = state.run;
  const target = run ? rotationTarget() : null;
  const key = target ? (target.key || run.round + ":" + target.table.number) : null;
  const open = !!target && store.get(prefix + "rotation-seen", null) !== key;
  const wasOpen = !el.rotation.hidden;
  if (target) {
    el.rotation.dataset.key = key;
    el.rotation.dataset.hosting = target.hosting ? "yes" : "no";
    setText(el.rotationRound, target.moved ? t("moved_by_facilitator")
      : target.round <= run.rounds ? t("next_round", {number: target.round}) : "");
    setText(el.rotationTitle, t(target.hosting ? "stay_at_table" : "go_to_table", {number: target.table.number}));
    setText(el.rotationName, target.table.name || "");
    setText(el.rotationHost, target.hosting ? t("stay_host_hint") : target.host ? t("hosted_by", {name: target.host}) : "");
    show(el.rotationMeet, target.mates.length > 0);
    syncList(el.rotationMates, target.mates, String, function () { return h("li"); },
      function (li, name) { setText(li, name); });
  }
  show(el.rotation, open);
  setInert(open);
  if (open && !wasOpen) {
    buzz([200, 100, 200]);
    el.rotationTitle.focus();
  }
}

function setInert(on) {
  // Everything but the card: the card itself sits inside <main>, so <main> cannot be inert.
  const main = document.querySelector("main");
  const others = main ? Array.prototype.filter.call(main.children, function (node) { return node !== el.rotation; }) : [];
  others.concat([el.bar]).forEach(function (node) {
    if (!node) return;
    if (on) { node.setAttribute("inert", ""); node.setAttribute("aria-hidden", "true"); }
    else { node.removeAttribute("inert"); node.removeAttribute("aria-hidden"); }
  });
}

function closeRotation() {
  store.set(prefix + "rotation-seen", el.rotation.dataset.key || null);
  show(el.rotation, false);
  setInert(false);
  $("table-label").focus();
}
el.rotationOk.addEventListener("click", closeRotation);
el.rotation.addEventListener("keydown", function (event) {
  if (event.key === "Escape") closeRotation();
  if (event.key === "Tab") { event.preventDefault(); el.rotationOk.focus(); }
});

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

/* ---- Notes -------------------------------------------------------------------- */

/** What the list shows: the server's notes with the queue laid over them. */
function noteViews() {
  const views = new Map();
  state.notes.forEach(function (note, key) {
    views.set(key, {key: key, id: note.id, text: note.text, state: note.state, round: note.round,
                    consolidated: !!note.consolidated, order: note.id || 0});
  });
  Object.keys(pending).forEach(function (key) {
    const op = pending[key];
    let view = views.get(key);
    if (op.op === "delete") { views.delete(key); return; }
    if (!view) {
      if (op.op !== "save") return;
      view = {key: key, id: null, text: op.text, state: "private", round: op.round,
              consolidated: false, order: 1e15 + op.at};  // not on the server yet: on top
      views.set(key, view);
    }
    if (op.op === "save") view.text = op.text;
    view.pending = op;
  });
  return Array.from(views.values()).sort(function (a, b) { return b.order - a.order; });
}

function noteStatus(view) {
  const op = view.pending;
  if (op && op.error) return ["failed", t("note_failed", {message: op.error})];
  if (op) return live.socket.connected || inFlight.has(view.key) ? ["sending", t("note_sending")] : ["pending", t("note_pending")];
  if (view.consolidated) return ["consolidated", t("note_consolidated")];
  if (view.state === "shared") return ["shared", t("note_shared")];
  if (view.state === "held") return ["held", t("note_held")];
  return ["saved", t("note_saved")];
}

/** Shared with the table, or waiting for the host's review: either way, not to share again. */
function isShared(view) { return view.state === "shared" || view.state === "held"; }

function createNoteItem() {
  const share = h("button", {type: "button", class: "btn small primary", "data-action": "share", text: t("share")});
  const edit = h("button", {type: "button", class: "btn small secondary", "data-action": "edit", text: t("edit")});
  const del = h("button", {type: "button", class: "btn small danger", "data-action": "delete", text: t("delete")});
  return h("li", {class: "note"}, [
    h("p", {class: "note-text"}),
    h("p", {class: "note-state"}, [h("span", {class: "state-icon", "aria-hidden": "true"}), h("span", {class: "state-text"})]),
    h("div", {class: "note-actions"}, [share, edit, del]),
  ]);
}

function updateNoteItem(li, view) {
  const status = noteStatus(view);
  li.dataset.state = status[0];
  setText(li.querySelector(".note-text"), view.text);
  setText(li.querySelector(".state-text"), status[1]);
  const locked = view.consolidated;
  const shareBtn = li.querySelector("[data-action=share]");
  shareBtn.hidden = locked || isShared(view) || (view.pending && view.pending.share) || !canShare();
  li.querySelector("[data-action=edit]").hidden = locked;
  li.querySelector("[data-action=delete]").hidden = locked;
  li.classList.toggle("is-editing", editing === view.key);
}

function renderNotes() {
  if (!state.run) return;
  const round = state.run.round;
  const views = noteViews();
  const current = views.filter(function (v) { return v.round === round; });
  syncList(el.list, current, function (v) { return v.key; }, createNoteItem, updateNoteItem);
  show(el.noNotes, current.length === 0);
  const unshared = current.filter(function (v) {
    return !isShared(v) && !v.consolidated && !(v.pending && (v.pending.share || v.pending.error));
  });
  show(el.shareAll, canShare() && unshared.length > 1);
  renderEarlier(views.filter(function (v) { return v.round !== round; }));
}

function renderEarlier(views) {
  show(el.earlier, views.length > 0);
  const rounds = [];
  views.forEach(function (v) { if (rounds.indexOf(v.round) < 0) rounds.push(v.round); });
  rounds.sort(function (a, b) { return b - a; });
  syncList(el.earlierList, rounds, String, function (round) {
    return h("section", {class: "earlier-round"}, [h("h3", {text: t("round_number", {number: round})}), h("ul", {class: "note-list"})]);
  }, function (section, round) {
    const mine = views.filter(function (v) { return v.round === round; });
    syncList(section.querySelector("ul"), mine, function (v) { return v.key; }, function () {
      return h("li", {class: "note"}, [h("p", {class: "note-text"}), h("p", {class: "note-state"}, [
        h("span", {class: "state-icon", "aria-hidden": "true"}), h("span", {class: "state-text"})])]);
    }, function (li, v) {
      const status = noteStatus(v);
      li.dataset.state = status[0];
      setText(li.querySelector(".note-text"), v.text);
      setText(li.querySelector(".state-text"), status[1]);
    });
  });
}

function renderTableNotes() {
  const round = state.run ? state.run.round : null;
  const notes = Array.from(state.tableNotes.values()).filter(function (n) { return round === null || n.round === round; });
  renderTablecloth($("tablecloth"), state.me.role === "host" ? null : notes, state.run, t);
  if (!editor) return;
  editor.setTableNotes(notes);
}

/* ---- Host tools and handover ------------------------------------------------------ */

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

/** The handover card, from round 2: the host restates it, newcomers read it. Dismissed per
    round on this phone; the table card has a button to open it again. */
function handoverKey() { return prefix + "handover-closed:" + (state.run ? state.run.round : 0); }

function renderHandover(reopen) {
  const run = state.run;
  const card = state.me.handover;
  const relevant = !!(run && run.stage === "round" && card && state.me.table);
  // In a synthesizing round "What you heard" comes first: the card waits behind its button.
  const stored = store.get(handoverKey(), null);
  const closed = stored === null ? !!(run && run.synthesizing) : !!stored;
  show(el.handover, relevant && !closed);
  show(el.handoverOpen, relevant && closed);
  if (!relevant) return;
  const hosting = state.me.role === "host";
  setText(el.handoverTitle, t(hosting ? "handover_host_title" : "handover_guest_title"));
  setText(el.handoverHint, hosting ? t("handover_host_hint") : "");
  show(el.handoverHint, hosting);
  el.handover.dataset.role = hosting ? "host" : "guest";
  setText(el.handoverTheme, card.theme ? t("handover_theme", {theme: card.theme}) : "");
  show(el.handoverTheme, card.kind === "theme" && !!card.theme);
  renderRounds(el.handoverRounds, card.empty ? [] : card.rounds, t, 3);
  show(el.handoverEmpty, !!card.empty);
  if (reopen) el.handoverTitle.focus();
}

el.handoverClose.addEventListener("click", function () {
  store.set(handoverKey(), true);
  renderHandover();
  el.handoverOpen.focus();
});
el.handoverOpen.addEventListener("click", function () {
  store.set(handoverKey(), false);
  renderHandover(true);
});

/* ---- Composer ----------------------------------------------------------------- */

let editing = null;  // client_id of the note being edited
let shareChoice = false;
el.text.value = store.get(prefix + "draft", "") || "";
let draftTimer = null;

function updateComposer() {
  const length = el.text.value.length;
  const left = MAX - length;
  setText(el.count, left < 100 ? t("chars_left", {count: left}) : t("chars_count", {count: length, max: MAX}));
  el.count.classList.toggle("warn", left < 100);
  const empty = el.text.value.trim() === "";
  el.save.disabled = empty;
  el.saveShare.disabled = empty || !canShare();
}

el.text.addEventListener("input", function () {
  updateComposer();
  clearTimeout(draftTimer);
  draftTimer = setTimeout(function () { if (!editing) store.set(prefix + "draft", el.text.value); }, 400);
});
el.save.addEventListener("click", function () { shareChoice = false; });
el.saveShare.addEventListener("click", function () { shareChoice = true; });
el.composer.addEventListener("submit", function (event) {
  event.preventDefault();
  const text = el.text.value.trim();
  if (!text) return;
  const key = editing || uuid();
  const existing = state.notes.get(key);
  // Editing a shared note keeps it shared; the server decides whether that is allowed now.
  queueSave(key, text.slice(0, MAX), shareChoice || !!(existing && isShared(existing)));
  stopEditing();
  el.text.value = "";
  store.remove(prefix + "draft");
  updateComposer();
  el.text.focus();
});
el.cancelEdit.addEventListener("click", function () { stopEditing(); el.text.value = store.get(prefix + "draft", "") || ""; updateComposer(); });

function startEditing(key) {
  const view = noteViews().filter(function (v) { return v.key === key; })[0];
  if (!view) return;
  if (!editing) store.set(prefix + "draft", el.text.value);
  editing = key;
  el.text.value = view.text;
  show(el.editingLabel, true);
  show(el.cancelEdit, true);
  setText(el.save, t("update_note"));
  el.saveShare.hidden = isShared(view) || !canShare();
  updateComposer();
  renderNotes();
  el.text.focus();
  el.composer.scrollIntoView({block: "nearest"});
}

function stopEditing() {
  editing = null;
  show(el.editingLabel, false);
  show(el.cancelEdit, false);
  setText(el.save, t("save_note"));
  el.saveShare.hidden = !canShare();
  renderNotes();
}

el.list.addEventListener("click", function (event) {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const key = button.closest("li").dataset.key;
  const action = button.dataset.action;
  if (action === "share") queueShare([key]);
  else if (action === "edit") startEditing(key);
  else if (action === "delete" && window.confirm(t("confirm_delete"))) queueDelete(key);
});
el.shareAll.addEventListener("click", function () {
  const round = state.run.round;
  queueShare(noteViews().filter(function (v) {
    return v.round === round && v.state !== "shared" && !v.consolidated && !(v.pending && v.pending.error);
  }).map(function (v) { return v.key; }));
});
el.messageDismiss.addEventListener("click", function () {
  if (state.message) store.set(prefix + "dismissed", state.message.at);
  show(el.message, false);
});

/* ---- Queue operations ---------------------------------------------------------- */

function queueSave(key, text, share) {
  const before = pending[key];
  const known = state.notes.get(key);
  pending[key] = {op: "save", text: text, share: share || !!(before && before.op !== "delete" && before.share),
                  round: (before && before.round) || (known && known.round) || state.run.round, at: Date.now()};
  changed();
  if (!live.socket.connected) announce(el.announcer, t("announce_queued"));
}

function queueShare(keys) {
  keys.forEach(function (key) {
    const op = pending[key];
    if (op && op.op === "save") { op.share = true; op.error = null; }
    else if (!op) pending[key] = {op: "share", at: Date.now()};
  });
  changed();
}

function queueDelete(key) {
  if (editing === key) stopEditing();
  const op = pending[key];
  if (!state.notes.has(key) && op && op.error) delete pending[key];  // never reached the server
  else pending[key] = {op: "delete", at: Date.now()};
  changed();
}

function changed() {
  persist();
  renderNotes();
  flush();
}

/** Send the queue, one request at a time and in order: a save before its delete. */
function flush() {
  if (flushing || !live.socket.connected) return;
  const keys = Object.keys(pending).filter(function (k) { return !pending[k].error; })
    .sort(function (a, b) { return pending[a].at - pending[b].at; });
  if (!keys.length) return;
  const shares = keys.filter(function (k) { return pending[k].op === "share"; });
  const key = keys[0];
  const op = pending[key];
  flushing = true;
  let request;
  if (op.op === "share") {
    request = sendShare(shares.slice(0, 100));
  } else if (op.op === "save") {
    request = sendSave(key, op);
  } else {
    request = sendDelete(key, op);
  }
  request.then(function (again) {
    flushing = false;
    persist();
    renderNotes();
    renderTableNotes();
    if (again) flush();
  });
}

/** After a failure worth retrying: wait, longer each time, then try again. */
function retryLater() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(flush, retryDelay + Math.random() * 1000);
  retryDelay = Math.min(retryDelay * 2, 60000);
  return false;
}

function sendSave(key, op) {
  inFlight.add(key);
  const payload = {client_id: key, text: op.text, share: !!op.share};
  if (op.round) payload.round = op.round;  // typed in an earlier round: filed there
  return live.emitWithAck("note.save", payload, 10000, 2)
    .then(function (res) {
      inFlight.delete(key);
      if (res.ok) {
        if (res.note) { state.notes.set(key, res.note); receiveNote(res.note); }
        if (pending[key] === op) delete pending[key];
        announce(el.announcer, t(res.note && isShared(res.note) ? "announce_shared" : "announce_saved"));
        return true;
      }
      if (res.error === "not_now" && op.share) {
        op.share = false;  // sharing has closed since: keep the note, privately
        announce(el.announcer, t("saved_not_shared"));
        return true;
      }
      if (RETRYABLE.indexOf(res.error) >= 0) return retryLater();
      if (pending[key] === op) op.error = errorText(t, res);
      announce(el.announcer, errorText(t, res));
      return true;
    });
}

function sendShare(keys) {
  keys.forEach(function (k) { inFlight.add(k); });
  return live.emitWithAck("note.share", {client_ids: keys}, 10000, 2).then(function (res) {
    keys.forEach(function (k) { inFlight.delete(k); });
    if (RETRYABLE.indexOf(res.error) >= 0) return retryLater();
    keys.forEach(function (k) { if (pending[k] && pending[k].op === "share") delete pending[k]; });
    if (res.ok) {
      (res.notes || []).forEach(function (note) { receiveNote(note); });
      const n = (res.notes || []).length || keys.length;
      announce(el.announcer, n > 1 ? t("announce_shared_many", {count: n}) : t("announce_shared"));
    } else {
      // The notes stay saved; only the sharing was refused.
      announce(el.announcer, res.error === "not_now" ? t("share_when") : errorText(t, res));
      showToast(res.error === "not_now" ? t("share_when") : errorText(t, res));
    }
    return true;
  });
}

function sendDelete(key, op) {
  inFlight.add(key);
  return live.emitWithAck("note.delete", {client_id: key}, 10000, 2).then(function (res) {
    inFlight.delete(key);
    if (res.ok || res.error === "not_found") {
      state.notes.delete(key);
      state.tableNotes.delete(key);
      if (pending[key] === op) delete pending[key];
      announce(el.announcer, t("announce_deleted"));
      return true;
    }
    if (RETRYABLE.indexOf(res.error) >= 0) return retryLater();
    if (pending[key] === op) delete pending[key];  // refused (consolidated): the note comes back
    showToast(errorText(t, res));
    return true;
  });
}

function showToast(text) {
  let toast = document.getElementById("toast");
  if (!toast) {
    toast = h("p", {id: "toast", class: "toast", role: "alert"});
    document.body.appendChild(toast);
  }
  setText(toast, text);
  toast.hidden = false;
  clearTimeout(showToast.timer);
  showToast.timer = setTimeout(function () { toast.hidden = true; }, 6000);
}

/* ---- Start ---------------------------------------------------------------------- */

// Another tab of the same person changed the queue: follow it.
window.addEventListener("storage", function (event) {
  if (event.key === prefix + "queue") {
    pending = store.get(prefix + "queue", {});
    renderNotes();
  }
});

applySnapshot(first);
renderOffline();
updateComposer();
