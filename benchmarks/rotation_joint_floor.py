"""Why 24/4/4 and 27/4/4 (benchmarks/rotation.py's café rosters) stop above the department
floor: the least department excess of a plan whose repeats sit at their floor, solved exactly.

The argument (see `facilitator/domain/rotation/bound.py`, "Both floors at once"): at 4
tables of 6 (or 7, 7, 7, 6) for 4 rounds, a plan at the repeat floor is a set of fixed
couples and singles riding a 4-net of order 4, which is unique up to isomorphism (Bruck's
completion to AG(2, 4), hosts on a line of the missing parallel class). So the least
excess over such plans is the least excess over ways of putting the roster into the 16
units of that one net: a small integer program, solved here with CP-SAT.

Needs OR-Tools, which the app does not depend on: `.venv/bin/pip install ortools`.
Run: .venv/bin/python benchmarks/rotation_joint_floor.py [--seconds 60]
"""
from __future__ import annotations

import argparse
import os
import sys
from math import ceil
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rotation import roster  # noqa: E402

from facilitator.domain.rotation import RotationProblem, department_floor, lower_bound, plan  # noqa: E402
from facilitator.domain.rotation.affine import galois_field  # noqa: E402

ROSTERS = [(24, 4, 4), (27, 4, 4)]


def net_schedule(rounds: int) -> tuple[list[tuple[int, int]], list[dict[int, int]]]:
    """AG(2, 4) without the lines of slope 3: for each round, unit -> table, where table t
    is the line through the t-th host unit (the units on the line b = 3a)."""
    add, mul = galois_field(4)
    points = [(a, b) for a in range(4) for b in range(4)]
    hosts = [p for p in points if p[1] == mul[3][p[0]]]

    def line(slope, point):
        a, b = point
        return a if slope == "vertical" else add[b][mul[slope][a]]

    schedule = []
    for slope in ("vertical", 0, 1, 2)[:rounds]:
        table_of_line = {line(slope, h): t for t, h in enumerate(hosts)}
        schedule.append({k: table_of_line[line(slope, p)] for k, p in enumerate(points)})
    return [points.index(h) for h in hosts], schedule


def least_excess_at_repeat_floor(people: int, tables: int, rounds: int, seconds: float):
    from ortools.sat.python import cp_model

    persons = roster(people, tables, True)
    problem = RotationProblem(persons, tables, rounds)
    host_units, schedule = net_schedule(rounds)
    model = cp_model.CpModel()
    units = range(16)
    x = {(p, k): model.NewBoolVar("") for p in range(people) for k in units}
    for p, person in enumerate(persons):
        model.AddExactlyOne(x[p, k] for k in units)
        if person.is_host:
            model.Add(x[p, host_units[person.host_table]] == 1)
    for k in units:  # a couple or a single
        model.AddLinearConstraint(sum(x[p, k] for p in range(people)), 1, 2)
    departments = sorted({p.department for p in persons})
    share = {d: ceil(sum(p.department == d for p in persons) / tables) for d in departments}
    excess = []
    for r in range(rounds):
        limits = problem.size_limits(r)
        for t in range(tables):
            here = [k for k in units if schedule[r][k] == t]
            model.AddLinearConstraint(sum(x[p, k] for p in range(people) for k in here), *limits[t])
            for d in departments:
                e = model.NewIntVar(0, people, "")
                model.Add(e >= sum(x[p, k] for p, q in enumerate(persons) if q.department == d
                                   for k in here) - share[d])
                excess.append(e)
    model.Minimize(sum(excess))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    status = solver.Solve(model)
    return problem, solver.StatusName(status), solver.ObjectiveValue(), solver.BestObjectiveBound()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    try:
        import ortools  # noqa: F401
    except ImportError:  # skipped, not failed: `make bench` runs every script
        print("skipped: needs OR-Tools (.venv/bin/pip install ortools), which the app does not use")
        return
    print(f"(load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())})\n")
    print("| Roster | Repeat floor | Dept. floor (rounds alone) | Least dept. excess at the repeat "
          "floor (CP-SAT) | Engine, 1 s, seeds 0-4: repeats / dept. excess |")
    print("|---|---|---|---|---|")
    for people, tables, rounds in ROSTERS:
        problem, status, value, bound = least_excess_at_repeat_floor(people, tables, rounds,
                                                                     args.seconds)
        engine = [plan(problem, seed=s, time_limit=1.0).metrics for s in range(5)]
        print(f"| {people} / {tables} / {rounds} | {lower_bound(problem)} | {department_floor(problem)} "
              f"| {value:g} ({status.lower()}, bound {bound:g}) "
              f"| {', '.join(f'{m.repeat_encounters} / {m.department_excess}' for m in engine)} |")


if __name__ == "__main__":
    main()
