/* The phone during the plenary: the table presenting now, and the dot vote. A vote is an
   absolute count ("2 dots on this solution"), so a retry or a second tab is harmless; the
   server checks the limits and its refusal is shown as it says it. Tallies are shown only
   when the server sends them (after the facilitator's reveal): never counted here. */
import {h, setText, show, syncList, announce} from "./dom.js";
import {errorText, short} from "./text.js";
import {renderRounds} from "./rounds.js";
import {emergingSuffix} from "./heard.js";
import {Backoff, isRetryable} from "./outbox.js";

/** opts: {live, t, announcer, el: {plenary, presenting, title, host, rounds, vote, rules,
    state, left, error, list, empty}} */
export function Voting(opts) {
  this.live = opts.live;
  this.t = opts.t;
  this.el = opts.el;
  this.announcer = opts.announcer;
  this.plenary = null;
  this.mine = {};        // solution id -> my dots, as the server last said
  this.wanted = {};      // solution id -> the count asked for, not yet answered
  this.left = null;
  this.busy = {};
  this.retries = {};     // solution id -> the timer that sends its count again
  this.backoff = new Backoff(3000, 30000, 1000);
  const self = this;
  this.el.list.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-dots]");
    if (!button) return;
    self.change(Number(button.closest("li").dataset.key), Number(button.dataset.dots));
  });
}

const V = Voting.prototype;

/** A `plenary` payload: from the snapshot (with my_votes) or an event (without). */
V.update = function (plenary, fromSnapshot) {
  this.plenary = plenary;
  if (!plenary) { this.render(); return; }
  if (plenary.my_votes) {
    this.mine = {};
    const mine = this.mine;
    Object.keys(plenary.my_votes).forEach(function (id) { mine[id] = plenary.my_votes[id]; });
    this.left = null;
  } else if (!fromSnapshot) {
    // A merge moves (and may free) my dots server-side: ask for them again.
    const ids = new Set((plenary.solutions || []).map(function (s) { return String(s.id); }));
    const mine = this.mine;
    const gone = Object.keys(mine).filter(function (id) { return !ids.has(id); });
    gone.forEach(function (id) { delete mine[id]; });  // asked once, not at every event
    if (gone.length) { this.left = null; if (this.onStale) this.onStale(); }
  }
  this.render();
};

/** My dots as the server has them now (after a merge moved some). */
V.setMine = function (myVotes) {
  const mine = this.mine = {};
  Object.keys(myVotes || {}).forEach(function (id) { mine[id] = myVotes[id]; });
  this.left = null;
  this.render();
};

V.dotsLeft = function () {
  if (this.left != null) return this.left;
  const rules = (this.plenary && this.plenary.rules) || {dots: 0};
  const mine = this.mine;
  const used = Object.keys(mine).reduce(function (sum, id) { return sum + (mine[id] || 0); }, 0);
  return Math.max(0, rules.dots - used);
};

V.render = function () {
  const p = this.plenary;
  const el = this.el;
  const t = this.t;
  show(el.plenary, !!p);
  show(el.vote, !!p);
  if (!p) return;
  // Who presents now.
  const table = p.table ? (p.tables || []).filter(function (x) { return x.number === p.table; })[0] : null;
  setText(el.presenting, table ? t("presenting", {number: table.number}) : t("stage_plenary"));
  setText(el.title, table ? (table.name || t("table_number", {number: table.number})) : t("plenary_overview"));
  setText(el.host, table ? (table.host ? t("presented_by", {name: table.host}) : t("no_presenter")) : "");
  renderRounds(el.rounds, table ? table.rounds : [], t, 3);
  // The vote.
  const rules = p.rules || {dots: 0, max_per_solution: 0};
  setText(el.rules, t("vote_rules", {dots: rules.dots, max: rules.max_per_solution}));
  const open = !!p.votes_open;
  el.vote.dataset.open = open ? "yes" : "no";
  setText(el.state, open ? "" : (this.everVoted() || p.revealed ? t("votes_closed") : t("votes_not_open")));
  show(el.state, !open);
  const left = this.dotsLeft();
  show(el.left, open);
  setText(el.left, left === 0 ? t("no_dots_left") : left === 1 ? t("dot_left") : t("dots_left", {count: left}));
  el.left.dataset.left = String(left);
  let solutions = (p.solutions || []).slice();
  if (p.revealed && p.ranking) {
    const order = p.ranking;
    solutions.sort(function (a, b) { return order.indexOf(a.id) - order.indexOf(b.id); });
  }
  show(el.empty, solutions.length === 0);
  const self = this;
  syncList(el.list, solutions, function (s) { return s.id; }, function (s) { return self.createItem(s); },
    function (li, s) { self.updateItem(li, s, rules, open, left); });
};

V.everVoted = function () {
  const mine = this.mine;
  return Object.keys(mine).some(function (id) { return mine[id] > 0; });
};

