/* The phone's rotation card: where to go next and whom you will meet, until "I'm there".
   The same card, full screen, when the facilitator moves this person during a round. The
   rest of the page is inert while it is open. */
import {h, setText, show, syncList, buzz} from "./dom.js";
import {store} from "./store.js";

/**
 * opts: {el: {rotation, rotationRound, rotationTitle, rotationName, rotationHost,
 *        rotationMeet, rotationMates, rotationOk, bar}, t, state ({run, me}, the phone's),
 *        prefix (storage keys of this person), focusAfter (the element focused on close)}
 * Returns {noticeMove(tableBefore), render()}.
 */
export function rotationCard(opts) {
  const el = opts.el;
  const t = opts.t;
  const state = opts.state;
  const prefix = opts.prefix;

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
    if (opts.focusAfter) opts.focusAfter.focus();
  }
  el.rotationOk.addEventListener("click", closeRotation);
  el.rotation.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeRotation();
    if (event.key === "Tab") { event.preventDefault(); el.rotationOk.focus(); }
  });

  return {noticeMove: noticeMove, render: renderRotation};
}
