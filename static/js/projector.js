/* The projector: one scene per stage, sized to the screen with no scrolling. Long
   questions shrink to fit; the countdown is the biggest thing in the room. */
import {setText, show, syncList, h} from "./dom.js";
import {votedLine} from "./updates.js";
import {renderRounds} from "./rounds.js";
import {openScreen, followPlenary} from "./screen.js";
import {renderEmerging, emergingSuffix} from "./heard.js";
import {renderThumbs} from "./photos.js";

const $ = function (id) { return document.getElementById(id); };
const el = {
  stage: $("stage"), joined: $("p-joined"), roundOf: $("p-round-of"), question: $("p-question"),
  phase: $("p-phase"), timer: $("p-timer"), countdown: $("p-countdown"), next: $("p-next"),
  message: $("p-message"), messageText: $("p-message-text"), footJoin: $("p-foot-join"),
  fullscreen: $("fullscreen"), announcer: $("announcer"),
};
const scenes = ["lobby", "round", "rotation", "plenary", "closed"];
const state = {run: null, plenary: null};

const screen = openScreen({
  view: "projector", countdown: el.countdown, timer: el.timer, announcer: el.announcer,
  connection: $("connection"), onSnapshot: applySnapshot, onRun: setRun,
  run: function () { return state.run; },
});
const first = screen.first;
const t = screen.t;
const live = screen.live;
const countdown = screen.countdown;
const context = first.context || {};
state.plenary = first.plenary || null;

live.on("message", renderMessage);
followPlenary(live, function () { return state.plenary; }, function (plenary) {
  state.plenary = plenary;
  renderPlenary();
});
live.on("joined", function (data) { setText(el.joined, t("joined_count", {count: data.count})); });
live.on("board", function (board) { setText(el.joined, t("joined_count", {count: board.joined || 0})); });

function applySnapshot(snapshot) {
  if (!snapshot) return;
  state.run = null;
  state.plenary = snapshot.plenary || null;
  setRun(snapshot.run);
  renderMessage(snapshot.message);
  setText(el.joined, t("joined_count", {count: snapshot.joined || 0}));
}

function setRun(run) {
  state.run = run;
  const scene = run.stage === "ready" ? "lobby" : run.stage;
  el.stage.dataset.scene = scene;
  scenes.forEach(function (name) { show($("scene-" + name), name === scene); });
  const slide = lobbySlide(run);
  $("scene-lobby").dataset.slide = slide;
  Array.prototype.forEach.call(document.querySelectorAll(".p-slide"), function (node) {
    show(node, node.dataset.slide === slide);
  });
  // The join code stays on screen whatever slide the lobby shows.
  show(el.footJoin, scene !== "lobby" || slide !== "join");
  // Each stage says what it is: the round count only while rounds are being played.
  const playing = run.stage === "round" || run.stage === "rotation";
  setText(el.roundOf, run.round && playing ? t("round_of", {number: run.round, total: run.rounds}) : "");
  show($("p-synthesizing"), !!run.synthesizing);
  setText(el.phase, run.phase ? t("phase_" + run.phase) : "");
  setText(el.next, run.next_question ? t("next_question", {question: run.next_question}) : "");
  if (el.question.textContent !== (run.question || "")) {
    setText(el.question, run.question || "");
  }
  countdown.update(run);
  renderPlenary();
  fit();
}

/** The context slide the facilitator chose, if this workshop has it; the join slide else. */
function lobbySlide(run) {
  const kind = (context.all_slides || [])[run.slide || 0];
  return kind && document.querySelector('.p-slide[data-slide="' + kind + '"]') ? kind : "join";
}

function renderMessage(message) {
  const text = message && message.text ? message.text : "";
  setText(el.messageText, text);
  show(el.message, !!text);
  fit();
}

/** The largest font size (in px) at which the question fits its box without scrolling. */
function fitText(node, box, largest, smallest) {
  let low = smallest;
  let high = largest;
  node.style.fontSize = high + "px";
  if (box.scrollHeight <= box.clientHeight && node.scrollWidth <= box.clientWidth) return;
  while (high - low > 1) {
    const mid = (low + high) / 2;
    node.style.fontSize = mid + "px";
    if (box.scrollHeight <= box.clientHeight && node.scrollWidth <= box.clientWidth) low = mid;
    else high = mid;
  }
  node.style.fontSize = low + "px";
}

/* ---- Plenary: the overview, the table presenting, the ranking once revealed ------------- */

