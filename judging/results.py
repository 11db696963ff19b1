"""Results from the database: the snapshot's inputs, previews, and verification of a confirmed
snapshot. The arithmetic lives in aggregation.py and snapshot.py (pure)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC
from decimal import Decimal

from django.db import connection
from django.db.models import Prefetch

from accounts.models import User
from categories.models import Criterion
from judging import selectors
from judging.aggregation import ReviewTotal
from judging.models import (
    AssignmentStatus,
    DossierResult,
    Panel,
    ResultSnapshot,
    Review,
    ReviewStatus,
    Round,
    Score,
)
from judging.snapshot import digest, evaluate, inputs_of, ranking, with_results
from submissions.models import Dossier


def _iso_utc(value) -> str:
    return value.astimezone(UTC).isoformat() if value else ""


def build_inputs(round_: Round, dossier_ids: list[int] | None = None) -> dict:
    """Everything the results are computed from: method, rules, weights, judges, every score.

    The round's candidates, or the given dossiers (to rebuild a confirmed snapshot's inputs).
    """
    dossiers = (
        Dossier.objects.filter(pk__in=dossier_ids)
        if dossier_ids is not None
        else selectors.round_candidates(round_)
    )
    dossiers = list(
        dossiers.order_by("category__number", "receipt_number", "pk").only(
            "id", "category_id", "receipt_number", "title", "first_submitted_at"
        )
    )
    final = {
        "status": ReviewStatus.FINAL,
        "assignment__round": round_,
        "assignment__status": AssignmentStatus.ACTIVE,
        "assignment__dossier__in": [d.pk for d in dossiers],
    }
    # Plain rows, not model instances: at VDA scale (~30,000 scores) this is what makes the
    # computation fast; the payload (and so its hash) is the same.
    reviews = list(
        Review.objects.filter(**final)
        .order_by("assignment__dossier_id", "assignment__judge_id")
        .values_list(
            "pk", "assignment__judge_id", "assignment__dossier_id", "submitted_at", "total"
        )
    )
    return {
        "season": round_.season.year,
        "round": {
            "id": round_.pk,
            "kind": round_.kind,
            "trimmed_mean": round_.trimmed_mean,
            "rank_by_normalised": round_.rank_by_normalised,
            "judges_per_dossier": round_.judges_per_dossier,
        },
        "categories": _categories(round_, dossiers),
        "judges": _judges({judge for _pk, judge, *_rest in reviews}),
        "reviews": _reviews(reviews, _scores_by_review(final)),
    }


def _categories(round_: Round, dossiers: list[Dossier]) -> list[dict]:
    criteria = Criterion.objects.filter(round_kind=round_.kind).order_by("position", "id")
    panels = {
        p.category_id: p for p in Panel.objects.filter(round=round_).prefetch_related("judges")
    }
    categories = round_.season.categories.order_by("number").prefetch_related(
        Prefetch("criteria", queryset=criteria, to_attr="round_criteria")
    )
    return [
        {
            "id": category.pk,
            "number": category.number,
            "name": category.name_vi,
            "threshold": _decimal_text(getattr(panels.get(category.pk), "threshold", None)),
            "quota": getattr(panels.get(category.pk), "quota", None),
            "panel": sorted(j.pk for j in panels[category.pk].judges.all())
            if category.pk in panels
            else [],
            "criteria": [
                {
                    "id": c.pk,
                    "name": c.name_vi,
                    "weight": c.weight,
                    "max_score": f"{c.max_score:.1f}",
                }
                for c in category.round_criteria
            ],
            "dossiers": [
                {
                    "id": d.pk,
                    "receipt_number": d.receipt_number or "",
                    "title": d.title,
                    "first_submitted_at": _iso_utc(d.first_submitted_at),
                }
                for d in dossiers
                if d.category_id == category.pk
            ],
        }
        for category in categories
    ]


def _decimal_text(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _judges(judge_ids: set[int]) -> list[dict]:
    judges = User.objects.filter(pk__in=judge_ids).order_by("pk")
    return [
        {"id": pk, "email": email, "name": name}
        for pk, email, name in judges.values_list("pk", "email", "full_name")
    ]


def _scores_by_review(final: dict) -> dict[int, list[list]]:
    scores: dict[int, list[list]] = defaultdict(list)
    rows = Score.objects.filter(**{f"review__{key}": value for key, value in final.items()})
    for review_id, criterion_id, value in rows.order_by("review_id", "criterion_id").values_list(
        "review_id", "criterion_id", "value"
    ):
        scores[review_id].append([criterion_id, f"{value:.1f}"])
    return scores


def _reviews(reviews: list[tuple], scores: dict[int, list[list]]) -> list[dict]:
    return [
        {
            "judge": judge,
            "dossier": dossier,
            "submitted_at": _iso_utc(submitted_at),
            "total": f"{total:.2f}",
            "scores": scores[pk],
        }
        for pk, judge, dossier, submitted_at, total in reviews
    ]


def build_payload(round_: Round) -> dict:
    return with_results(build_inputs(round_))


def snapshot_dossier_ids(payload: dict) -> list[int]:
    return [d["id"] for c in payload["categories"] for d in c["dossiers"]]


def current_payload(round_: Round) -> dict:
    """The results from the database now: of the round's candidates, or — once confirmed, when
    the statuses have moved on — of the dossiers the snapshot ranked."""
    snapshot = ResultSnapshot.objects.filter(round=round_).first()
    ids = snapshot_dossier_ids(snapshot.payload) if snapshot else None
    return with_results(build_inputs(round_, ids))


@dataclass(frozen=True)
class Verification:
    hash_matches: bool  # the stored payload is the one that was hashed
    results_match: bool  # recomputing from the stored scores gives the stored results
    database_matches: bool  # the database still holds the same inputs

    @property
    def ok(self) -> bool:
        return self.hash_matches and self.results_match and self.database_matches


def verify(snapshot: ResultSnapshot) -> Verification:
    payload = snapshot.payload
    inputs = inputs_of(payload)
    current = build_inputs(snapshot.round, snapshot_dossier_ids(inputs))
    return Verification(
        hash_matches=digest(payload) == snapshot.sha256,
        results_match=evaluate(inputs) == payload.get("results"),
        database_matches=digest(with_results(current)) == snapshot.sha256,
    )


# --- Preview: the ranking now, without the per-score payload ------------------------------

# Each review's total in hundredths, computed from its scores and the current weights (as
# evaluate does: a weight changed after submission must count), in exact integer arithmetic so
# that both engines agree with Decimal digit for digit: total·100 = 100·Σ w·S·(L/M) / L with
# S and M the score and the maximum in tenths, L the lcm of the maxima; rounded half up
# (SUM of a bigint is numeric in PostgreSQL: cast back, so that / is integer division).
_TOTALS_SQL = """
SELECT a.judge_id, a.dossier_id,
       (200 * CAST(SUM(CAST(c.weight AS BIGINT) * CAST(ROUND(s.value * 10) AS BIGINT)
                       * (%s / CAST(ROUND(c.max_score * 10) AS BIGINT))) AS BIGINT) + %s)
       / (2 * %s)
