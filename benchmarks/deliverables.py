"""Time and memory to build the three deliverable PDFs for a large and a hostile workshop.

50 participants, 8 tables, 5 rounds, 40 solutions and 2,000 notes, generated from a fixed
seed, with an action plan of 12 actions and 24 indicators measured at three follow-ups;
then the same workshop made hostile (runs of newlines and spaces at the app's limits,
3,000-character words, Arabic, Hebrew, CJK and emoji). Prints the median build time of
each PDF, the peak Python memory of one build (tracemalloc), the process's peak resident
size and the page counts. Target: the three PDFs under 3 s together and under 300 MB,
for each workshop; the summary in 6 pages at most.

    .venv/bin/python benchmarks/deliverables.py [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable

from pypdf import PdfReader

from facilitator.domain.actionplan import (
    ActionItem, ActionPlanReport, FollowUpPoint, IndicatorItem, Measure, ValuePoint,
)
from facilitator.domain import deliverables as compose
from facilitator.domain.deliverables.data import (
    Note, Qualification, RoundInfo, Solution, SolutionOrigin, TableInfo, TableSynthesis,
    WorkshopReport,
)
from facilitator.domain.deliverables.sample import (
    ARABIC, HEBREW, STAGES, _diagnostic, build_hostile_report,
)

SUBJECTS = ("Le délai d'accès", "La réponse du tuteur", "Le dossier de financement",
            "La vidéo sur mobile", "La date d'examen", "Le suivi après la formation",
            "L'appel de bienvenue", "Le planning conseillé", "Le paiement en ligne",
            "La communauté des anciens")
VERDICTS = ("est trop long pour beaucoup d'apprenants", "rassure quand il est fait tôt",
            "crée des appels inutiles au support", "mériterait un message plus clair",
            "varie beaucoup d'une formation à l'autre", "est apprécié quand il est personnalisé")
DETAILS = ("", " On l'a vu plusieurs fois cette année.", " Les commerciaux le confirment.",
           " À vérifier avec les chiffres du support.",
           " Une apprenante nous a écrit trois fois à ce sujet, sans réponse claire, et a fini "
           "par demander un remboursement ; c'est typique des dossiers CPF incomplets.")
STREAMS = ("Accompagnement", "Parcours digital", "Offre et financement", "Fidélisation",
           "Qualité pédagogique")
FIRST = ("Camille", "Mehdi", "Sophie", "Julien", "Aïcha", "Thomas", "Léa", "Karim", "Inès",
         "Paul", "Élodie", "Yann", "Nadia", "Hugo", "Claire", "Marc")


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERDICTS)}.{rng.choice(DETAILS)}"


def large_report(seed: int = 7) -> WorkshopReport:
    """A 50-participant, 8-table, 5-round workshop with 2,000 notes."""
    rng = random.Random(seed)
    tables = tuple(TableInfo(n, f"Table {n}", f"{rng.choice(FIRST)} {chr(64 + n)}.",
                             f"Thème {n}") for n in range(1, 9))
    rounds = tuple(RoundInfo(r, f"Question {r} : {_sentence(rng)} Qu'en faire ?", tuple(
        TableSynthesis(t.number, tuple(_sentence(rng) for _ in range(4)),
                       tuple(f"Solution proposée {r}.{t.number}.{k}" for k in range(2)))
        for t in tables)) for r in range(1, 6))
    solutions = tuple(Solution(
        id=i, title=f"Solution {i} : {rng.choice(SUBJECTS).lower()} revu",
        description=_sentence(rng),
        irritant=_sentence(rng), stage=rng.choice(STAGES), work_stream=rng.choice(STREAMS),
        channel=rng.choice(("Plateforme", "E-mail", "Téléphone")),
        origins=(SolutionOrigin(rng.randint(1, 8), rng.randint(1, 5)),), votes=rng.randint(0, 30),
        qualification=Qualification(rng.choice(("low", "medium", "high")),
                                    rng.choice(("low", "medium", "high")), rng.choice(FIRST),
                                    rng.choice(("short", "medium", "long")))
        if i % 5 else None) for i in range(1, 41))
    notes = tuple(Note(rng.randint(1, 5), rng.randint(1, 8), _sentence(rng), rng.choice(FIRST))
                  for _ in range(2000))
    return WorkshopReport(
        title="Benchmark : expérience apprenant", date=dt.date(2025, 6, 2), place="Paris",
        facilitator_name="Nathalie Girard", language="fr", participants_count=50,
        departments=("Service client", "Pédagogie", "Commercial", "Produit", "Marketing"),
        tables=tables, rounds=rounds, solutions=solutions, notes=notes, journey_stages=STAGES,
        diagnostic=_diagnostic(), next_steps="Comité de direction le 4 juillet.",
        generated_at=dt.date(2025, 6, 3),
    )


def large_plan(report: WorkshopReport, hostile: bool = False, seed: int = 11) -> ActionPlanReport:
    """12 actions from the most voted solutions, two indicators each, three follow-ups."""
    rng = random.Random(seed)
    later = [dt.date(2025, 9, 1), dt.date(2025, 12, 1), dt.date(2026, 3, 2)]
    noise = "\n" * 150 + ARABIC + " " * 150 + HEBREW if hostile else ""
    actions = []
    ranked = sorted(report.solutions, key=lambda s: -s.votes)[:12]
    for number, solution in enumerate(ranked, start=1):
        indicators = []
        for kind in ("theme_nps", "manual"):
            base = rng.uniform(-40, 40)
            values = tuple(ValuePoint(day, base + rng.uniform(-5, 20),
                                      rng.uniform(6, 15) if kind != "manual" else None,
                                      rng.randint(40, 300), noise[:500],
                                      "suivi.csv" if kind != "manual" else "")
                           for day in later)
            indicators.append(IndicatorItem(
                f"Indicateur {number}.{len(indicators) + 1}{noise[:100]}", "points", kind,
                "délai d'accès", base, 9.0 if kind != "manual" else None, report.date,
                base + 20, later[-1], values))
        actions.append(ActionItem(number, (solution.title + noise)[:200], rng.choice(FIRST),
                                  rng.choice(later), rng.choice(("planned", "in_progress",
                                                                  "done")),
                                  solution.title, solution.work_stream, solution.irritant,
                                  tuple(indicators)))
    return ActionPlanReport(
        title=report.title, date=report.date, place=report.place,
        facilitator_name=report.facilitator_name, language=report.language,
        actions=tuple(actions), baseline_nps=Measure(24.0, 7.5, 412),
        baseline_respondents=412,
        followups=tuple(FollowUpPoint("suivi.csv", day, 300, 24.0 + i * 3, 8.0)
                        for i, day in enumerate(later)))


def _measure(build: Callable[[object], bytes], report: object,
             runs: int) -> tuple[float, float, int]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = build(report)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    build(report)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20, len(PdfReader(io.BytesIO(pdf)).pages)


def _yardstick() -> float:
    """This machine's speed now: 3,000 plain paragraphs laid out by ReportLab alone. The
    machine is shared and noisy; times divided by this one compare across runs."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["BodyText"]
    start = time.perf_counter()
    SimpleDocTemplate(io.BytesIO()).build(
        [Paragraph(f"Paragraph {i}: the quick brown fox jumps over the lazy dog. " * 3, style)
         for i in range(3000)])
    return time.perf_counter() - start


