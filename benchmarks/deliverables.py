"""Time and memory to build both deliverable PDFs for a large workshop.

50 participants, 8 tables, 5 rounds, 40 solutions and 2,000 notes, generated from a fixed
seed. Prints the median build time of each PDF, the peak Python memory of one build
(tracemalloc), the process's peak resident size and the page counts.
Target: both PDFs under 3 s together and under 300 MB.

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

from facilitator.domain.deliverables import build_detailed_pdf, build_summary_pdf
from facilitator.domain.deliverables.data import (
    Note, Qualification, RoundInfo, Solution, SolutionOrigin, TableInfo, TableSynthesis,
    WorkshopReport,
)
from facilitator.domain.deliverables.sample import STAGES, _diagnostic

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


def _measure(build: Callable[[WorkshopReport], bytes], report: WorkshopReport,
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    report = large_report()
    build_summary_pdf(report)  # registers the fonts once, as a running app would have
    total = 0.0
    for name, build in (("summary", build_summary_pdf), ("detailed", build_detailed_pdf)):
        median, peak, pages = _measure(build, report, args.runs)
        total += median
        print(f"{name:9} median {median:6.2f} s  peak Python memory {peak:6.1f} MB  "
              f"{pages:3d} pages")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"both      median {total:6.2f} s  process peak RSS {rss:6.1f} MB  "
          f"({args.runs} runs each)")


if __name__ == "__main__":
    main()