V.createItem = function (s) {
  const id = "vote-" + s.id;
  return h("li", {class: "vote-item"}, [
    h("div", {class: "vote-text"}, [
      h("h3", {class: "vote-title", id: id + "-title"}),
      h("p", {class: "vote-meta muted"}),
      h("p", {class: "vote-desc"}),
      h("p", {class: "vote-tally"}),
    ]),
    h("div", {class: "vote-controls", role: "group", "aria-labelledby": id + "-title"}, [
      h("button", {type: "button", class: "btn vote-btn", "data-dots": "-1", text: "−"}),
      h("span", {class: "vote-dots", "aria-live": "polite"}),
      h("button", {type: "button", class: "btn vote-btn primary", "data-dots": "1", text: "+"}),
    ]),
  ]);
};

V.updateItem = function (li, s, rules, open, left) {
  const t = this.t;
  const mine = this.wanted[s.id] != null ? this.wanted[s.id] : (this.mine[s.id] || 0);
  li.classList.toggle("has-dots", mine > 0);
  setText(li.querySelector(".vote-title"), s.title || "…");
  setText(li.querySelector(".vote-meta"), t("from_table", {number: s.table}) + emergingSuffix(s, t));
  li.classList.toggle("is-emerging", !!s.emerging);
  setText(li.querySelector(".vote-desc"), short(s.description, 140));
  show(li.querySelector(".vote-desc"), !!s.description);
  const tally = li.querySelector(".vote-tally");
  const revealed = typeof s.votes === "number";  // only there once the facilitator reveals
  setText(tally, revealed ? t("votes_count", {count: s.votes}) : "");
  show(tally, revealed);
  const dots = li.querySelector(".vote-dots");
  dots.textContent = "";
  for (let i = 0; i < Math.max(rules.max_per_solution, mine); i++) {
    dots.appendChild(h("span", {class: "dot" + (i < mine ? " on" : ""), "aria-hidden": "true"}));
  }
  dots.appendChild(h("span", {class: "sr-only", text: t("vote_count", {count: mine})}));
  show(li.querySelector(".vote-controls"), open || mine > 0);
  const minus = li.querySelector("[data-dots='-1']");
  const plus = li.querySelector("[data-dots='1']");
  minus.disabled = !open || mine === 0;
  plus.disabled = !open;
  // At a limit the button stays usable: the server's answer says which limit, in words.
  plus.classList.toggle("at-limit", mine >= rules.max_per_solution || left === 0);
  minus.setAttribute("aria-label", t("vote_remove", {title: s.title}));
  plus.setAttribute("aria-label", t("vote_add", {title: s.title}));
};

V.change = function (solutionId, delta) {
  const current = this.wanted[solutionId] != null ? this.wanted[solutionId] : (this.mine[solutionId] || 0);
  const dots = Math.max(0, current + delta);
  if (dots === current) return;
  this.wanted[solutionId] = dots;
  this.showError("");
  this.render();
  this.send(solutionId);
};

/** One request per solution at a time; the last count asked for wins. */
V.send = function (solutionId) {
  if (this.busy[solutionId]) return;
  const dots = this.wanted[solutionId];
  if (dots == null) return;
  this.busy[solutionId] = true;
  const self = this;
  this.live.emitWithAck("vote", {solution_id: solutionId, dots: dots}, 8000, 2).then(function (res) {
    self.busy[solutionId] = false;
    const again = self.wanted[solutionId] !== dots;
    if (res.ok) {
      self.backoff.reset();
      if (self.el.error.textContent) self.showError("");  // a retry went through
      self.mine = {};
      Object.keys(res.my_votes || {}).forEach(function (id) { self.mine[id] = res.my_votes[id]; });
      self.left = typeof res.left === "number" ? res.left : null;
      if (!again) delete self.wanted[solutionId];
      const left = self.dotsLeft();
      announce(self.announcer, left === 0 ? self.t("no_dots_left") : left === 1 ? self.t("dot_left") : self.t("dots_left", {count: left}));
    } else if (isRetryable(res)) {
      // Not now (offline, busy, too fast): the count asked for stays and is sent again.
      self.showError(errorText(self.t, res));
      self.retryLater(solutionId);
    } else {
      delete self.wanted[solutionId];
      self.showError(errorText(self.t, res));
      if (self.onStale && res.error === "not_found") self.onStale();
    }
    self.render();
    if (res.ok && again) self.send(solutionId);
  });
};

V.retryLater = function (solutionId) {
  const self = this;
  clearTimeout(this.retries[solutionId]);
  this.retries[solutionId] = setTimeout(function () {
    delete self.retries[solutionId];
    self.send(solutionId);
  }, this.backoff.next());
};

V.showError = function (text) {
  setText(this.el.error, text);
  show(this.el.error, !!text);  // role=alert: said once, by the region itself
};
