"""Scores into rankings: pure functions on plain data, no ORM. Decimal arithmetic throughout,
so a ranking recomputed from a snapshot is identical, digit for digit.

Definitions
-----------
Review total
    Σ weight × score / max score over the criteria of the round (weights sum to 100, scores
    0–10, so the total is 0–100 with at most two decimals).
Raw score of a dossier
    The mean of its final reviews' totals. With the round's *trimmed mean* option and five or
    more final reviews, the single highest and single lowest totals are dropped first.
Normalised score
    Per judge, over that judge's final reviews in the round (every category):
    z = (total − judge mean) / judge standard deviation (population: divided by n).
    A judge with fewer than two final reviews, or a standard deviation of 0, gets z = 0.
    Each review's normalised total is 50 + 10·z, clipped to [0, 100]; the dossier's normalised
    score is the mean (trimmed as above) of its reviews' normalised totals.
Rounding
    Scores are rounded to two decimals (half up) before ranking, so equal shown scores are ties.
Disagreement
    Flagged when the highest and lowest raw totals of a dossier differ by more than 30 points.
Ranking and ties
    By the round's ranking score (raw, or normalised when the round says so), higher first.
    Ties are broken, in order, by: the higher median raw total; more final reviews; the earlier
    first submission; the smaller receipt number. Dossiers without a final review come last.
Selection
    Dossiers with a score, scoring at least the threshold (if one is set), in rank order, at
    most N of them (if N is set).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

TWO_PLACES = Decimal("0.01")
DISAGREEMENT_POINTS = Decimal(30)
TRIM_FROM = 5
NORMALISED_CENTRE = Decimal(50)
NORMALISED_SPREAD = Decimal(10)
TIE_BREAK = ("median", "reviews", "first_submitted_at", "receipt_number")
# Printed in snapshots so that a reader knows how the numbers were made.
METHOD_TEXT = {
    "total": "sum(weight * score / max_score)",
    "trim": "drop highest and lowest when reviews >= 5 (if trimmed_mean)",
    "normalisation": "per judge over the round: z = (total - mean) / population sd; "
    "z = 0 when reviews < 2 or sd = 0; 50 + 10 z clipped to [0, 100]",
    "rounding": "2 decimals, half up, before ranking",
    "disagreement": "max - min raw total > 30",
    "tie_break": "score desc, median desc, reviews desc, first_submitted_at asc, receipt asc",
    "selection": "score >= threshold (if set), then at most quota (if set), in rank order",
}


@dataclass(frozen=True)
class ReviewTotal:
    judge: int
    dossier: int
    total: Decimal


@dataclass(frozen=True)
class Entry:
    """A dossier in the ranking, with what the tie-break needs."""

    dossier: int
    receipt_number: str
    first_submitted_at: str  # ISO 8601 in UTC: compares in time order


@dataclass(frozen=True)
class Aggregate:
    dossier: int
    reviews: int
    raw: Decimal | None
    normalised: Decimal | None
    median: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None

    @property
    def disagreement(self) -> bool:
        if self.reviews < 2:
            return False
        return self.highest - self.lowest > DISAGREEMENT_POINTS


@dataclass(frozen=True)
class Ranked:
    entry: Entry
    aggregate: Aggregate
    rank: int
    score: Decimal | None
    tied_with: tuple[int, ...]  # other dossiers with the same score
    decided_by: str  # the tie-break key that placed it among them ("" if not tied)
    selected: bool = False


def round2(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def review_total(scores: Iterable[tuple[int, Decimal, Decimal]]) -> Decimal:
    """Σ weight × score / max score for (weight, score, max score) triples."""
    total = sum((Decimal(w) * s / m for w, s, m in scores), Decimal(0))
    return round2(total)


def mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def trimmed(values: Sequence[Decimal], *, trim: bool) -> list[Decimal]:
    ordered = sorted(values)
    return ordered[1:-1] if trim and len(ordered) >= TRIM_FROM else ordered


def median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def judge_z_scores(reviews: Sequence[ReviewTotal]) -> dict[tuple[int, int], Decimal]:
    """z of every review: (total − judge mean) / judge population sd; 0 for a judge with fewer
    than two reviews or no spread."""
    by_judge: dict[int, list[ReviewTotal]] = defaultdict(list)
    for review in reviews:
        by_judge[review.judge].append(review)
    z: dict[tuple[int, int], Decimal] = {}
    with localcontext() as context:
        context.prec = 28
        for judge_reviews in by_judge.values():
            totals = [r.total for r in judge_reviews]
            centre = mean(totals)
            sd = (sum(((t - centre) ** 2 for t in totals), Decimal(0)) / len(totals)).sqrt()
            for review in judge_reviews:
                zero = len(totals) < 2 or sd == 0
                z[review.judge, review.dossier] = (
                    Decimal(0) if zero else (review.total - centre) / sd
                )
    return z


def normalised_total(z: Decimal) -> Decimal:
    value = NORMALISED_CENTRE + NORMALISED_SPREAD * z
    return min(max(value, Decimal(0)), Decimal(100))


def aggregate(reviews: Sequence[ReviewTotal], *, trim: bool) -> dict[int, Aggregate]:
    """Every dossier that has final reviews: raw and normalised scores side by side."""
    z = judge_z_scores(reviews)
    by_dossier: dict[int, list[ReviewTotal]] = defaultdict(list)
    for review in reviews:
        by_dossier[review.dossier].append(review)
    result = {}
    with localcontext() as context:
        context.prec = 28
        for dossier, dossier_reviews in by_dossier.items():
            totals = [r.total for r in dossier_reviews]
            normalised = [normalised_total(z[r.judge, r.dossier]) for r in dossier_reviews]
            result[dossier] = Aggregate(
                dossier=dossier,
                reviews=len(totals),
                raw=round2(mean(trimmed(totals, trim=trim))),
                normalised=round2(mean(trimmed(normalised, trim=trim))),
                median=round2(median(totals)),
                lowest=min(totals),
                highest=max(totals),
            )
    return result


def _empty(dossier: int) -> Aggregate:
    return Aggregate(dossier, 0, None, None, None, None, None)


def _sort_key(entry: Entry, agg: Aggregate, score: Decimal | None) -> tuple:
    if score is None:
        return (1, 0, 0, 0, "", entry.receipt_number)
    return (0, -score, -agg.median, -agg.reviews, entry.first_submitted_at, entry.receipt_number)


def rank(
    entries: Sequence[Entry], aggregates: dict[int, Aggregate], *, by_normalised: bool
) -> list[Ranked]:
    """Order the dossiers of one category; ranks are 1, 2, 3 … with ties broken as documented."""

    def score_of(entry: Entry) -> Decimal | None:
        agg = aggregates.get(entry.dossier, _empty(entry.dossier))
        return agg.normalised if by_normalised else agg.raw

    keyed = [
        (entry, aggregates.get(entry.dossier, _empty(entry.dossier)), score_of(entry))
        for entry in entries
    ]
    keyed.sort(key=lambda item: _sort_key(*item))
    groups: dict[Decimal, list[int]] = defaultdict(list)
    for entry, _agg, score in keyed:
        if score is not None:
            groups[score].append(entry.dossier)
    ranked = []
    for position, (entry, agg, score) in enumerate(keyed, start=1):
        tied = tuple(d for d in groups.get(score, []) if d != entry.dossier)
        decided = _decided_by(keyed, position - 1) if tied else ""
        ranked.append(Ranked(entry, agg, position, score, tied, decided))
    return ranked


def _decided_by(keyed: list, index: int) -> str:
    """The first tie-break key separating this dossier from a tied neighbour."""
    entry, agg, score = keyed[index]
    neighbours = [keyed[i] for i in (index - 1, index + 1) if 0 <= i < len(keyed)]
    keys = []
    for other_entry, other_agg, other_score in neighbours:
        if other_score != score:
            continue
        for name, mine, theirs in (
            ("median", agg.median, other_agg.median),
            ("reviews", agg.reviews, other_agg.reviews),
            ("first_submitted_at", entry.first_submitted_at, other_entry.first_submitted_at),
            ("receipt_number", entry.receipt_number, other_entry.receipt_number),
        ):
            if mine != theirs:
                keys.append(name)
                break
    return min(keys, key=TIE_BREAK.index) if keys else ""


def select(
    ranked: Sequence[Ranked], *, threshold: Decimal | None, quota: int | None
) -> list[Ranked]:
    """Mark the selected dossiers (finalists or honorees) in rank order."""
    chosen = 0
    out = []
    for item in ranked:
        ok = item.score is not None and (threshold is None or item.score >= threshold)
        ok = ok and (quota is None or chosen < quota)
        chosen += ok
        out.append(
            Ranked(
                item.entry,
                item.aggregate,
                item.rank,
                item.score,
                item.tied_with,
                item.decided_by,
                selected=ok,
            )
        )
    return out
