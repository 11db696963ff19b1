"""Results payloads shaped for pages and the command: one table per category, with labels."""

from __future__ import annotations

from dataclasses import dataclass, field

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
