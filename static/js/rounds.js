/* A table's earlier rounds (handover card, plenary on the phone and the projector): each
   round's question, key points and solutions. */
import {h, setText, show, syncList} from "./dom.js";

/** `rounds` as in me.handover.rounds and plenary.tables[].rounds; `level` of the headings. */
export function renderRounds(container, rounds, t, level) {
  const heading = "h" + (level || 3);
  syncList(container, rounds || [], function (r) { return r.round; }, function () {
    return h("section", {class: "past-round"}, [
      h(heading, {class: "past-question"}),
      h("ul", {class: "past-points"}),
      h("p", {class: "past-sol-title", text: t("solutions_short")}),
      h("ul", {class: "past-solutions"}),
    ]);
  }, function (section, r) {
    setText(section.querySelector(".past-question"), r.question
      ? t("round_question", {number: r.round, question: r.question}) : t("round_number", {number: r.round}));
    const item = function () { return h("li"); };
    const fill = function (li, text) { setText(li, text); };
    syncList(section.querySelector(".past-points"), r.key_points || [], String, item, fill);
    syncList(section.querySelector(".past-solutions"), r.solutions || [], String, item, fill);
    show(section.querySelector(".past-sol-title"), (r.solutions || []).length > 0);
    show(section.querySelector(".past-solutions"), (r.solutions || []).length > 0);
  });
}
