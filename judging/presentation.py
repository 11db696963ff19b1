"""Results payloads shaped for pages and the command: one table per category, with labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

TIE_LABELS = {
    "median": _("higher median"),
    "reviews": _("more final reviews"),
    "first_submitted_at": _("earlier first submission"),
    "receipt_number": _("receipt number"),
}


@dataclass
class Row:
    rank: int
    dossier: int
    receipt_number: str
    title: str
    score: str | None
    raw: str | None
    normalised: str | None
    median: str | None
    reviews: int
    spread: str
    disagreement: bool
    tied_with: list[str]
    decided_by: str
    selected: bool


@dataclass
class Table:
    category_id: int
    number: int
    name: str
    threshold: str | None
    quota: int | None
    rows: list[Row] = field(default_factory=list)

    @property
    def selected_count(self) -> int:
        return sum(row.selected for row in self.rows)

    @property
    def line_index(self) -> int:
        """The index of the last selected row (-1: none selected): the selection line."""
        return max((i for i, row in enumerate(self.rows) if row.selected), default=-1)

    def around_line(self, before: int = 3, after: int = 3) -> list[Row]:
        """The last selected rows and the first ones below the line, which organisers check
        before confirming (ties at the line show in their own column)."""
        line = self.line_index
        return self.rows[max(0, line - before + 1) : line + 1 + after]


# A confirmed snapshot never changes, and its pk and SHA-256 name it: its tables and
# calibration are kept a day, per language (the tie and reading labels are translated).
CACHE_SECONDS = 24 * 3600


def cached_results(snapshot, compute: Callable[[], tuple]) -> tuple:
    """compute() for a preview; for a confirmed snapshot, computed once and then cached."""
    if snapshot is None:
        return compute()
    key = f"results-page:{snapshot.pk}:{snapshot.sha256}:{get_language()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def results_tables(payload: dict) -> list[Table]:
    tables = []
    results = {r["category"]: r["ranking"] for r in payload["results"]}
    for category in payload["categories"]:
        titles = {d["id"]: d["title"] for d in category["dossiers"]}
        receipts = {d["id"]: d["receipt_number"] for d in category["dossiers"]}
        table = Table(
            category["id"],
            category["number"],
            category["name"],
            category["threshold"],
            category["quota"],
        )
        for r in results.get(category["id"], []):
            spread = f"{r['lowest']}–{r['highest']}" if r["reviews"] else "–"
            table.rows.append(
                Row(
                    rank=r["rank"],
                    dossier=r["dossier"],
                    receipt_number=r["receipt_number"],
                    title=titles.get(r["dossier"], ""),
                    score=r["score"],
                    raw=r["raw"],
                    normalised=r["normalised"],
                    median=r["median"],
                    reviews=r["reviews"],
                    spread=spread,
                    disagreement=r["disagreement"],
                    tied_with=[receipts.get(d, str(d)) for d in r["tied_with"]],
                    decided_by=str(TIE_LABELS.get(r["decided_by"], "")),
                    selected=r["selected"],
                )
            )
        tables.append(table)
    return tables
