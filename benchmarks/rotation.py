"""Benchmark of the seating engine against its lower bound and two naive baselines.

Run: .venv/bin/python benchmarks/rotation.py [--runs 3] [--perfect-seconds 10]
    [--seeds 5] [--first-seed 0] [--long-seconds 60] [--only golfers|short|long|cafe]
Prints a markdown table (medians over the runs, seeds 0..runs-1), the number of perfect
rounds found for 32 people at 8 tables of 4, the time of a live re-plan, the cost of
pair rules (I3 with 10 "never together" rules, medians over 5 seeds), then the classic
Social Golfer instances (no hosts, one department) and café-sized rosters (hosts, six
departments): repeats and department excess against their floors, best and median of
`--seeds` seeds, time to the best plan, and whether the issue's targets are met.
The load average is printed with the figures: the machine is shared.

`--only long` runs only 32 people for 10 rounds at `--long-seconds`; with `--first-seed`
and `--seeds` its five seeds can be split over several runs (each row lists its seeds'
repeats one by one, so the runs add up); `--only short` runs the other golfer rows.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Sequence

from facilitator.domain.rotation import PairRule, Person, RotationProblem, lower_bound, plan
from facilitator.domain.rotation.metrics import department_excess, repeat_encounters

DEPARTMENTS = (("Sales", 0.30), ("Operations", 0.25), ("IT", 0.18), ("Finance", 0.12),
               ("HR", 0.10), ("Legal", 0.05))

INSTANCES = {  # name: (people, tables, rounds, hosts, time limit)
    "I1": (30, 5, 3, True, 1.0),
    "I2": (32, 8, 10, False, 1.0),
    "I3": (48, 8, 4, True, 1.0),
    "I4": (50, 7, 5, True, 1.0),
    "I5": (120, 15, 5, True, 2.5),
}


def roster(people: int, tables: int, hosts: bool) -> list[Person]:
    """Departments of unequal sizes, listed interleaved as a sign-up sheet would mix them;
    the first `tables` people listed host, so hosts come from several departments."""
    counts = _largest_remainder(people)
    taken = dict.fromkeys(counts, 0)
    order = []
    for _ in range(people):  # Sainte-Laguë order: each department in proportion
        name = max((d for d in counts if taken[d] < counts[d]),
                   key=lambda d: counts[d] / (2 * taken[d] + 1))
        taken[name] += 1
        order.append(name)
    return [Person(f"p{i}", f"{d} {i}", d, i if hosts and i < tables else None)
            for i, d in enumerate(order)]


def _largest_remainder(people: int) -> dict[str, int]:
    exact = {d: share * people for d, share in DEPARTMENTS}
    counts = {d: int(x) for d, x in exact.items()}
    for d in sorted(exact, key=lambda d: exact[d] - counts[d], reverse=True)[:people - sum(counts.values())]:
        counts[d] += 1
    return counts


def random_round(problem: RotationProblem, rng: random.Random) -> list[list[str]]:
    tables: list[list[str]] = [[] for _ in range(problem.tables)]
    for p in problem.people:
        if p.host_table is not None:
            tables[p.host_table].append(p.id)
    others = [p.id for p in problem.people if p.host_table is None]
    rng.shuffle(others)
    for pid in others:
        min(tables, key=lambda t: (len(t), rng.random())).append(pid)
    return tables


def random_baseline(problem: RotationProblem, tries: int = 20) -> int:
    rng = random.Random(0)
    return min(repeat_encounters([random_round(problem, rng) for _ in range(problem.rounds)])
               for _ in range(tries))


def cyclic_baseline(problem: RotationProblem) -> tuple[int, int]:
    """The classic rotation: participant in seat s of table t goes s tables on each round
    (seat numbers start at 1 so that everyone moves; hosts stay)."""
    hosts = problem.has_hosts
    participants = [p.id for p in problem.people if p.host_table is None]
    rounds = []
    for r in range(problem.rounds):
        tables = [[p.id] for p in sorted((p for p in problem.people if p.is_host),
                                          key=lambda p: p.host_table)] if hosts else [[] for _ in range(problem.tables)]
        for i, pid in enumerate(participants):
            home, seat = i % problem.tables, i // problem.tables + 1
            tables[(home + r * seat) % problem.tables].append(pid)
        rounds.append(tables)
    return repeat_encounters(rounds), department_excess(problem, rounds)


def engine(problem: RotationProblem, time_limit: float, runs: int) -> dict[str, float]:
    plans = [plan(problem, seed=seed, time_limit=time_limit) for seed in range(runs)]
    median = lambda values: statistics.median(values)  # noqa: E731
    return {
        "repeats": median([p.metrics.repeat_encounters for p in plans]),
        "excess": median([p.metrics.department_excess for p in plans]),
        "sizes": f"{plans[0].metrics.min_table_size}-{plans[0].metrics.max_table_size}",
        "seconds": median([p.seconds for p in plans]),
        "found": median([p.found_after for p in plans]),
        "worst": max(p.metrics.repeat_encounters for p in plans),
    }


def table(runs: int) -> list[str]:
    lines = [
        "| Instance | People / tables / rounds | Hosts | Lower bound | Random (best of 20) | Cyclic shift "
        "| Engine repeats (median, worst) | Target | Dept. excess | Table sizes | Time s (median) "
        "| Best found after s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, (people, tables, rounds, hosts, limit) in INSTANCES.items():
        problem = RotationProblem(roster(people, tables, hosts), tables, rounds)
        bound, rand = lower_bound(problem), random_baseline(problem)
        cyclic, cyclic_excess = cyclic_baseline(problem)
        got = engine(problem, limit, runs)
        target = f"<= {bound + 0.1 * (rand - bound):.1f}" if hosts else "-"
        lines.append(
            f"| {name} | {people} / {tables} / {rounds} | {'yes' if hosts else 'no'} | {bound} | {rand} "
            f"| {cyclic} (dept {cyclic_excess}) | {got['repeats']:g} ({got['worst']}) | {target} "
            f"| {got['excess']:g} | {got['sizes']} | {got['seconds']:.2f} | {got['found']:.2f} |")
    return lines


def perfect_rounds(seconds: float, most: int = 10) -> int:
    """Most rounds of 32 people at 8 tables of 4, nobody meeting twice, the engine finds."""
    best = 0
    for rounds in range(1, most + 1):
        problem = RotationProblem(roster(32, 8, False), 8, rounds)
        if plan(problem, seed=0, time_limit=seconds).metrics.repeat_encounters:
            break
        best = rounds
    return best


def replan_timing(runs: int, budgets: Sequence[float] = (0.2, 1.0)) -> list[str]:
    """50 people (I4): round 1 played, someone arrives for round 2; re-plan rounds 2-5."""
    problem = RotationProblem(roster(50, 7, True), 7, 5)
    announced = plan(problem, seed=0).rounds
    late = Person("late", "Late arrival", "IT")
    changed = problem.with_played(announced[:1]).with_arrival(late, 1)
    lines = ["| Re-plan (I4, late arrival for round 2) | Budget s | Repeats (median) | Lower bound "
             "| Best found after s (median) | People whose future tables changed |",
             "|---|---|---|---|---|---|"]
    for label, hint in (("from the announced plan (hint)", announced), ("from scratch", None)):
        for budget in budgets:
            plans = [plan(changed, seed=s, time_limit=budget, hint=hint) for s in range(runs)]
            moved = statistics.median(
                sum(1 for r in range(1, 5) for t, table in enumerate(p.rounds[r])
                    for pid in table if pid != "late" and pid not in announced[r][t]) for p in plans)
            lines.append(f"| {label} | {budget} | {statistics.median(p.metrics.repeat_encounters for p in plans):g} "
                         f"| {plans[0].metrics.lower_bound} | {statistics.median(p.found_after for p in plans):.3f} "
                         f"| {moved:g} |")
    return lines


def pair_rules_cost(seeds: int = 5) -> list[str]:
    """I3 (48 people, 8 tables, 4 rounds) with and without 10 "never together" rules: a
    host kept from four people of their team, and six pairs drawn at random."""
    people, tables, rounds, _, limit = INSTANCES["I3"]
    base = RotationProblem(roster(people, tables, True), tables, rounds)
    rng = random.Random(10)
    rules = [PairRule("p0", f"p{i}") for i in (8, 16, 24, 32)]
    participants = [p.id for p in base.people if p.host_table is None and p.id not in
                    {r.second for r in rules}]
    while len(rules) < 10:
        first, second = rng.sample(participants, 2)
        if all({first, second} != {r.first, r.second} for r in rules):
            rules.append(PairRule(first, second))
    lines = ["| I3, 10 never-together rules | Repeats (median) | Dept. excess (median) "
             "| Time s (median) | Best found after s (median) |", "|---|---|---|---|---|"]
    for label, problem in (("without rules", base),
                           ("with rules", RotationProblem(base.people, tables, rounds,
                                                          pair_rules=rules))):
        plans = [plan(problem, seed=s, time_limit=limit) for s in range(seeds)]
        lines.append(f"| {label} | {statistics.median(p.metrics.repeat_encounters for p in plans):g} "
                     f"| {statistics.median(p.metrics.department_excess for p in plans):g} "
                     f"| {statistics.median(p.seconds for p in plans):.2f} "
                     f"| {statistics.median(p.found_after for p in plans):.3f} |")
    return lines


GOLFERS = [  # (people, tables, rounds, budget s, target: 0 repeats within the budget on
    # "every" seed, "one" seed of them, or None: no target)
    (15, 5, 7, 1.0, "every"),  # Kirkman's schoolgirls
    (32, 8, 9, 1.0, "every"),
    (32, 8, 10, 1.0, None),
    (32, 8, 10, "long", "one"),  # Aguado 2004; Triska and Musliu 2012 by local search
    (20, 5, 5, 1.0, "every"),
    (36, 9, 9, 1.0, "every"),
    (36, 9, 10, 1.0, None),
    (36, 9, 11, 1.0, None),  # open
]

CAFES = [(12, 3, 3), (16, 4, 3), (20, 4, 4), (24, 4, 4), (27, 4, 4), (30, 5, 3), (30, 5, 4),
         (36, 6, 4), (40, 5, 4), (45, 6, 4), (48, 8, 4), (50, 7, 5)]


def _seeds(problem: RotationProblem, seeds: int, budget: float, first: int = 0) -> list:
    return [plan(problem, seed=seed, time_limit=budget) for seed in range(first, first + seeds)]


def _spread(values: list[float]) -> str:
    return f"{min(values):g} / {statistics.median(values):g} / {max(values):g}"


def golfers(seeds: int, long_seconds: float, which: str = "golfers", first: int = 0) -> list[str]:
    lines = [f"| Social Golfer instance | Budget s | Floor | Repeats best / median / worst "
             f"(seeds {first}-{first + seeds - 1}: each) | Dept. excess best / median / worst "
             "| Best found after s (median, max) | Target | Met |",
             "|---|---|---|---|---|---|---|---|"]
    for people, tables, rounds, budget, target in GOLFERS:
        if (which == "long") != (budget == "long") and which != "golfers":
            continue
        budget = long_seconds if budget == "long" else budget
        problem = RotationProblem([Person(f"g{i}", f"Golfer {i}", "-") for i in range(people)],
                                  tables, rounds)
        plans = _seeds(problem, seeds, budget, first)
        repeats = [p.metrics.repeat_encounters for p in plans]
        found = [p.found_after for p in plans]
        zero = [r == 0 for r in repeats]
        met = {"every": all(zero), "one": any(zero), None: None}[target]
        goal = {"every": "0 on every seed", "one": "0 on one seed", None: "-"}[target]
        lines.append(
            f"| {people}, {tables} x {people // tables}, {rounds} rounds | {budget:g} "
            f"| {plans[0].metrics.lower_bound} | {_spread(repeats)} ({', '.join(map(str, repeats))}) "
            f"| {_spread([p.metrics.department_excess for p in plans])} "
            f"| {statistics.median(found):.2f}, {max(found):.2f} | {goal} "
            f"| {'-' if met is None else 'yes' if met else 'NO'} |")
    return lines


def cafes(seeds: int, budget: float = 1.0) -> list[str]:
    """Both floors met on every seed; where a theorem puts 0 repeats out of reach, the
    target is one repeat, and the row says so."""
    lines = [f"| Café roster (hosts, 6 departments), {budget:g} s | Repeat floor | Repeats best / median / worst "
             "| Dept. floor | Dept. excess best / median / worst | Best found after s (median, max) "
             "| Both floors on every seed |", "|---|---|---|---|---|---|---|"]
    notes = []
    for people, tables, rounds in CAFES:
        problem = RotationProblem(roster(people, tables, True), tables, rounds)
        plans = _seeds(problem, seeds, budget)
        m = plans[0].metrics
        found = [p.found_after for p in plans]
        both = all(p.metrics.at_floors(p.unreachable is not None) for p in plans)
        floor = f"{m.lower_bound}, unreachable: {m.lower_bound + 1}" if plans[0].unreachable else m.lower_bound
        lines.append(
            f"| {people} / {tables} / {rounds} | {floor} "
            f"| {_spread([p.metrics.repeat_encounters for p in plans])} | {m.department_floor} "
            f"| {_spread([p.metrics.department_excess for p in plans])} "
            f"| {statistics.median(found):.2f}, {max(found):.2f} | {'yes' if both else 'NO'} |")
        if plans[0].unreachable:
            notes.append(f"{people} / {tables} / {rounds}: repeat floor proven unreachable: "
                         f"{plans[0].unreachable}")
    return lines + [""] + notes if notes else lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--perfect-seconds", type=float, default=10.0)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--long-seconds", type=float, default=60.0)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--only", choices=("golfers", "short", "long", "cafe"))
    parser.add_argument("--cafe-seconds", type=float, default=1.0,
                        help="budget per café plan (the targets are for 1 s)")
    args = parser.parse_args()
    started = time.perf_counter()
    print(f"(load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())})\n")
    if args.only:
        print("\n".join(cafes(args.seeds, args.cafe_seconds) if args.only == "cafe"
                        else golfers(args.seeds, args.long_seconds, args.only, args.first_seed)))
        print(f"\n(load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
              f"ran in {time.perf_counter() - started:.0f} s)")
        return
    print("\n".join(table(args.runs)))
    print()
    print("\n".join(replan_timing(args.runs)))
    print()
    print("\n".join(pair_rules_cost()))
    print()
    perfect = perfect_rounds(args.perfect_seconds)
    print(f"I2 (32 people, 8 tables of 4, no hosts): {perfect} perfect rounds found "
          f"(no pair meets twice; {args.perfect_seconds:g} s per attempt)")
    print()
    print("\n".join(golfers(args.seeds, args.long_seconds)))
    print()
    print("\n".join(cafes(args.seeds, args.cafe_seconds)))
    print(f"\n(load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
    print(f"\n(benchmark ran in {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
