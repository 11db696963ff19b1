"""What an entrant sees of their scores once a round's results are published: the one place
that decides it. Per round, organisers choose (RoundFeedback): nothing; the per-criterion
averages and the rank band ("top 25 % of category 3"); or those and the judges' comments,
anonymised (no judge's name, in shuffled order). Scores come from the confirmed snapshot, the
very numbers the results were computed from."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import pgettext

from categories.models import Criterion
from judging.models import AssignmentStatus, CommentVisibility, ResultSnapshot, ReviewStatus, Score
from organisers.models import FeedbackLevel
from submissions.models import Dossier

BANDS = (10, 25, 50)  # per cent: the first band the rank falls in


@dataclass(frozen=True)
class CriterionAverage:
    name: str
    average: Decimal
    max_score: Decimal


@dataclass(frozen=True)
class JudgeComment:
    criterion: str
    text: str


@dataclass
class EntrantFeedback:
    round_label: str
    level: str
    rank_band: str
    averages: list[CriterionAverage]
    comments: list[JudgeComment] = field(default_factory=list)


def rank_band(rank: int, count: int, category_number: int) -> str:
    """ "top 25 % of category 3" for the first band the rank falls in, "lower half" beyond."""
    for band in BANDS:
        if rank * 100 <= band * count:
            return pgettext("feedback", "top %(band)s %% of category %(number)s") % {
                "band": band,
                "number": category_number,
            }
    return pgettext("feedback", "lower half of category %(number)s") % {"number": category_number}


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def shareable_comments(snapshot: ResultSnapshot, dossier: Dossier) -> list[JudgeComment]:
    """The judges' per-criterion comments that they marked "may be shown to the entrant"
    (told so on the scoring page), from their final reviews; never one "for organisers only",
    nor a review's overall comment (which carries no such choice). Without names, in an order
    that tells nothing about who wrote which (shuffled, the same on every visit)."""
    rows = list(
        Score.objects.filter(
            review__assignment__round_id=snapshot.round_id,
            review__assignment__dossier=dossier,
            review__assignment__status=AssignmentStatus.ACTIVE,
            review__status=ReviewStatus.FINAL,
            comment_visibility=CommentVisibility.ENTRANT,
        )
        .exclude(comment="")
        .select_related("criterion")
        .order_by("pk")
    )
    comments = [JudgeComment(row.criterion.name, row.comment) for row in rows]
    random.Random(f"{snapshot.sha256}:{dossier.pk}").shuffle(comments)
    return comments


def entrant_feedback(dossier: Dossier) -> list[EntrantFeedback]:
    """The feedback of each published round that ranked the dossier, earliest round first;
    empty where organisers chose nothing."""
    if not dossier.published_status:
        return []  # no outcome shown to the applicant yet
    # Only the rounds that share something (the payload is read for those alone).
    snapshots = (
        ResultSnapshot.objects.filter(
            round__season=dossier.season_id,
            published_at__isnull=False,
            round__feedback__level__in=[FeedbackLevel.AVERAGES, FeedbackLevel.COMMENTS],
        )
        .select_related("round__feedback")
        .order_by("round__opens_at")
    )
    found = []
    for snapshot in snapshots:
        item = _feedback(snapshot, dossier, snapshot.round.feedback.level)
        if item is not None:
            found.append(item)
    return found


def _feedback(snapshot: ResultSnapshot, dossier: Dossier, level: str) -> EntrantFeedback | None:
    payload = snapshot.payload
    ranking = next(
        (
            r["ranking"]
            for r in payload["results"]
            if any(row["dossier"] == dossier.pk for row in r["ranking"])
        ),
        None,
    )
    if ranking is None:
        return None  # the round did not rank this dossier
    row = next(row for row in ranking if row["dossier"] == dossier.pk)
    category = next(c for c in payload["categories"] if c["id"] == dossier.category_id)
    sums: dict[int, list[Decimal]] = {}
    for review in payload["reviews"]:
        if review["dossier"] == dossier.pk:
            for criterion_id, value in review["scores"]:
                sums.setdefault(criterion_id, []).append(Decimal(value))
    criteria = Criterion.objects.in_bulk([c["id"] for c in category["criteria"]])
    averages = [
        CriterionAverage(
            name=criteria[c["id"]].name if c["id"] in criteria else c["name"],
            average=_two_places(sum(sums[c["id"]]) / len(sums[c["id"]])),
            max_score=Decimal(c["max_score"]),
        )
        for c in category["criteria"]
        if sums.get(c["id"])
    ]
    return EntrantFeedback(
        round_label=snapshot.round.get_kind_display(),
        level=level,
        rank_band=rank_band(row["rank"], len(ranking), category["number"]),
        averages=averages,
        comments=shareable_comments(snapshot, dossier) if level == FeedbackLevel.COMMENTS else [],
    )
