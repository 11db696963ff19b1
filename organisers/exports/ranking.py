"""A round's complete ranking (CSV or XLSX, every category, every row): what the results page
shows a page at a time. From the confirmed snapshot when there is one (the same file every
time), else from the current final reviews, as the page's preview."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext, pgettext, pgettext_lazy

from judging import results
from judging.models import ResultSnapshot, Round
from judging.presentation import Table, results_tables
from organisers.exports.tables import Column, Sheet

COLUMNS = [
    Column(pgettext_lazy("export column", "Category"), 10),
    Column(pgettext_lazy("export column", "Rank"), 8),
    Column(pgettext_lazy("export column", "Receipt number"), 18),
    Column(pgettext_lazy("export column", "Entry title"), 40),
    Column(pgettext_lazy("export column", "Score"), 10, "0.00"),
    Column(pgettext_lazy("export column", "Raw"), 10, "0.00"),
    Column(pgettext_lazy("export column", "Normalised"), 10, "0.00"),
    Column(pgettext_lazy("export column", "Median"), 10, "0.00"),
    Column(pgettext_lazy("export column", "Reviews"), 8),
    Column(pgettext_lazy("export column", "Lowest–highest"), 14),
    Column(pgettext_lazy("export column", "Judges disagree strongly"), 12),
    Column(pgettext_lazy("export column", "Tied with"), 24),
    Column(pgettext_lazy("export column", "Placed by"), 20),
    Column(pgettext_lazy("export column", "Selected"), 10),
]


def ranking_tables(round_: Round) -> tuple[ResultSnapshot | None, list[Table]]:
    snapshot = ResultSnapshot.objects.filter(round=round_).first()
    payload = snapshot.payload if snapshot else results.build_payload(round_)
    return snapshot, results_tables(payload)


def _rows(tables: list[Table]) -> Iterator[list]:
    yes = gettext("Yes")
    for table in tables:
        for row in table.rows:
            yield [
                table.number,
                row.rank,
                row.receipt_number,
                row.title,
                row.score,
                row.raw,
                row.normalised,
                row.median,
                row.reviews,
                row.spread,
                yes if row.disagreement else "",
                ", ".join(row.tied_with),
                row.decided_by if row.tied_with else "",
                yes if row.selected else "",
            ]


def ranking_sheet(tables: list[Table]) -> Sheet:
    return Sheet(pgettext("export sheet", "Ranking"), COLUMNS, _rows(tables))


def count_rows(tables: list[Table]) -> int:
    return sum(len(t.rows) for t in tables)