FROM judging_score s
JOIN judging_review r ON r.id = s.review_id
JOIN judging_assignment a ON a.id = r.assignment_id
JOIN categories_criterion c ON c.id = s.criterion_id
WHERE a.round_id = %s AND a.status = %s AND r.status = %s AND a.dossier_id IN ({dossiers})
GROUP BY r.id, a.judge_id, a.dossier_id
ORDER BY a.dossier_id, a.judge_id
"""


def _terminating(tenths: int) -> bool:
    """Whether w·s/m is a short exact decimal for this maximum (only 2s and 5s in it): then
    Decimal's arithmetic in evaluate is exact too, and the integer totals equal its totals."""
    for p in (2, 5):
        while tenths % p == 0:
            tenths //= p
    return tenths == 1


def preview(round_: Round, *, with_reviews: bool = False) -> dict:
    """The current ranking as `current_payload` gives it (`results` identical), without what
    only a snapshot needs: no per-criterion scores, criteria, panels or hash. Review totals
    come from one SQL aggregate of the scores; the ranking from the same pure functions."""
    return ranked(preview_inputs(round_, with_reviews=with_reviews))


@dataclass(frozen=True)
class PreviewInputs:
    """What the preview reads from the database; its ranking is a pure function of it."""

    payload: dict  # the preview without its results (complete when totals is None)
    totals: list[ReviewTotal] | None  # None: the payload came from the Decimal path, ranked

    def digest(self) -> str:
        """Names these inputs: the payload and every total (with_reviews: already in it)."""
        if self.totals is None or "reviews" in self.payload:
            return digest(self.payload)
        totals = [[t.judge, t.dossier, str(t.total)] for t in self.totals]
        return digest({**self.payload, "totals": totals})