function renderPlenary() {
  const p = state.plenary;
  if (!p || !state.run || (state.run.stage !== "plenary" && state.run.stage !== "closed")) return;
  const tables = p.tables || [];
  const table = p.table ? tables.filter(function (tb) { return tb.number === p.table; })[0] : null;
  // Tallies exist here only because this screen is the facilitator's; shown once revealed.
  const view = p.revealed ? "results" : table ? "table" : "overview";
  el.stage.dataset.plenary = view;
  show($("pp-overview"), view === "overview");
  show($("pp-table"), view === "table");
  show($("pp-results"), view === "results");
  const voteLine = $("pp-vote-open");
  setText(voteLine, p.votes_open ? [t("vote_on_phones", {dots: (p.rules || {}).dots}), votedLine(t, p)].filter(Boolean).join(" · ") : "");
  show(voteLine, !!p.votes_open);
  renderEmerging($("pp-emerging"), view === "overview" ? p.emerging : [], t, 3);
  if (view === "overview") {
    syncList($("pp-table-list"), tables, function (tb) { return tb.number; }, function () {
      return h("li", {}, [h("span", {class: "pp-n"}), h("span", {class: "pp-t"}), h("span", {class: "pp-h"})]);
    }, function (li, tb) {
      setText(li.querySelector(".pp-n"), tb.number);
      setText(li.querySelector(".pp-t"), tb.name || t("table_number", {number: tb.number}));
      setText(li.querySelector(".pp-h"), tb.host || "");
    });
  } else if (view === "table") {
    setText($("pp-presenting"), t("presenting", {number: table.number}));
    setText($("pp-name"), table.name || t("table_number", {number: table.number}));
    setText($("pp-host"), table.host ? t("presented_by", {name: table.host}) : "");
    const rounds = (table.rounds || []).filter(function (r) { return (r.key_points || []).length || (r.solutions || []).length; });
    renderRounds($("pp-rounds"), rounds.length ? rounds : table.rounds, t, 2);
    $("pp-rounds").style.setProperty("--columns", Math.max(1, Math.min(3, (rounds.length || 1))));
    renderThumbs($("pp-photos"), table.photos || [], t);  // the tablecloths, beside the synthesis
  } else {
    renderRanking(p);
  }
  fit();
}

function renderRanking(p) {
  const byId = new Map((p.solutions || []).map(function (s) { return [s.id, s]; }));
  const ranked = (p.ranking || []).map(function (id) { return byId.get(id); }).filter(Boolean);
  const top = ranked.length ? Math.max(1, ranked[0].votes || 0) : 1;
  syncList($("pp-ranking"), ranked, function (s) { return s.id; }, function () {
    return h("li", {class: "pp-rank-item"}, [
      h("span", {class: "pp-rank"}), h("span", {class: "pp-rank-title"}), h("span", {class: "pp-rank-table"}),
      h("span", {class: "pp-bar"}, [h("span", {class: "pp-bar-fill"})]), h("span", {class: "pp-votes"}),
    ]);
  }, function (li, s) {
    li.hidden = false;
    setText(li.querySelector(".pp-rank"), ranked.indexOf(s) + 1);
    setText(li.querySelector(".pp-rank-title"), s.title || "…");
    setText(li.querySelector(".pp-rank-table"), t("from_table", {number: s.table}) + emergingSuffix(s, t));
    li.querySelector(".pp-bar-fill").style.width = Math.round(100 * (s.votes || 0) / top) + "%";
    setText(li.querySelector(".pp-votes"), s.votes || 0);
  });
}

/** Shrink a box's font until its content fits; past the smallest size, drop the last items
    of `list` (the ranking's tail) rather than scroll. */
function fitBox(box, largest, smallest, list) {
  if (!box || box.hidden) return;
  if (list) Array.prototype.forEach.call(list.children, function (li) { li.hidden = false; });
  let low = smallest;
  let high = largest;
  const fits = function () { return box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1; };
  box.style.fontSize = high + "px";
  if (!fits()) {
    while (high - low > 0.5) {
      const mid = (low + high) / 2;
      box.style.fontSize = mid + "px";
      if (fits()) low = mid; else high = mid;
    }
    box.style.fontSize = low + "px";
  }
  if (list) {
    const items = list.children;
    for (let i = items.length - 1; i > 2 && !fits(); i--) items[i].hidden = true;
  }
}

function fit() {
  if (el.stage.dataset.scene === "plenary") {
    const height = window.innerHeight;
    const view = el.stage.dataset.plenary;
    if (view === "table") fitBox($("pp-rounds"), Math.round(height * 0.05), 10);
    if (view === "results") fitBox($("pp-ranking"), Math.round(height * 0.055), 10, $("pp-ranking"));
    if (view === "overview") fitBox($("pp-emerging"), Math.round(height * 0.04), 10);
    return;
  }
  if (el.stage.dataset.scene !== "round") return;
  const box = el.question.parentNode;
  const height = window.innerHeight;
  fitText(el.question, box, Math.round(height * 0.085), 14);
}

let resizeTimer = null;
window.addEventListener("resize", function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(fit, 100); });

el.fullscreen.addEventListener("click", toggleFullscreen);
document.addEventListener("keydown", function (event) {
  if ((event.key === "f" || event.key === "F") && !event.ctrlKey && !event.metaKey && !event.altKey) toggleFullscreen();
});
function toggleFullscreen() {
  const doc = document.documentElement;
  if (document.fullscreenElement) document.exitFullscreen();
  else if (doc.requestFullscreen) doc.requestFullscreen().catch(function () { /* refused */ });
}
document.addEventListener("fullscreenchange", function () {
  el.fullscreen.hidden = !!document.fullscreenElement;
  setTimeout(fit, 100);
});

applySnapshot(first);
