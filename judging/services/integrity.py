"""The integrity check of a season: near-duplicate dossiers (text without diacritics over the
title, summary and long fields) and identical files (SHA-256), within the season and against
past seasons. judging.similarity does the comparing (the Python path, the same on SQLite and
PostgreSQL); this stores what it found for organisers, replacing the previous check's rows."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from categories.models import Season
from judging import rules
from judging.models import FindingKind, IntegrityFinding
from judging.services.base import ensure_allowed
from judging.similarity import DossierText, find_duplicates
from submissions.models import RECEIVED, Attachment, Dossier

# The dossier's own words: what a copy would share.
TEXT_FIELDS = (
    "title",
    "product_name",
    "summary",
    "strategy_leadership",
    "platforms_solutions",
    "data_integration",
    "measured_results",
    "users_customers",
    "technology",
    "ip_ownership",
    "impact",
    "beneficiaries",
    "reach",
    "vietnam_presence",
    "vietnam_contribution",
)


@dataclass
class IntegrityReport:
    texts: int = 0
    files: int = 0


def integrity_records(season: Season) -> list[DossierText]:
    """Every received dossier of this season and of earlier ones, as plain records."""
    dossiers = Dossier.objects.filter(status__in=RECEIVED, season__year__lte=season.year)
    rows = list(dossiers.order_by("pk").values("pk", "season__year", *TEXT_FIELDS))
    files: dict[int, list[str]] = {}
    for dossier_id, digest in Attachment.objects.filter(
        dossier__in=[r["pk"] for r in rows]
    ).values_list("dossier", "sha256"):
        files.setdefault(dossier_id, []).append(digest)
    return [
        DossierText(
            id=row["pk"],
            season=row["season__year"],
            fields={name: row[name] or "" for name in TEXT_FIELDS if row[name]},
            files=tuple(files.get(row["pk"], ())),
        )
        for row in rows
    ]


@transaction.atomic
def integrity_check(*, season: Season, by: User | None) -> IntegrityReport:
    """Run the check for `season` and store its findings (organisers, or the system)."""
    ensure_allowed(rules.can_run_integrity_check, by)
    findings = find_duplicates(integrity_records(season), season=season.year)
    IntegrityFinding.objects.filter(season=season).delete()
    now = timezone.now()
    rows = [
        IntegrityFinding(
            season=season,
            kind=FindingKind.TEXT,
            dossier_id=m.a,
            other_id=m.b,
            score=m.score,
            jaccard=m.jaccard,
            shared=m.shared,
            passages=[asdict(p) for p in m.passages],
            checked_at=now,
            checked_by=by,
        )
        for m in findings.texts
    ]
    rows += [
        IntegrityFinding(
            season=season,
            kind=FindingKind.FILES,
            dossier_id=f.a,
            other_id=f.b,
            sha256=list(f.sha256),
            checked_at=now,
            checked_by=by,
        )
        for f in findings.files
    ]
    IntegrityFinding.objects.bulk_create(rows)
    return IntegrityReport(texts=len(findings.texts), files=len(findings.files))
