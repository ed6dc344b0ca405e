// static/js/updates.js: late payloads do not replace newer ones; the coalesced votes event.
import {test} from "node:test";
import assert from "node:assert/strict";
import {load} from "./load.mjs";

const {newerRun, newerPlenary, newerSynthesis, applyVotes, votedLine} = await load("updates.js");

test("a run older than the one shown is ignored", () => {
  assert.equal(newerRun({version: 4}, {version: 3}), false);
  assert.equal(newerRun({version: 4}, {version: 4}), true);
  assert.equal(newerRun(null, {version: 1}), true);
  assert.equal(newerRun({version: 1}, null), false);
});

test("a plenary or a synthesis read earlier than the one shown is ignored", () => {
  assert.equal(newerPlenary({version: 5}, {version: 4}), false);
  assert.equal(newerPlenary({version: 5}, {version: 6}), true);
  const shown = {table: 1, round: 2, built: 100};
  assert.equal(newerSynthesis(shown, {table: 1, round: 2, built: 99}), false);
  assert.equal(newerSynthesis(shown, {table: 2, round: 2, built: 1}), true, "another table");
  assert.equal(newerSynthesis(shown, {table: 1, round: 3, built: 1}), true, "another round");
});

test("votes lay their tallies and ranking over the plenary shown, without touching it", () => {
  const plenary = {version: 3, voters: 0, solutions: [{id: 1, votes: 0}, {id: 2, votes: 0}], ranking: [1, 2]};
  const next = applyVotes(plenary, {version: 3, voters: 2, people: 9, tallies: {2: 5}, ranking: [2, 1]});
  assert.deepEqual(next.solutions, [{id: 1, votes: 0}, {id: 2, votes: 5}]);
  assert.deepEqual(next.ranking, [2, 1]);
  assert.equal(next.voters, 2);
  assert.equal(plenary.solutions[1].votes, 0);
  assert.equal(applyVotes(plenary, {version: 2, voters: 7}), plenary, "older than a reveal or a merge");
});

test("'N of M have voted' only once someone could vote", () => {
  const t = (key, p) => key + ":" + p.voters + "/" + p.people;
  assert.equal(votedLine(t, {voters: 0, people: 9, votes_open: false}), "");
  assert.equal(votedLine(t, {voters: 3, people: 9, votes_open: true}), "voted_count:3/9");
  assert.equal(votedLine(t, null), "");
});
