"""compute_results at scale beside one hand-written SQL aggregate of the same scores.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vda_bench_scale \
        .venv/bin/python bench/results_bench.py [--repeat 5]

Needs the database of bench/seed_scale.py (reads only). For the confirmed preliminary round
(1,950 dossiers, 5,850 final reviews, 29,250 scores) and the open final round it times, best
and median of --repeat runs, in the same process:

- `results.preview` (what `manage.py compute_results` and the unconfirmed results page use: review
  totals from one SQL aggregate, the ranking in Python), checked against the full path;
- `results.build_inputs` (the database reads), `snapshot.with_results` (the arithmetic),
  `results.current_payload` (both: the full per-score payload that confirm and verify build),
  and the whole `manage.py compute_results` command, without and with `--verify`;
- one SQL statement computing each dossier's mean review total (Σ weight × score / max score
  per review, then the mean per dossier) with count, lowest and highest — the floor of any
  implementation. The raw means are checked against the payload's, digit for digit.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, postgres_version, setup_django, table

setup_django(REDIS_URL="")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from judging import results  # noqa: E402
from judging.models import (  # noqa: E402
    ResultSnapshot,
    Round,
)
from judging.snapshot import with_results  # noqa: E402

SQL = """
SELECT t.dossier_id, COUNT(*), AVG(t.total), MIN(t.total), MAX(t.total)
FROM (
    SELECT a.dossier_id, r.id,
           ROUND(SUM(c.weight * s.value / c.max_score), 2) AS total
    FROM judging_score s
    JOIN judging_review r ON r.id = s.review_id
    JOIN judging_assignment a ON a.id = r.assignment_id
    JOIN categories_criterion c ON c.id = s.criterion_id
    WHERE a.round_id = %s AND a.status = 'active' AND r.status = 'final'
    GROUP BY a.dossier_id, r.id
) t
GROUP BY t.dossier_id
ORDER BY AVG(t.total) DESC
"""


def timed(fn, repeat: int):
    times, result, queries = [], None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - start)
        queries = len(captured)
    return min(times), statistics.median(times), queries, result


def raw_aggregate(round_id: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(SQL, [round_id])
        return cursor.fetchall()


def check_means(payload: dict, rows: list[tuple]) -> str:
    sql = {
        dossier: Decimal(mean).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        for dossier, _n, mean, _lo, _hi in rows
    }
    ranked = [row for c in payload["results"] for row in c["ranking"] if row["raw"] is not None]
    if payload["round"]["trimmed_mean"]:
        return "not compared (trimmed mean)"
    wrong = [r["dossier"] for r in ranked if Decimal(r["raw"]) != sql.get(r["dossier"])]
    return f"{len(ranked) - len(wrong)}/{len(ranked)} raw means identical"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    print(f"{machine()}; PostgreSQL {postgres_version()} ({connection.settings_dict['NAME']})")
    rows = []
    for round_ in Round.objects.select_related("season").order_by("kind"):
        label = f"{round_.get_kind_display()} ({round_.state})"
        snapshot = ResultSnapshot.objects.filter(round=round_).first()
        ids = results.snapshot_dossier_ids(snapshot.payload) if snapshot else None
        inputs_t = timed(lambda r=round_, i=ids: results.build_inputs(r, i), options.repeat)
        inputs = inputs_t[3]
        arithmetic = timed(lambda i=inputs: with_results(i), options.repeat)
        payload_t = timed(lambda r=round_: results.current_payload(r), options.repeat)
        preview_t = timed(lambda r=round_: results.preview(r), options.repeat)
        command = timed(
            lambda r=round_: call_command(
                "compute_results", season=r.season.year, kind=r.kind, stdout=io.StringIO()
            ),
            options.repeat,
        )
        verified = timed(
            lambda r=round_: call_command(
                "compute_results",
                season=r.season.year,
                kind=r.kind,
                verify=True,
                stdout=io.StringIO(),
            ),
            options.repeat,
        )
        sql_t = timed(lambda r=round_: raw_aggregate(r.pk), options.repeat)
        ratio = preview_t[1] / sql_t[1]
        pairs = zip(preview_t[3]["results"], payload_t[3]["results"], strict=True)
        compared = [
            (a, b) for p, f in pairs for a, b in zip(p["ranking"], f["ranking"], strict=True)
        ]
        same = sum(a == b for a, b in compared)
        print(
            f"{label}: {sum(len(c['dossiers']) for c in inputs['categories'])} dossiers, "
            f"{len(inputs['reviews'])} final reviews, "
            f"{sum(len(r['scores']) for r in inputs['reviews'])} scores; "
            f"{check_means(payload_t[3], sql_t[3])}; "
            f"{same}/{len(compared)} rankings identical (preview vs full, every field)"
        )
        for name, figures in (
            ("build_inputs (database reads)", inputs_t),
            ("with_results (arithmetic, no database)", arithmetic),
            ("current_payload (full payload: confirm's work)", payload_t),
            ("preview = compute_results' work", preview_t),
            ("manage.py compute_results", command),
            ("manage.py compute_results --verify", verified),
            ("one SQL aggregate (the floor)", sql_t),
        ):
            rows.append(
                [label, name, f"{figures[0] * 1000:.0f}", f"{figures[1] * 1000:.0f}", figures[2]]
            )
        rows.append([label, "preview ÷ SQL (median)", "", f"{ratio:.1f}×", ""])
    print()
    print(table(rows, ["round", "step", "best ms", "median ms", "queries"]))


if __name__ == "__main__":
    main()
