"""Calibration shaped for the results page: judging.calibration's figures on the round's
payload (the preview's or the confirmed snapshot's, so both pages agree), with labels and a
plain-language reading."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from judging.aggregation import ReviewTotal
from judging.calibration import Reading, calibrate

READINGS = {
    Reading.INSUFFICIENT: _("Not enough dossiers scored by two or more judges to say."),
    Reading.POOR: _(
        "Judges agree poorly: a dossier's total depends more on who scored it than on the dossier."
    ),
    Reading.MODERATE: _("Judges agree moderately."),
    Reading.GOOD: _("Judges agree well."),
    Reading.EXCELLENT: _("Judges agree very well."),
}
SHOWN_DISAGREEMENTS = 10


@dataclass(frozen=True)
class JudgeRow:
    name: str
    reviews: int
    mean: Decimal
    spread: Decimal | None
    severity: Decimal | None
    shared: int

    @property
    def leaning(self):
        if self.severity is None or self.severity == 0:
            return ""
        return _("stricter than the others") if self.severity < 0 else _("more lenient")


@dataclass(frozen=True)
class AgreementRow:
    number: int
    name: str
    dossiers: int
    reviews: int
    icc: Decimal | None
    reading: str
    level: str


@dataclass(frozen=True)
class DisagreementRow:
    receipt_number: str
    title: str
    category: int | None
    reviews: int
    lowest: Decimal
    highest: Decimal
    range: Decimal
    sd: Decimal
    flagged: bool


@dataclass(frozen=True)
class CalibrationReport:
    judges: list[JudgeRow]
    agreement: list[AgreementRow]
    disagreements: list[DisagreementRow]
    more_disagreements: int


def calibration_report(payload: dict) -> CalibrationReport:
    """The round's calibration from its results payload (inputs: categories, judges, reviews)."""
    categories = {}
    dossiers = {}
    for category in payload["categories"]:
        for d in category["dossiers"]:
            categories[d["id"]] = category["id"]
            dossiers[d["id"]] = d
    numbers = {c["id"]: (c["number"], c["name"]) for c in payload["categories"]}
    reviews = [
        ReviewTotal(r["judge"], r["dossier"], Decimal(r["total"]))
        for r in payload["reviews"]
        if r["dossier"] in categories
    ]
    result = calibrate(reviews, categories)
    names = {j["id"]: j["name"] or j["email"] for j in payload["judges"]}
    judges = [
        JudgeRow(
            names.get(j.judge, str(j.judge)), j.reviews, j.mean, j.spread, j.severity, j.shared
        )
        for j in result.judges
    ]
    judges.sort(key=lambda j: (j.severity if j.severity is not None else Decimal(0), j.name))
    agreement = [
        AgreementRow(
            numbers[a.category][0],
            numbers[a.category][1],
            a.dossiers,
            a.reviews,
            a.icc,
            str(READINGS[a.reading]),
            str(a.reading),
        )
        for a in result.agreement
    ]
    disagreements = [
        DisagreementRow(
            dossiers[d.dossier]["receipt_number"],
            dossiers[d.dossier]["title"],
            numbers[d.category][0] if d.category in numbers else None,
            d.reviews,
            d.lowest,
            d.highest,
            d.range,
            d.sd,
            d.flagged,
        )
        for d in result.disagreements
    ]
    shown = disagreements[:SHOWN_DISAGREEMENTS]
    return CalibrationReport(judges, agreement, shown, len(disagreements) - len(shown))