def ranked(inputs: PreviewInputs) -> dict:
    if inputs.totals is None:
        return inputs.payload
    return {**inputs.payload, "results": ranking(inputs.payload, inputs.totals)}


def preview_inputs(round_: Round, *, with_reviews: bool = False) -> PreviewInputs:
    # Once confirmed, the dossiers the snapshot ranked: its results rows name them (reading the
    # snapshot's JSON for its ids would cost more than everything else here).
    confirmed = ResultSnapshot.objects.filter(round=round_).exists()
    dossiers = (
        Dossier.objects.filter(pk__in=DossierResult.objects.filter(round=round_).values("dossier"))
        if confirmed
        else selectors.round_candidates(round_)
    )
    maxima = {
        int(m * 10)
        for m in Criterion.objects.filter(
            category__season=round_.season_id, round_kind=round_.kind
        ).values_list("max_score", flat=True)
    }
    if not all(_terminating(m) for m in maxima):  # rare: Decimal rounds inside; use its path
        return PreviewInputs(current_payload(round_), None)
    lcm = math.lcm(*maxima) if maxima else 1
    subquery, params = dossiers.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            _TOTALS_SQL.format(dossiers=subquery),
            [lcm, lcm, lcm, round_.pk, AssignmentStatus.ACTIVE, ReviewStatus.FINAL, *params],
        )
        rows = cursor.fetchall()
    totals = [ReviewTotal(j, d, Decimal(t).scaleb(-2)) for j, d, t in rows]
    payload = {
        "round": {
            "id": round_.pk,
            "kind": round_.kind,
            "trimmed_mean": round_.trimmed_mean,
            "rank_by_normalised": round_.rank_by_normalised,
        },
        "categories": _preview_categories(round_, dossiers),
        "results": [],
    }
    if with_reviews:  # the calibration report reads each review's total and its judge
        payload["reviews"] = [
            {"judge": r.judge, "dossier": r.dossier, "total": str(r.total)} for r in totals
        ]
        payload["judges"] = _judges({r.judge for r in totals})
    return PreviewInputs(payload, totals)


def _preview_categories(round_: Round, dossiers) -> list[dict]:
    panels = {p.category_id: p for p in Panel.objects.filter(round=round_)}
    rows = dossiers.order_by("category__number", "receipt_number", "pk").values_list(
        "pk", "category_id", "receipt_number", "title", "first_submitted_at"
    )
    by_category: dict[int, list[dict]] = defaultdict(list)
    for pk, category, receipt, title, first in rows:
        by_category[category].append(
            {
                "id": pk,
                "receipt_number": receipt or "",
                "title": title,
                "first_submitted_at": _iso_utc(first),
            }
        )
    return [
        {
            "id": pk,
            "number": number,
            "name": name,
            "threshold": _decimal_text(getattr(panels.get(pk), "threshold", None)),
            "quota": getattr(panels.get(pk), "quota", None),
            "dossiers": by_category[pk],
        }
        for pk, number, name in round_.season.categories.order_by("number").values_list(
            "pk", "number", "name_vi"
        )
    ]
