"""Net Promoter Score figures: shares, margin of error, distribution, trends.

NPS = %promoters (9-10) - %detractors (0-6), in points from -100 to +100.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .model import Response

SMALL_SAMPLE = 30
Z95 = 1.96


@dataclass(frozen=True, slots=True)
class NpsSummary:
    """Counts and NPS of a group of responses.

    `margin_of_error` is the Wald 95% margin in points: with p and d the promoter and
    detractor shares, Var = p + d - (p - d)^2, SE = sqrt(Var / n), MoE = 1.96 * SE * 100.
    `margin_of_error_adjusted` is the adjusted-Wald variant (Rocks 2016): n + 3 responses
    and +3/4 to promoters and detractors, better behaved under 30 responses; it is given
    alongside, the reported `margin_of_error` is always the Wald one.
    """

    n: int
    promoters: int
    passives: int
    detractors: int
    nps: float
    margin_of_error: float
    margin_of_error_adjusted: float
    distribution: tuple[int, ...]

    @property
    def small_sample(self) -> bool:
        return self.n < SMALL_SAMPLE

    def to_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "nps": round(self.nps, 2),
            "margin_of_error": round(self.margin_of_error, 2),
            "margin_of_error_adjusted": round(self.margin_of_error_adjusted, 2),
            "promoters": self.promoters,
            "passives": self.passives,
            "detractors": self.detractors,
            "small_sample": self.small_sample,
        }


def margin_of_error(promoters: float, detractors: float, n: float) -> float:
    """Wald 95% margin of error of an NPS, in points (0 when n is 0)."""
    if n <= 0:
        return 0.0
    p, d = promoters / n, detractors / n
    variance = p + d - (p - d) ** 2
    return Z95 * math.sqrt(max(variance, 0.0) / n) * 100


def adjusted_wald_margin(promoters: int, detractors: int, n: int) -> float:
    """Adjusted-Wald 95% margin: the Wald formula on n + 3 with +0.75 per extreme group."""
    return margin_of_error(promoters + 0.75, detractors + 0.75, n + 3)


def summarise_scores(scores: Iterable[int]) -> NpsSummary:
    """NPS, counts, both margins and the 0..10 distribution of `scores`."""
    distribution = [0] * 11
    for score in scores:
        distribution[score] += 1
    n = sum(distribution)
    promoters = distribution[9] + distribution[10]
    detractors = sum(distribution[:7])
    nps = 100 * (promoters - detractors) / n if n else 0.0
    return NpsSummary(
        n=n,
        promoters=promoters,
        passives=n - promoters - detractors,
        detractors=detractors,
        nps=nps,
        margin_of_error=margin_of_error(promoters, detractors, n),
        margin_of_error_adjusted=adjusted_wald_margin(promoters, detractors, n),
        distribution=tuple(distribution),
    )


@dataclass(frozen=True, slots=True)
class GroupNps:
    """The NPS of one month ("2024-03") or one segment."""

    key: str
    summary: NpsSummary

    def to_dict(self) -> dict[str, object]:
        return {"key": self.key, **self.summary.to_dict()}


def nps_by(responses: Sequence[Response], key: Callable[[Response], str]) -> list[GroupNps]:
    """NPS per group, groups sorted by key; responses whose key is "" are left out."""
    groups: dict[str, list[int]] = {}
    for response in responses:
        name = key(response)
        if name:
            groups.setdefault(name, []).append(response.score)
    return [GroupNps(name, summarise_scores(groups[name])) for name in sorted(groups)]


def by_month(responses: Sequence[Response]) -> list[GroupNps]:
    return nps_by(responses, lambda r: r.date.strftime("%Y-%m") if r.date else "")


def by_segment(responses: Sequence[Response]) -> list[GroupNps]:
    return nps_by(responses, lambda r: r.segment)
