"""Results from the database: the snapshot's inputs, previews, and verification of a confirmed
snapshot. The arithmetic lives in aggregation.py and snapshot.py (pure)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC

from django.db.models import Prefetch

from accounts.models import User
from categories.models import Criterion
from judging import selectors
from judging.models import (
    AssignmentStatus,
    Panel,
    ResultSnapshot,
    Review,
    ReviewStatus,
    Round,
    Score,
)
from judging.snapshot import digest, evaluate, inputs_of, with_results
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
