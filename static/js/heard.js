/* The synthesizing round. On the phone: "What you heard", one card per earlier round at the
   table this person sat at (round · table · question, key points, solutions), from
   `me.heard`. Read-only and collapsible (a <details>), above the note box. At the plenary
   (console, projector): what is emerging, and the mark of solutions it proposed. */
import {h, setText, show, syncList} from "./dom.js";
import {tableTitle} from "./text.js";

function createCard() {
  return h("article", {class: "heard-card"}, [
    h("h3", {class: "heard-where"}),
    h("p", {class: "heard-question"}),
    h("ul", {class: "heard-points"}),
    h("p", {class: "heard-sol-title"}),
    h("ul", {class: "heard-solutions"}),
    h("p", {class: "muted heard-nothing"}),
  ]);
}

function fillList(list, texts) {
  syncList(list, texts, String, function () { return h("li"); }, function (li, text) { setText(li, text); });
  show(list, texts.length > 0);
}

function fillCard(t) {
  return function (card, item) {
    const points = item.key_points || [];
    const solutions = item.solutions || [];
    setText(card.querySelector(".heard-where"), t("heard_card", {round: item.round, table: item.table}));
    setText(card.querySelector(".heard-question"), item.question || "");
    fillList(card.querySelector(".heard-points"), points);
    setText(card.querySelector(".heard-sol-title"), t("solutions_short"));
    show(card.querySelector(".heard-sol-title"), solutions.length > 0);
    fillList(card.querySelector(".heard-solutions"), solutions);
    setText(card.querySelector(".heard-nothing"), t("heard_nothing"));
    show(card.querySelector(".heard-nothing"), !points.length && !solutions.length);
  };
}

/** Show the panel during a synthesizing round only; `panel` holds [data-heard-*] parts. */
export function renderHeard(panel, run, me, t) {
  const on = !!(panel && run && run.stage === "round" && run.synthesizing);
  show(panel, on);
  document.body.classList.toggle("is-synthesizing", on);
  if (!on) return;
  const heard = me.heard || [];
  setText(panel.querySelector("[data-heard-count]"), heard.length || "");
  show(panel.querySelector("[data-heard-empty]"), heard.length === 0);
  syncList(panel.querySelector("[data-heard-list]"), heard,
           function (item) { return item.round + ":" + item.table; }, createCard, fillCard(t));
}

/** The plenary's opening (console and projector): each table's key points from the
    synthesizing round, `plenary.emerging`. `box` holds [data-emerging-question] and
    [data-emerging-list]; hidden when there was no synthesizing round. */
export function renderEmerging(box, emerging, t, level) {
  const items = emerging || [];
  show(box, items.length > 0);
  if (!box || !items.length) return;
  setText(box.querySelector("[data-emerging-question]"), items[0].question || "");
  const heading = "h" + (level || 4);
  syncList(box.querySelector("[data-emerging-list]"), items,
    function (item) { return item.round + ":" + item.table; },
    function () { return h("section", {class: "emerging-table"}, [h(heading, {class: "emerging-name"}), h("ul", {class: "emerging-points"})]); },
    function (section, item) {
      setText(section.querySelector(".emerging-name"), tableTitle(t, item.table, item.table_name));
      fillList(section.querySelector(".emerging-points"), item.key_points || []);
    });
}

/** " · Emerging" after a solution's origin, when a synthesizing round proposed it. */
export function emergingSuffix(solution, t) {
  return solution && solution.emerging ? " · " + t("emerging_tag") : "";
}