def _in_its_language(build):
    """A builder given the Babel catalogue of the report's language, as the services do."""
    from facilitator.services.translations import gettext_for
    return lambda data: build(data, gettext_for(data.language))


build_summary_pdf = _in_its_language(compose.build_summary_pdf)
build_detailed_pdf = _in_its_language(compose.build_detailed_pdf)
build_action_plan_pdf = _in_its_language(compose.build_action_plan_pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    large = large_report()
    build_summary_pdf(large)  # registers the fonts once, as a running app would have
    yard = statistics.median(_yardstick() for _ in range(args.runs))
    for title, report, plan in (
            ("2,000-note workshop", large, large_plan(large)),
            ("hostile workshop", build_hostile_report(large), large_plan(large, hostile=True))):
        print(title)
        total = 0.0
        builds = (("summary", build_summary_pdf, report), ("detailed", build_detailed_pdf, report),
                  ("plan", build_action_plan_pdf, plan))
        for name, build, data in builds:
            median, peak, pages = _measure(build, data, args.runs)
            total += median
            print(f"  {name:9} median {median:6.2f} s  peak Python memory {peak:6.1f} MB  "
                  f"{pages:3d} pages")
        print(f"  all three median {total:6.2f} s = {total / yard:4.2f} x yardstick")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS {rss:6.1f} MB ({args.runs} runs each)")
    print(f"yardstick (3,000 plain paragraphs, ReportLab alone) median {yard:.2f} s: the "
          f"ratios above compare runs on a busy machine")


if __name__ == "__main__":
    main()
