/* The projector: one scene per stage, sized to the screen with no scrolling. Long
   questions shrink to fit; the countdown is the biggest thing in the room. */
import {
  readJSON, translator, openLive, connectionStatus, Countdown, newerRun, setText, show,
} from "./live-common.js";

const first = readJSON("snapshot") || {};
const t = translator(readJSON("strings"));
const config = readJSON("config") || {};

const $ = function (id) { return document.getElementById(id); };
const el = {
  stage: $("stage"), joined: $("p-joined"), roundOf: $("p-round-of"), question: $("p-question"),
  phase: $("p-phase"), timer: $("p-timer"), countdown: $("p-countdown"), next: $("p-next"),
  message: $("p-message"), messageText: $("p-message-text"), footJoin: $("p-foot-join"),
  fullscreen: $("fullscreen"), announcer: $("announcer"),
};
const scenes = ["lobby", "round", "rotation", "plenary", "closed"];
const state = {run: null};

const live = openLive({
  config: config, view: "projector", workshop: (first.workshop || {}).code,
  serverNow: first.server_now, t: t, onSnapshot: applySnapshot,
});
const countdown = new Countdown({
  display: el.countdown, region: el.announcer, root: el.timer, clock: live.clock, t: t,
  phaseName: function (phase) { return t("phase_" + phase); },
});
connectionStatus($("connection"), live, t);

live.on("snapshot", applySnapshot);
live.on("run", function (run) { if (newerRun(state.run, run)) setRun(run); });
live.on("message", renderMessage);
live.on("joined", function (data) { setText(el.joined, t("joined_count", {count: data.count})); });
live.on("board", function (board) { setText(el.joined, t("joined_count", {count: board.joined || 0})); });

function applySnapshot(snapshot) {
  if (!snapshot) return;
  state.run = null;
  setRun(snapshot.run);
  renderMessage(snapshot.message);
  setText(el.joined, t("joined_count", {count: snapshot.joined || 0}));
}

function setRun(run) {
  state.run = run;
  const scene = run.stage === "ready" ? "lobby" : run.stage;
  el.stage.dataset.scene = scene;
  scenes.forEach(function (name) { show($("scene-" + name), name === scene); });
  show(el.footJoin, scene !== "lobby");
  setText(el.roundOf, run.round ? t("round_of", {number: run.round, total: run.rounds}) : "");
  setText(el.phase, run.phase ? t("phase_" + run.phase) : "");
  setText(el.next, run.next_question ? t("next_question", {question: run.next_question}) : "");
  if (el.question.textContent !== (run.question || "")) {
    setText(el.question, run.question || "");
  }
  countdown.update(run);
  fit();
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

function fit() {
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
