"""The score matrix of a round (CSV per category, XLSX with a sheet per category): every
visible assignment with its final review's scores."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext, pgettext, pgettext_lazy

from categories.models import Category, Criterion
from judging.models import Assignment, ReviewStatus, Round
from judging.selectors import visible_assignments
from organisers.exports.tables import (
    CHUNK_SIZE,
    Column,
    Sheet,
)


def scored_assignments(round_: Round) -> QuerySet[Assignment]:
    return (
        visible_assignments()
        .filter(round=round_)
        .select_related("dossier", "judge", "review")
        .prefetch_related("review__scores")
        .order_by("dossier__receipt_number", "dossier_id", "judge__email")
    )


def round_criteria(round_: Round) -> dict[int, list[Criterion]]:
    criteria: dict[int, list[Criterion]] = {}
    rows = Criterion.objects.filter(category__season=round_.season_id, round_kind=round_.kind)
    for criterion in rows.order_by("position", "id"):
        criteria.setdefault(criterion.category_id, []).append(criterion)
    return criteria


def score_sheet(round_: Round, category: Category, criteria: list[Criterion]) -> Sheet:
    columns = [
        Column(pgettext_lazy("export column", "Receipt number"), 18),
        Column(pgettext_lazy("export column", "Entry title"), 40),
        Column(pgettext_lazy("export column", "Judge"), 28),
        Column(pgettext_lazy("export column", "Email"), 28),
        Column(pgettext_lazy("export column", "Review"), 12),
        *(Column(f"{c.name} ({c.weight})", 14, "0.0") for c in criteria),
        Column(pgettext_lazy("export column", "Total"), 10, "0.00"),
    ]
    rows = scored_assignments(round_).filter(dossier__category=category)
    title = pgettext("category number", "Category %(n)s") % {"n": category.number}
    return Sheet(title, columns, _score_rows(rows.iterator(chunk_size=CHUNK_SIZE), criteria))


def _score_rows(assignments: Iterable[Assignment], criteria: list[Criterion]) -> Iterator[list]:
    for assignment in assignments:
        review = getattr(assignment, "review", None)
        final = review is not None and review.status == ReviewStatus.FINAL
        # Only final reviews count: a draft is the judge's work in progress.
        values = {s.criterion_id: s.value for s in review.scores.all()} if final else {}
        yield [
            assignment.dossier.receipt_number or "",
            assignment.dossier.title,
            assignment.judge.full_name or assignment.judge.email,
            assignment.judge.email,
            str(review.get_status_display()) if review else gettext("Not started"),
            *(values.get(c.pk) for c in criteria),
            review.total if final else None,
        ]


def score_sheets(round_: Round, categories: Iterable[Category]) -> list[Sheet]:
    criteria = round_criteria(round_)
    return [score_sheet(round_, c, criteria.get(c.pk, [])) for c in categories]


def count_score_rows(round_: Round, category: Category | None = None) -> int:
    rows = scored_assignments(round_)
    return (rows.filter(dossier__category=category) if category else rows).count()
