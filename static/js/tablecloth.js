/* The table's shared notes on a participant's phone, read-only: what the paper tablecloth
   shows everyone sitting at it. The server sends only notes this person may see (a held
   note reaches the table once its host lets it through); the person's own notes are in
   their own list, so only the others' are shown here. */
import {h, setText, show, syncList} from "./dom.js";

/** `notes`: the table's notes of the running round, or null (a host: their tools show them). */
export function renderTablecloth(root, notes, run, t) {
  if (!root) return;
  const visible = notes !== null && !!run && run.stage === "round";
  const others = (notes || []).filter(function (n) { return !n.mine && n.state === "shared"; });
  show(root, visible);
  if (!visible) return;
  setText(root.querySelector("[data-tablecloth-count]"), others.length);
  show(root.querySelector("[data-tablecloth-empty]"), others.length === 0);
  syncList(root.querySelector("[data-tablecloth-list]"), others, function (n) { return String(n.id); },
    function () { return h("li", {class: "tablecloth-note"}, [h("p", {class: "note-text"}), h("p", {class: "hint note-author"})]); },
    function (li, n) {
      setText(li.children[0], n.text);
      setText(li.children[1], n.author ? t("by_author", {name: n.author}) : "");
    });
}
