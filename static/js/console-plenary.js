/* The console's plenary panel: which table presents, votes opened, closed and revealed,
   the vote's rules, solutions ranked, merged and qualified (impact, effort, owner,
   horizon). */
import {h, setText, show, syncList} from "./dom.js";
import {errorText, tableTitle} from "./text.js";
import {newerPlenary, votedLine} from "./updates.js";
import {renderEmerging, emergingSuffix} from "./heard.js";

/**
 * ctx: {live, t, el, state ({plenary}), rules (levels, horizons), resync()}
 * Returns render().
 */
export function plenaryPanel(ctx) {
  const live = ctx.live;
  const t = ctx.t;
  const el = ctx.el;
  const state = ctx.state;
  const RULES = ctx.rules;

  function plenarySend(event, payload, retries, done) {
    setText(el.plStatus, "");
    return live.emitWithAck(event, payload, 8000, retries).then(function (res) {
      if (res.ok && res.plenary && newerPlenary(state.plenary, res.plenary)) {
        state.plenary = res.plenary; renderPlenary();
      }
      el.plStatus.dataset.ok = res.ok ? "yes" : "no";
      setText(el.plStatus, res.ok ? (done ? done(res) : "") : errorText(t, res));
      if (!res.ok && res.error === "timeout") ctx.resync();
      return res;
    });
  }

  function renderPlenary() {
    const p = state.plenary;
    if (!p) return;
    const tables = p.tables || [];
    const current = tables.filter(function (tb) { return tb.number === p.table; })[0];
    renderEmerging(document.getElementById("pl-emerging"), p.emerging, t, 4);
    setText(el.plNow, t("presenting_now", {what: current ? tableTitle(t, current.number, current.name) : t("overview_label")}));
    const buttons = [{key: "overview", text: t("show_overview"), pressed: !p.table}].concat(tables.map(function (tb) {
      return {key: "t" + tb.number, number: tb.number, text: t("table_number", {number: tb.number}), pressed: p.table === tb.number};
    })).concat([{key: "next", text: t("next_table") + " →", next: true}]);
    syncList(el.plTables, buttons, function (b) { return b.key; }, function (b) {
      return h("button", {type: "button", class: "btn " + (b.next ? "primary" : "secondary"),
                          "data-pl": b.next ? "next" : "show", "data-number": b.number || ""});
    }, function (button, b) {
      setText(button, b.text);
      if (!b.next) button.setAttribute("aria-pressed", b.pressed ? "true" : "false");
    });
    setText(el.plVoteState, [t(p.votes_open ? "votes_state_open" : "votes_state_closed"),
      t(p.revealed ? "results_shown" : "results_hidden"), votedLine(t, p)].filter(Boolean).join(" · "));
    el.plVoteState.dataset.open = p.votes_open ? "yes" : "no";
    setText(el.plOpen, t(p.votes_open ? "close_votes" : "open_votes"));
    el.plOpen.className = "btn " + (p.votes_open ? "secondary" : "primary");
    setText(el.plReveal, t(p.revealed ? "hide_results" : "reveal"));
    const solutions = p.solutions || [];
    const total = solutions.reduce(function (sum, s) { return sum + (s.votes || 0); }, 0);
    const locked = total > 0;
    const rules = p.rules || {};
    [el.plDots, el.plMax].forEach(function (input) { input.disabled = locked; });
    el.plRules.querySelector("button").disabled = locked;
    if (document.activeElement !== el.plDots && !el.plRules.dataset.dirty) el.plDots.value = rules.dots || "";
    if (document.activeElement !== el.plMax && !el.plRules.dataset.dirty) el.plMax.value = rules.max_per_solution || "";
    setText(el.plRulesNote, locked ? t("rules_locked") : t("vote_rules", {dots: rules.dots, max: rules.max_per_solution}));
    setText(el.plTotal, t("total_dots", {count: total}));
    renderSolutionRows(p, solutions);
  }

  function ordered(p, solutions) {
    const order = p.ranking || [];
    return solutions.slice().sort(function (a, b) {
      const ia = order.indexOf(a.id);
      const ib = order.indexOf(b.id);
      return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || a.id - b.id;
    });
  }

  function choiceSelect(name, values, prefix, label) {
    const select = h("select", {"data-q": name, "aria-label": label});
    select.appendChild(h("option", {value: "", text: "–"}));
    values.forEach(function (v) { select.appendChild(h("option", {value: v, text: t(prefix + v)})); });
    return select;
  }

  function renderSolutionRows(p, solutions) {
    const list = ordered(p, solutions);
    show(el.plEmpty, list.length === 0);
    syncList(el.plSolutions, list, function (s) { return s.id; }, function (s) {
      return h("tr", {}, [
        h("td", {class: "rank"}),
        h("th", {scope: "row"}, [h("span", {class: "sol-title"}), h("span", {class: "sol-where muted"})]),
        h("td", {class: "votes"}),
        h("td", {}, [choiceSelect("impact", RULES.levels || [], "level_", t("col_impact"))]),
        h("td", {}, [choiceSelect("effort", RULES.levels || [], "level_", t("col_effort"))]),
        h("td", {}, [h("input", {type: "text", "data-q": "owner", maxlength: 120, "aria-label": t("col_owner"), autocomplete: "off"})]),
        h("td", {}, [choiceSelect("horizon", RULES.horizons || [], "horizon_", t("col_horizon"))]),
        h("td", {}, [h("select", {"data-merge": "1"})]),
      ]);
    }, function (row, s) {
      setText(row.querySelector(".rank"), list.indexOf(s) + 1);
      setText(row.querySelector(".sol-title"), s.title || "…");
      setText(row.querySelector(".sol-where"), t("table_round", {table: s.table, round: s.round}) + emergingSuffix(s, t));
      setText(row.querySelector(".votes"), typeof s.votes === "number" ? s.votes : "–");
      const q = s.qualification || {};
      row.dataset.sent = JSON.stringify({id: s.id, impact: q.impact || "", effort: q.effort || "",
                                         owner: q.owner || "", horizon: q.horizon || ""});
      ["impact", "effort", "owner", "horizon"].forEach(function (name) {
        const input = row.querySelector('[data-q="' + name + '"]');
        if (document.activeElement !== input && !input.dataset.dirty) input.value = q[name] || "";
      });
      const merge = row.querySelector("[data-merge]");
      merge.setAttribute("aria-label", t("merge_into", {title: s.title}));
      const options = [["", "–"]].concat(list.filter(function (o) { return o.id !== s.id; }).map(function (o) {
        return [String(o.id), t("table_number", {number: o.table}) + " · " + o.title];
      }));
      const signature = JSON.stringify(options);
      if (merge.dataset.signature !== signature && document.activeElement !== merge) {
        merge.dataset.signature = signature;
        merge.textContent = "";
        options.forEach(function (o) { merge.appendChild(h("option", {value: o[0], text: o[1]})); });
      }
    });
  }

  el.plTables.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-pl]");
    if (!button) return;
    if (button.dataset.pl === "next") plenarySend("plenary", {action: "next_table"}, 0);
    else if (button.dataset.number) plenarySend("plenary", {action: "show_table", table: Number(button.dataset.number)}, 2);
    else plenarySend("plenary", {action: "show_table"}, 2);
  });
  el.plOpen.addEventListener("click", function () {
    plenarySend("plenary", {action: state.plenary && state.plenary.votes_open ? "close_votes" : "open_votes"}, 2);
  });
  el.plReveal.addEventListener("click", function () {
    plenarySend("plenary", {action: state.plenary && state.plenary.revealed ? "hide" : "reveal"}, 2);
  });
  el.plRules.addEventListener("input", function () { el.plRules.dataset.dirty = "1"; });
  el.plRules.addEventListener("submit", function (event) {
    event.preventDefault();
    plenarySend("vote.rules", {dots: Number(el.plDots.value), max_per_solution: Number(el.plMax.value)}, 2, function () {
      delete el.plRules.dataset.dirty;
      return t("rules_saved");
    });
  });

  function qualify(row) {
    const id = Number(row.dataset.key);
    const payload = {id: id};
    ["impact", "effort", "owner", "horizon"].forEach(function (name) {
      payload[name] = row.querySelector('[data-q="' + name + '"]').value.trim();
    });
    // The owner's "change" (on blur) often repeats what its debounce already sent.
    const signature = JSON.stringify(payload);
    if (row.dataset.sent === signature) return;
    row.dataset.sent = signature;
    plenarySend("solution.qualify", payload, 2, function () {
      row.querySelectorAll("[data-q]").forEach(function (input) { delete input.dataset.dirty; });
      return t("qualified");
    }).then(function (res) { if (!res.ok) delete row.dataset.sent; });
  }
  let ownerTimer = null;
  el.plSolutions.addEventListener("input", function (event) {
    const input = event.target;
    if (input.dataset.q !== "owner") return;
    input.dataset.dirty = "1";
    clearTimeout(ownerTimer);
    ownerTimer = setTimeout(function () { qualify(input.closest("tr")); }, 600);
  });
  el.plSolutions.addEventListener("change", function (event) {
    const input = event.target;
    const row = input.closest("tr");
    if (input.dataset.q) {
      input.dataset.dirty = "1";
      clearTimeout(ownerTimer);
      qualify(row);
    } else if (input.dataset.merge && input.value) {
      const source = (state.plenary.solutions || []).filter(function (s) { return s.id === Number(row.dataset.key); })[0];
      const target = (state.plenary.solutions || []).filter(function (s) { return s.id === Number(input.value); })[0];
      if (source && target && window.confirm(t("confirm_merge", {source: source.title, target: target.title}))) {
        plenarySend("solution.merge", {source: source.id, target: target.id}, 0, function () {
          return t("merged", {title: target.title});
        });
      }
      input.value = "";
    }
  });

  return renderPlenary;
}
