/* "My route" on the phone: the table of every round, from `me.route` (docs/realtime.md).
   The round being played is highlighted, played rounds are dimmed. The server sends a new
   `me` after every re-plan or move, so the list is redrawn from it, never patched. */
import {h, setText, show, syncList} from "./dom.js";

const STAGES = ["lobby", "round", "rotation"];

function where(stop, t) {
  if (stop.status === "late") return t("route_late");
  if (stop.status === "left") return t("route_left");
  if (!stop.table) return t("route_pending");
  const name = stop.table.name && stop.table.name !== String(stop.table.number) ? stop.table.name : "";
  return name ? t("table_number_name", {number: stop.table.number, name: name})
              : t("table_number", {number: stop.table.number});
}

function who(stop, t) {
  if (!stop.table || stop.status !== "seated") return "";
  if (stop.hosting) return t("route_you_host");
  return stop.host ? t("hosted_by", {name: stop.host}) : "";
}

function createStop() {
  return h("li", {class: "route-stop"}, [
    h("span", {class: "route-round"}),
    h("span", {class: "route-where"}, [h("span", {class: "route-table"}), h("span", {class: "route-theme"})]),
    h("span", {class: "route-host"}),
    h("span", {class: "route-flag"}),
  ]);
}

function updateStop(t) {
  return function (li, stop) {
    const parts = li.children;
    setText(parts[0], t("route_round", {number: stop.round}));
    setText(parts[1].children[0], where(stop, t));
    setText(parts[1].children[1], stop.table && stop.status === "seated" ? stop.table.theme || "" : "");
    setText(parts[2], who(stop, t));
    // A word, not only a colour, says which round is now and which are over.
    setText(parts[3], stop.current ? t("route_now") : stop.played ? t("route_played") : "");
    li.classList.toggle("is-current", !!stop.current);
    li.classList.toggle("is-played", !!stop.played && !stop.current);
    li.classList.toggle("is-away", stop.status !== "seated");
    if (stop.current) li.setAttribute("aria-current", "step");
    else li.removeAttribute("aria-current");
  };
}

/** Show `route` in the <details id="route"> card while the rounds are ahead or running. */
export function renderRoute(root, route, stage, t) {
  if (!root) return;
  const stops = route || [];
  show(root, stops.length > 0 && STAGES.indexOf(stage || "lobby") >= 0);
  // Open while waiting, folded once a round starts (the table card says where to sit);
  // only when the stage changes, so a person's own open or close is left alone.
  if (stage && root.dataset.stage !== stage) {
    if (root.dataset.stage && (stage === "lobby" || stage === "round")) root.open = stage === "lobby";
    root.dataset.stage = stage;
  }
  syncList(root.querySelector("ol"), stops, function (stop) { return stop.round; }, createStop, updateStop(t));
}
