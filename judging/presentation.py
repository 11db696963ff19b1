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


@dataclass(frozen=True)
class Summary:
    """One category's line in the page's summary: its rule and counts, without the rows."""

    number: int
    name: str
    threshold: str | None
    quota: int | None
    ranked: int
    selected: int


def summarise(table: Table) -> Summary:
    return Summary(
        table.number,
        table.name,
        table.threshold,
        table.quota,
        len(table.rows),
        table.selected_count,
    )


def chosen(tables: list, number: str | None):
    """The category asked for by its number (?category=N), else the first (None: the round
    has no category); LookupError for a number the round has not got."""
    if number is None:
        return tables[0] if tables else None
    found = next((t for t in tables if str(t.number) == number), None)
    if found is None:
        raise LookupError(number)
    return found


# What a results page shows is a pure function of what it ranks: a confirmed snapshot (its pk
# and SHA-256 name it: it never changes) or an open round's current inputs (their digest names
# them: one score changed is another name). Its summary, calibration and each category's table
# are cached apart (a page unpickles only its own category), per language (the tie and reading
# labels are translated): a day for a snapshot, ten minutes for inputs that will move on.
SNAPSHOT_SECONDS = 24 * 3600
INPUTS_SECONDS = 600


def results_for_page(
    name: str, compute: Callable[[], tuple], number: str | None, *, seconds: int
) -> tuple[list[Summary], Table | None, object]:
    """(summaries, the chosen category's table, calibration) of what `name` names: compute()
    gives every table and the calibration; it runs once, then the cache answers."""
    key = f"results-page:{name}:{get_language()}"
    cached = cache.get(key)
    if cached is None:
        tables, calibration = compute()
        cached = ([summarise(t) for t in tables], calibration)
        cache.set_many({key: cached, **{f"{key}:{t.number}": t for t in tables}}, seconds)
        return cached[0], chosen(tables, number), calibration
    summaries, calibration = cached
    summary = chosen(summaries, number)
    table = cache.get(f"{key}:{summary.number}") if summary else None
    if summary and table is None:  # evicted on its own: compute once more
        cache.delete(key)
        return results_for_page(name, compute, number, seconds=seconds)
    return summaries, table, calibration


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
