"""How far judges agree, in figures organisers can read: pure functions on plain data, no ORM.

Decimal arithmetic throughout (28 digits, as judging.aggregation), rounded half up only at the
end, so the figures on the results page and in a snapshot are identical digit for digit.

Definitions
-----------
Severity of a judge
    Over the dossiers the judge scored that at least one other judge also scored ("shared"):
    the mean of (the judge's total − the mean of the other judges' totals on that dossier).
    Negative: stricter than the others; positive: more lenient. The others' mean, not the mean
    of everyone including the judge, because including oneself shrinks the offset by a factor
    (n − 1)/n that changes with the number of judges on each dossier. None when nothing is
    shared. Rounded to 2 decimals.
Spread of a judge
    The population standard deviation (divided by n, as the normalisation in aggregation) of
    all the judge's totals; None with fewer than two. Rounded to 2 decimals.
Agreement of a panel (per category): ICC(1), one-way random effects, single rater
    Each dossier is scored by its own subset of judges (k of the panel, minus conflicts), so the
    judges are not crossed with the dossiers and the two-way ICC(2,1) does not apply; ICC(1)
    treats the judges of a dossier as a random sample, which is the design we have. Over the
    category's dossiers with at least two totals (g dossiers, n_i totals each, N = Σ n_i):
        MSB = Σ n_i (mean_i − grand mean)² / (g − 1)
        MSW = Σ_i Σ_j (total_ij − mean_i)² / (N − g)
        k0  = (N − Σ n_i² / N) / (g − 1)       (the mean group size adjusted for unbalance)
        ICC(1) = (MSB − MSW) / (MSB + (k0 − 1) MSW)
    None with fewer than two such dossiers or when the denominator is 0 (every total equal).
    Rounded to 3 decimals. It can be negative (judges agree less than chance): read as poor.
Reading (Koo & Li 2016, J Chiropr Med 15:155)
    ICC < 0.5 poor; 0.5 ≤ ICC < 0.75 moderate; 0.75 ≤ ICC ≤ 0.9 good; ICC > 0.9 excellent.
Disagreement on a dossier
    Range (highest − lowest total) and population standard deviation of its totals, for dossiers
    with at least two; listed by range, then standard deviation, most first. Flagged as in
    aggregation: range > 30 points.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from judging.aggregation import DISAGREEMENT_POINTS, ReviewTotal, mean, round2

THREE_PLACES = Decimal("0.001")
POOR_BELOW = Decimal("0.5")
MODERATE_BELOW = Decimal("0.75")
GOOD_UP_TO = Decimal("0.9")


class Reading(StrEnum):
    """The plain-language reading of an ICC; the wiring maps each to a translated sentence."""

    INSUFFICIENT = "insufficient"  # not enough shared dossiers to say
    POOR = "poor"
    MODERATE = "moderate"
    GOOD = "good"
    EXCELLENT = "excellent"


@dataclass(frozen=True)
class JudgeCalibration:
    judge: int
    reviews: int
    mean: Decimal  # of the judge's totals, 2 decimals
    spread: Decimal | None  # population sd of the judge's totals, 2 decimals
    severity: Decimal | None  # mean offset from the others on shared dossiers, 2 decimals
    shared: int  # dossiers scored by this judge and at least one other


@dataclass(frozen=True)
class CategoryAgreement:
    category: int
    dossiers: int  # dossiers with at least two totals (g)
    reviews: int  # their totals (N)
    icc: Decimal | None  # ICC(1), 3 decimals
    reading: Reading


@dataclass(frozen=True)
class DossierDisagreement:
    dossier: int
    category: int | None
    reviews: int
    lowest: Decimal
    highest: Decimal
    range: Decimal
    sd: Decimal  # population, 2 decimals

    @property
    def flagged(self) -> bool:
        return self.range > DISAGREEMENT_POINTS


@dataclass(frozen=True)
class Calibration:
    judges: list[JudgeCalibration]  # by judge id
    agreement: list[CategoryAgreement]  # by category id
    disagreements: list[DossierDisagreement]  # most disagreement first


def round3(value: Decimal) -> Decimal:
    return value.quantize(THREE_PLACES, rounding=ROUND_HALF_UP)


def population_sd(values: Sequence[Decimal]) -> Decimal:
    centre = mean(values)
    return (sum(((v - centre) ** 2 for v in values), Decimal(0)) / len(values)).sqrt()


def reading(icc: Decimal | None) -> Reading:
    """Koo & Li's bands, applied to the rounded ICC that organisers see."""
    if icc is None:
        return Reading.INSUFFICIENT
    if icc < POOR_BELOW:
        return Reading.POOR
    if icc < MODERATE_BELOW:
        return Reading.MODERATE
    if icc <= GOOD_UP_TO:
        return Reading.GOOD
    return Reading.EXCELLENT


