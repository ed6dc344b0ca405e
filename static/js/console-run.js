/* The console's run panel: the commands enabled by the run's state, the lobby's context
   slides, automatic advance, and the broadcast to every phone. Commands are never
   retried on their own: "+1 min" sent twice would add two minutes. */
import {setText, show} from "./dom.js";
import {errorText} from "./text.js";
import {newerRun} from "./updates.js";

/**
 * ctx: {live, t, el, state ({run}), config, setRun(run), resync()}
 * Returns {renderControls, showError}.
 */
export function runPanel(ctx) {
  const live = ctx.live;
  const t = ctx.t;
  const el = ctx.el;
  const state = ctx.state;
  const PHASES = ctx.config.phases || [];
  let busy = false;

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

  const slides = document.getElementById("slides");

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
      if (res.ok && res.run && newerRun(state.run, res.run)) ctx.setRun(res.run);
      else if (!res.ok) { showError(errorText(t, res)); el.autoAdvance.checked = !el.autoAdvance.checked; }
    });
  });

  function send(event, payload, button) {
    busy = true;
    showError("");
    renderControls();
    return live.emitWithAck(event, payload, 8000, 0).then(function (res) {
      busy = false;
      if (res.ok && res.run && newerRun(state.run, res.run)) ctx.setRun(res.run);
      else renderControls();
      if (!res.ok) {
        showError(errorText(t, res));
        // The command may have reached the server: ask for the truth rather than guess.
        if (res.error === "timeout") ctx.resync();
      }
      if (button && document.activeElement === document.body) button.focus();
      return res;
    });
  }

  function showError(text) {
    setText(el.error, text);
    show(el.error, !!text);
  }

  /* ---- Broadcast ---------------------------------------------------------------------- */

  const BROADCAST_MAX = ctx.config.broadcast_max_length || 280;
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

  renderBroadcastCount();
  return {renderControls: renderControls, showError: showError};
}
