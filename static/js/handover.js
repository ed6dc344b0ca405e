/* The handover card, from round 2: the host restates the table's earlier rounds, the
   newcomers read them. Dismissed per round on this phone; the table card has a button to
   open it again. In a synthesizing round "What you heard" comes first. */
import {setText, show} from "./dom.js";
import {store} from "./store.js";
import {renderRounds} from "./rounds.js";

/**
 * opts: {el: {handover, handoverTitle, handoverHint, handoverTheme, handoverRounds,
 *        handoverEmpty, handoverClose, handoverOpen}, t, state ({run, me}), prefix}
 * Returns render(reopen).
 */
export function handoverCard(opts) {
  const el = opts.el;
  const t = opts.t;
  const state = opts.state;
  const prefix = opts.prefix;

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

  return renderHandover;
}