def calibrate(reviews: Sequence[ReviewTotal], categories: Mapping[int, int]) -> Calibration:
    """Severity and spread per judge, ICC(1) per category, dossiers by disagreement.

    reviews: the round's final review totals. categories: dossier -> its category.
    """
    by_dossier: dict[int, list[ReviewTotal]] = defaultdict(list)
    for review in reviews:
        by_dossier[review.dossier].append(review)
    with localcontext() as context:
        context.prec = 28
        judges = judge_calibration(reviews, by_dossier)
        agreement = [
            category_agreement(category, [by_dossier[d] for d in dossiers])
            for category, dossiers in _dossiers_by_category(by_dossier, categories).items()
        ]
        disagreements = [
            _disagreement(d, categories.get(d), rs) for d, rs in by_dossier.items() if len(rs) >= 2
        ]
    disagreements.sort(key=lambda x: (-x.range, -x.sd, x.dossier))
    return Calibration(judges=judges, agreement=agreement, disagreements=disagreements)


def _dossiers_by_category(
    by_dossier: Mapping[int, list[ReviewTotal]], categories: Mapping[int, int]
) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = {c: [] for c in sorted(set(categories.values()))}
    for dossier in sorted(by_dossier):
        if dossier in categories:
            grouped[categories[dossier]].append(dossier)
    return grouped


def judge_calibration(
    reviews: Sequence[ReviewTotal], by_dossier: Mapping[int, list[ReviewTotal]]
) -> list[JudgeCalibration]:
    """Each judge's mean, spread and severity (see the module docstring)."""
    totals: dict[int, list[Decimal]] = defaultdict(list)
    offsets: dict[int, list[Decimal]] = defaultdict(list)
    for review in reviews:
        totals[review.judge].append(review.total)
        others = [r.total for r in by_dossier[review.dossier] if r.judge != review.judge]
        if others:
            offsets[review.judge].append(review.total - mean(others))
    result = []
    for judge in sorted(totals):
        own = totals[judge]
        shared = offsets.get(judge, [])
        result.append(
            JudgeCalibration(
                judge=judge,
                reviews=len(own),
                mean=round2(mean(own)),
                spread=round2(population_sd(own)) if len(own) >= 2 else None,
                severity=round2(mean(shared)) if shared else None,
                shared=len(shared),
            )
        )
    return result


def icc1(groups: Sequence[Sequence[Decimal]]) -> Decimal | None:
    """ICC(1) of the groups (one per dossier) with at least two totals, unrounded."""
    groups = [list(g) for g in groups if len(g) >= 2]
    g = len(groups)
    n_total = sum(len(group) for group in groups)
    if g < 2:
        return None
    grand = sum((sum(group, Decimal(0)) for group in groups), Decimal(0)) / n_total
    means = [mean(group) for group in groups]
    between = sum(
        (len(group) * (m - grand) ** 2 for group, m in zip(groups, means, strict=True)),
        Decimal(0),
    )
    within = sum(
        ((t - m) ** 2 for group, m in zip(groups, means, strict=True) for t in group),
        Decimal(0),
    )
    msb = between / (g - 1)
    msw = within / (n_total - g)
    k0 = (n_total - Decimal(sum(len(group) ** 2 for group in groups)) / n_total) / (g - 1)
    denominator = msb + (k0 - 1) * msw
    if denominator == 0:
        return None
    return (msb - msw) / denominator


def category_agreement(category: int, groups: Sequence[Sequence[ReviewTotal]]) -> CategoryAgreement:
    """The panel's agreement on one category's dossiers, with its reading."""
    scored = [[r.total for r in group] for group in groups if len(group) >= 2]
    value = icc1(scored)
    shown = round3(value) if value is not None else None
    return CategoryAgreement(
        category=category,
        dossiers=len(scored),
        reviews=sum(len(group) for group in scored),
        icc=shown,
        reading=reading(shown),
    )


def _disagreement(
    dossier: int, category: int | None, reviews: Sequence[ReviewTotal]
) -> DossierDisagreement:
    totals = [r.total for r in reviews]
    return DossierDisagreement(
        dossier=dossier,
        category=category,
        reviews=len(totals),
        lowest=min(totals),
        highest=max(totals),
        range=max(totals) - min(totals),
        sd=round2(population_sd(totals)),
    )
