/* The console's board of the tables (host, people and their presence, photos, a new host)
   and the roster (move, absent, release, a second device's claim), filtered as typed. */
import {h, setText, syncList} from "./dom.js";
import {errorText, tableTitle} from "./text.js";
import {renderThumbs} from "./photos.js";

/**
 * ctx: {live, t, el, state ({board}), urls, photosHeard({table, round, photos})}
 * Returns render().
 */
export function boardPanel(ctx) {
  const live = ctx.live;
  const t = ctx.t;
  const el = ctx.el;
  const state = ctx.state;
  const urls = ctx.urls;

  function presence(person) {
    if (person.absent) return "absent";
    if (person.connected) return "connected";
    return person.joined ? "joined" : "not_joined";
  }

  function dot(person) {
    const kind = presence(person);
    return h("span", {class: "presence-dot " + kind, title: t("presence_" + kind)}, [
      h("span", {class: "sr-only", text: t("presence_" + kind)})]);
  }

  function renderBoard() {
    const board = state.board;
    setText(el.presence, t("connected_of", {connected: board.connected || 0, joined: board.joined || 0}));
    setText(el.boardRound, board.round ? t("board_round", {number: board.round}) : "");
    syncList(el.board, board.tables || [], function (table) { return table.id; }, createTable, updateTable);
    renderRoster();
  }

  function createTable(table) {
    const selectId = "host-select-" + table.id;
    return h("article", {class: "board-table"}, [
      h("header", {class: "board-table-head"}, [
        h("h3", {class: "board-table-title"}),
        h("span", {class: "count shared-count"}),
      ]),
      h("p", {class: "board-host"}),
      h("ul", {class: "board-people plain-list"}),
      h("ul", {class: "board-photos", "aria-label": t("photos_title")}),
      h("form", {class: "host-form"}, [
        h("label", {for: selectId, class: "sr-only", text: t("new_host_for", {number: table.number})}),
        h("select", {id: selectId, name: "participant_id"}),
        h("button", {type: "submit", class: "btn small secondary", text: t("make_host")}),
      ]),
    ]);
  }

  function updateTable(article, table) {
    article.dataset.number = table.number;
    setText(article.querySelector(".board-table-title"), tableTitle(t, table.number, table.name));
    const counts = [t("shared_notes", {count: table.shared_notes || 0})];
    if (table.held_notes) counts.push(t("held_notes", {count: table.held_notes}));
    setText(article.querySelector(".shared-count"), counts.join(" · "));
    const hostLine = article.querySelector(".board-host");
    hostLine.textContent = "";
    if (table.host) {
      hostLine.appendChild(dot(table.host));
      hostLine.appendChild(document.createTextNode(" " + t("host_name", {name: table.host.name})));
    } else {
      hostLine.appendChild(h("span", {class: "tag tag-warning", text: t("no_host")}));
    }
    const guests = (table.people || []).filter(function (p) { return !table.host || p.id !== table.host.id; });
    syncList(article.querySelector(".board-people"), guests, function (p) { return p.id; }, function () {
      return h("li", {}, [h("span", {class: "who"}), h("span", {class: "person-dept muted"})]);
    }, function (li, person) {
      const who = li.querySelector(".who");
      who.textContent = "";
      who.appendChild(dot(person));
      who.appendChild(document.createTextNode(" " + person.name));
      setText(li.querySelector(".person-dept"), person.department || "");
      li.classList.toggle("is-absent", !!person.absent);
    });
    fillHostSelect(article.querySelector("select"), table);
    renderThumbs(article.querySelector(".board-photos"), table.photos || [], t);
    ctx.photosHeard({table: table.number, round: state.board.round, photos: table.photos || []});
  }

  /** Candidates for host: the people at this table first, then everyone else who is not a host. */
  function fillHostSelect(select, table) {
    if (document.activeElement === select || select.dataset.dirty) return;
    const roster = state.board.roster || [];
    const here = roster.filter(function (p) { return p.table === table.number && p.role !== "host" && !p.absent; });
    const others = roster.filter(function (p) { return p.table !== table.number && p.role !== "host" && !p.absent; });
    const signature = here.concat(others).map(function (p) { return p.id; }).join(",") + "|" + here.length;
    if (select.dataset.signature === signature) return;
    select.dataset.signature = signature;
    select.textContent = "";
    select.appendChild(h("option", {value: "", text: t("choose_person")}));
    [[t("at_this_table"), here], [t("other_people"), others]].forEach(function (group) {
      if (!group[1].length) return;
      select.appendChild(h("optgroup", {label: group[0]}, group[1].map(function (p) {
        return h("option", {value: p.id, text: p.name + (p.department ? " · " + p.department : "")});
      })));
    });
  }

  el.board.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") event.target.dataset.dirty = "1";
  });
  el.board.addEventListener("submit", function (event) {
    event.preventDefault();
    const form = event.target;
    const select = form.querySelector("select");
    const number = Number(form.closest("article").dataset.number);
    const id = Number(select.value);
    if (!id) { select.focus(); return; }
    const person = findPerson(id);
    personAction("host.replace", {table: number, participant_id: id}, function () {
      delete select.dataset.dirty;
      return t("host_replaced", {name: person ? person.name : "", number: number});
    });
  });

  function findPerson(id) {
    return (state.board.roster || []).filter(function (p) { return p.id === id; })[0] || null;
  }

  function personAction(event, payload, success) {
    setText(el.actionStatus, "");
    return live.emitWithAck(event, payload, 8000, 1).then(function (res) {
      const text = res.ok ? success() : errorText(t, res);
      setText(el.actionStatus, text);
      el.actionStatus.dataset.ok = res.ok ? "yes" : "no";
      return res;
    });
  }

  /* ---- Roster ------------------------------------------------------------------------- */

  function renderRoster() {
    const tables = (state.board.tables || []).map(function (table) { return table.number; });
    const people = (state.board.roster || []).slice().sort(function (a, b) {
      return a.name.localeCompare(b.name);
    });
    syncList(el.roster, people, function (p) { return p.id; }, createRow, function (row, person) {
      updateRow(row, person, tables);
    });
    applyFilter();
  }

  function createRow(person) {
    const selectId = "move-" + person.id;
    return h("tr", {}, [
      h("th", {scope: "row"}, [h("span", {class: "name"}), " ", h("span", {class: "tag tag-host", text: t("host_role"), hidden: true})]),
      h("td", {class: "department"}),
      h("td", {class: "table-cell"}),
      h("td", {class: "presence-cell"}),
      h("td", {class: "person-actions"}, [
        h("form", {class: "move-form"}, [
          h("label", {for: selectId, class: "sr-only"}),
          h("select", {id: selectId}),
          h("button", {type: "submit", class: "btn small secondary", text: t("move")}),
        ]),
        h("button", {type: "button", class: "btn small secondary", "data-action": "absent"}),
        h("button", {type: "button", class: "btn small link-btn", "data-action": "release", title: t("release_hint"), text: t("release")}),
        h("button", {type: "button", class: "btn small primary", "data-action": "claim-approve", hidden: true, text: t("claim_approve")}),
        h("button", {type: "button", class: "btn small secondary", "data-action": "claim-refuse", hidden: true, text: t("claim_refuse")}),
      ]),
    ]);
  }

  function updateRow(row, person, tables) {
    row.dataset.search = (person.name + " " + (person.department || "")).toLowerCase();
    row.dataset.presence = presence(person);
    setText(row.querySelector(".name"), person.name);
    row.querySelector(".tag-host").hidden = person.role !== "host";
    setText(row.querySelector(".department"), person.department || "");
    setText(row.querySelector(".table-cell"), person.table == null ? "–" : person.table);
    const cell = row.querySelector(".presence-cell");
    const kind = presence(person);
    if (cell.dataset.kind !== kind) {
      cell.dataset.kind = kind;
      cell.textContent = "";
      cell.appendChild(h("span", {class: "presence-dot " + kind, "aria-hidden": "true"}));
      cell.appendChild(document.createTextNode(" " + t("presence_" + kind)));
    }
    setText(row.querySelector("label"), t("move_to", {name: person.name}));
    const select = row.querySelector("select");
    const signature = tables.join(",");
    if (select.dataset.signature !== signature) {
      select.dataset.signature = signature;
      select.textContent = "";
      tables.forEach(function (number) { select.appendChild(h("option", {value: number, text: t("table_number", {number: number})})); });
      delete select.dataset.dirty;
    }
    if (!select.dataset.dirty && document.activeElement !== select && person.table != null) select.value = String(person.table);
    const hosting = person.role === "host";
    row.querySelector(".move-form button").disabled = hosting;
    select.disabled = hosting;
    const absent = row.querySelector("[data-action=absent]");
    setText(absent, person.absent ? t("mark_present") : t("mark_absent"));
    absent.dataset.absent = person.absent ? "yes" : "no";
    row.querySelector("[data-action=release]").hidden = !person.joined;
    row.querySelector("[data-action=claim-approve]").hidden = !person.claim_pending;
    row.querySelector("[data-action=claim-refuse]").hidden = !person.claim_pending;
  }

  el.roster.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") event.target.dataset.dirty = "1";
  });
  el.roster.addEventListener("submit", function (event) {
    event.preventDefault();
    const row = event.target.closest("tr");
    const person = findPerson(Number(row.dataset.key));
    const select = event.target.querySelector("select");
    const number = Number(select.value);
    if (!person || !number) return;
    personAction("move", {participant_id: person.id, table: number}, function () {
      delete select.dataset.dirty;
      return t("moved", {name: person.name, number: number});
    });
  });
  el.roster.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const person = findPerson(Number(button.closest("tr").dataset.key));
    if (!person) return;
    if (button.dataset.action === "absent") {
      const absent = button.dataset.absent !== "yes";
      personAction("absent", {participant_id: person.id, absent: absent}, function () {
        return t(absent ? "marked_absent" : "marked_present", {name: person.name});
      });
    } else if (button.dataset.action === "release" && urls.release
               && window.confirm(t("confirm_release", {name: person.name}))) {
      el.releaseForm.action = urls.release.replace(/\/0\/release$/, "/" + person.id + "/release");
      el.releaseForm.submit();
    } else if (button.dataset.action.indexOf("claim-") === 0 && urls.claim) {
      // A second device asked for this name: the first one loses it if approved.
      const approve = button.dataset.action === "claim-approve";
      if (approve && !window.confirm(t("confirm_claim", {name: person.name}))) return;
      el.claimForm.action = urls.claim.replace(/\/0\/claim$/, "/" + person.id + "/claim");
      el.claimForm.querySelector("[name=decision]").value = approve ? "approve" : "refuse";
      el.claimForm.submit();
    }
  });

  function applyFilter() {
    const words = el.filter.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
    Array.prototype.forEach.call(el.roster.children, function (row) {
      row.hidden = !words.every(function (w) { return row.dataset.search.indexOf(w) >= 0; });
    });
  }
  el.filter.addEventListener("input", applyFilter);

  return renderBoard;
}
