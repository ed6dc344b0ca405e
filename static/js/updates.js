/* Which live payload replaces the one shown: runs, syntheses and plenaries may arrive
   late (an answer overtaken by a broadcast, two processes), and the coalesced `votes`
   event is laid over the plenary shown. Pure (tests/js/updates.test.mjs). */

/** Ignore a run object older than the one shown (a late delta after a fresh snapshot). */
export function newerRun(current, incoming) {
  if (!incoming) return false;
  if (!current) return true;
  return (incoming.version || 0) >= (current.version || 0);
}

/** A plenary no older than the one shown, by the server's plenary version. */
export function newerPlenary(current, incoming) {
  return !current || !incoming || typeof incoming.version !== "number"
    || typeof current.version !== "number" || incoming.version >= current.version;
}

/** A table's synthesis read no earlier than the one shown (another table or round: yes). */
export function newerSynthesis(current, incoming) {
  return !current || !incoming || current.table !== incoming.table || current.round !== incoming.round
    || typeof incoming.built !== "number" || typeof current.built !== "number"
    || incoming.built >= current.built;
}

/** The plenary with a `votes` event applied: voters' count and, when sent, the tallies that
    changed (absolute per solution) and the ranking. An event older than the plenary shown
    (a reveal or a merge came since) is ignored. */
export function applyVotes(plenary, votes) {
  if (!plenary || !votes) return plenary;
  if (typeof plenary.version === "number" && typeof votes.version === "number" && votes.version < plenary.version) return plenary;
  const next = Object.assign({}, plenary, {version: votes.version, voters: votes.voters, people: votes.people});
  const tallies = votes.tallies;
  if (tallies) {
    next.solutions = (plenary.solutions || []).map(function (s) {
      const n = tallies[String(s.id)];
      return typeof n === "number" ? Object.assign({}, s, {votes: n}) : s;
    });
    if (votes.ranking) next.ranking = votes.ranking;
  }
  return next;
}

/** "23 of 36 have voted", or "" before anyone could. */
export function votedLine(t, plenary) {
  if (!plenary || typeof plenary.voters !== "number" || !(plenary.votes_open || plenary.voters)) return "";
  return t("voted_count", {voters: plenary.voters, people: plenary.people});
}
