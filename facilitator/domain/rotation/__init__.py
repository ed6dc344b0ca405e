"""The seating and rotation engine of a World Café: who sits at which table in each round.

Hosts stay at their table; everyone else moves so that people meet new people, see new
themes and mix departments. Scores, in lexicographic order: repeated encounters (a pair
meeting m times counts m - 1), table revisits (themes mode), department excess.

Approach. This is a relaxed Social Golfer Problem (fixed hosts, unequal tables, people
coming and going, soft objectives instead of a feasibility question). We follow the
local-search line of work, which copes with all of that where exact methods do not.
Starting points: when the number of tables is a prime power q, the affine-plane schedule
(person in column s of home table t sits at t + r*s in round r, over GF(q)): nobody meets
twice in q rounds, column 0 never moves (the hosts), and cells are traded between people
to mix departments; otherwise, or for the people it leaves out, a greedy construction in
the spirit of Triska & Musliu ("An effective greedy heuristic for the Social Golfer
Problem", Annals of OR 2012): seat each person where they have met the fewest table-mates.
Then the tabu search of Dotú & Van Hentenryck ("Scheduling Social Golfers Locally",
CPAIOR 2005): in a round, among the swaps of people in conflict with someone at another
table, apply the best non-tabu one (even if it worsens), forbid the way back for a few
steps, perturb the best schedule when progress stalls, restart now and then. We add moves
of one person to a table with a free seat, so the larger tables can change from round to
round. Constraint programming proves optimality on small cases but needs per-instance
symmetry work and gives no anytime answer within a one-second budget; local search does.
Each move is scored in O(1) from a pair-count matrix and, per round, how many people at
each table a person has already met elsewhere; an applied move updates those in
O(people + table size x rounds).

Live re-planning: build the new problem with `with_played(...)` and the change
(`with_arrival`, `with_departure`, `with_host_replaced`, `with_pin`), then
`plan(problem, hint=previous_plan.rounds)`: played rounds stay as they were, the encounters
they hold count, and the search starts from the announced plan, so only what the news
demands changes. Without a hint, the affine start is aligned on the last played round.

Pair rules (`PairRule`: "never" together, or apart in the first round) are hard
constraints in the rounds still to seat: `pairs` proves quickly when some cannot all hold
(two fixed people at one table, someone kept from every table, a group that must sit
pairwise apart with too few tables); otherwise the starts avoid them (the affine schedule
trades columns, since people of one column never meet; greedy and hints skip a clashing
table), and the search repairs any left, then never makes a move that breaks one.
`PairRuleError` names the rules that could not all hold.

Without hosts, at tables of one size, the start is a built schedule when one exists
(`designs`: affine rounds plus split rounds, or a one-rotational design such as Kirkman's
fifteen schoolgirls), so nobody meets twice in as many rounds as the construction gives;
restarts alternate it with Triska and Musliu's freedom greedy start. Once repeats reach
their floor, people who attend every round trade whole schedules (pairs meet exactly as
before) to mix departments.

The lower bound (see `bound`) combines a pigeonhole argument between two rounds and a
person-by-person count of the first meetings still possible; both are proved there.
Department excess has its own floor, exact for each round alone (a max flow). The search
stops as soon as both are reached; when a theorem proves the repeat floor unreachable
(`bound.unreachable`: orthogonal Latin squares of order 6, projective planes, nearly
Kirkman systems), the plan says why and the search stops one repeat above it.

Public API: `Person`, `Pin`, `PairRule`, `RotationProblem` (with `with_played`,
`with_arrival`, `with_departure`, `with_host_replaced`, `with_pin`, `with_pair_rule` for
live changes), `plan`, `Plan`, `evaluate`, `Metrics`, `violations`, `pair_breaks`,
`pair_conflicts`, `lower_bound`, `department_floor`, `unreachable` (an `Unreachable`
reason, its sentence in `THEOREMS`), `RotationError`, `PairRuleError`.
"""
from facilitator.domain.rotation.bound import THEOREMS, Unreachable, department_floor, lower_bound, unreachable
from facilitator.domain.rotation.metrics import Metrics, evaluate, violations
from facilitator.domain.rotation.model import (
    MODES, PAIR_KINDS, PairRule, Person, Pin, RotationError, RotationProblem, table_limits,
)
from facilitator.domain.rotation.pairs import (
    PairBreak, PairConflict, PairRuleError, pair_breaks, pair_conflicts,
)
from facilitator.domain.rotation.planner import Plan, plan

__all__ = [
    "MODES", "PAIR_KINDS", "THEOREMS", "Metrics", "PairBreak", "PairConflict", "PairRule", "PairRuleError",
    "Person", "Pin", "Plan", "RotationError", "RotationProblem", "Unreachable", "department_floor",
    "evaluate", "lower_bound",
    "pair_breaks", "pair_conflicts", "plan", "table_limits", "unreachable", "violations",
]
