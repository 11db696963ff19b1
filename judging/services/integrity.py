"""The integrity check of a season: near-duplicate dossiers (text without diacritics over the
title, summary and long fields) and identical files (SHA-256), within the season and against
past seasons. judging.similarity does the comparing; this stores what it found for organisers,
replacing the previous check's rows.

Two paths, one result: on SQLite the candidate pairs come from similarity's inverted index in
Python; on PostgreSQL the database pairs them (`sql_candidate_pairs`: the same rule, shingles in
at most `df_limit` records, at least `min_shared` in common, over a temporary table) and
similarity then confirms each pair and extracts its passages, as on SQLite. `pair_finder` is the
one place that chooses, by the connection's vendor.

Why not pg_trgm: its measures are the Jaccard index (or word similarity) of character trigram
sets, which bounds nothing about the overlap coefficient of word 3-shingles that similarity
reports (a short dossier copied inside a long one scores 1.0 there and near 0 in pg_trgm), so
no pg_trgm threshold above zero is sure to keep every reported pair. Pairing on the shingles
themselves in SQL gives the same candidates as the Python path by construction."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from categories.models import Season
from judging import rules
from judging.models import FindingKind, IntegrityFinding
from judging.services.base import ensure_allowed
from judging.similarity import (
    MIN_SHARED,
    DossierText,
    PairFinder,
    candidate_pairs,
    df_limit,
    find_duplicates,
)
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


_PAIRS_SQL = """
WITH wanted AS (SELECT DISTINCT shingle FROM integrity_shingles WHERE season = %(season)s),
kept AS (
    SELECT s.shingle FROM integrity_shingles s JOIN wanted USING (shingle)
    GROUP BY s.shingle HAVING count(*) <= %(limit)s
)
SELECT a.pos, b.pos
FROM integrity_shingles a
JOIN kept USING (shingle)
JOIN integrity_shingles b USING (shingle)
WHERE a.season = %(season)s
  AND ((b.season = a.season AND b.id > a.id) OR b.season < a.season)
GROUP BY a.pos, b.pos
HAVING count(*) >= %(min_shared)s
ORDER BY a.pos, b.pos
"""


def sql_candidate_pairs(
    records: list[DossierText],
    sets: dict[int, set[str]],
    *,
    season: int,
    min_shared: int = MIN_SHARED,
    max_df: int | None = None,
) -> list[tuple[int, int]]:
    """similarity.candidate_pairs computed by PostgreSQL: every (record, shingle) of the season
    and earlier ones goes into a temporary table, and the database counts the shared shingles
    of each pair (leaving out those in more than `df_limit` records)."""
    rows = [
        (position, record.id, record.season, shingle)
        for position, record in enumerate(records)
        if record.season <= season
        for shingle in sets[record.id]
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE integrity_shingles "
            "(pos integer, id bigint, season integer, shingle text) ON COMMIT DROP"
        )
        if rows:
            columns = list(zip(*rows, strict=True))
            cursor.execute(
                "INSERT INTO integrity_shingles "
                "SELECT * FROM unnest(%s::integer[], %s::bigint[], %s::integer[], %s::text[])",
                [list(column) for column in columns],
            )
        cursor.execute("CREATE INDEX ON integrity_shingles (shingle)")
        cursor.execute("ANALYZE integrity_shingles")
        cursor.execute(
            _PAIRS_SQL,
            {"season": season, "limit": df_limit(records, max_df), "min_shared": min_shared},
        )
        pairs = [(a, b) for a, b in cursor.fetchall()]
        cursor.execute("DROP TABLE integrity_shingles")
    return pairs


def pair_finder() -> PairFinder:
    """The one choice of path: the database pairs the dossiers on PostgreSQL, Python elsewhere."""
    return sql_candidate_pairs if connection.vendor == "postgresql" else candidate_pairs


@transaction.atomic
def integrity_check(*, season: Season, by: User | None) -> IntegrityReport:
    """Run the check for `season` and store its findings (organisers, or the system)."""
    ensure_allowed(rules.can_run_integrity_check, by)
    findings = find_duplicates(integrity_records(season), season=season.year, pairs=pair_finder())
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
