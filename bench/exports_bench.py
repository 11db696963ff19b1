"""Exports of 10,000 rows through the real organisers' views: time and peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vda_bench_scale \
        .venv/bin/python bench/exports_bench.py [--rows 10000]

Needs the database of bench/seed_scale.py. Each export runs in a fresh child process: inside
one transaction that is rolled back at the end, it adds a 2023 season with --rows received
dossiers (the scale database's applicants and profiles), then GETs the export as the organiser
through Django's test client (the whole middleware stack and the view, response streamed and
read to the end). Memory is the process's peak RSS (VmHWM, reset with /proc/self/clear_refs
before the request) against its RSS just before the request. The 2024 score matrices
(5,850 and 1,170 rows) are measured the same way, without the extra season.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, machine, proc_status_kb, reset_peak_rss, table

EXPORTS = {
    "dossiers.csv": "/organisers/exports/{year}/dossiers.csv",
    "dossiers.xlsx": "/organisers/exports/{year}/dossiers.xlsx",
    "scores-preliminary.xlsx": "/organisers/exports/2024/scores/preliminary.xlsx",
    "scores-final.xlsx": "/organisers/exports/2024/scores/final.xlsx",
    "scores-preliminary-c3.csv": "/organisers/exports/2024/scores/preliminary/category-3.csv",
}


class Rollback(Exception):
    pass


def add_season(rows: int):
    """A 2023 season with `rows` received dossiers of existing applicants."""
    from categories.demo import CATEGORIES, VDA_2024_DEADLINE, VDA_2024_OPEN
    from categories.models import Category, Season
    from submissions.models import Dossier, DossierStatus

    year = timedelta(days=366)
    season = Season.objects.create(
        year=2023,
        name="VDA 2023 (bench)",
        submissions_open_at=VDA_2024_OPEN - year,
        submission_deadline=VDA_2024_DEADLINE - year,
    )
    categories = [Category.objects.create(season=season, **data) for data in CATEGORIES]
    from accounts.models import User

    users = list(
        User.objects.filter(applicant_profile__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)[:rows]
    )
    sequences = [0] * 5
    dossiers = []
    for n in range(rows):
        c = n % 5
        sequences[c] += 1
        at = season.submission_deadline - timedelta(minutes=n)
        dossiers.append(
            Dossier(
                season=season,
                category=categories[c],
                applicant_id=users[n % len(users)],
                status=DossierStatus.SUBMITTED,
                receipt_number=f"VDA2023-C{c + 1}-{sequences[c]:04d}",
                first_submitted_at=at,
                submitted_at=at,
                title=f"Hồ sơ thử nghiệm số {n} – giải pháp chuyển đổi số",
            )
        )
    Dossier.objects.bulk_create(dossiers, batch_size=2000)
    return season


def child(name: str, rows: int) -> dict:
    from _common import setup_django

    setup_django(REDIS_URL="")
    from django.db import transaction
    from django.test import Client

    from accounts.models import User

    organiser = User.objects.get(email="bench-organiser@bench.example")
    result: dict = {}
    try:
        with transaction.atomic():
            year = 2024
            if name.startswith("dossiers"):
                add_season(rows)
                year = 2023
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(organiser, backend="django.contrib.auth.backends.ModelBackend")
            path = EXPORTS[name].format(year=year)
            pid = os.getpid()
            before = proc_status_kb(pid, "VmRSS")
            reset = reset_peak_rss(pid)
            start = time.perf_counter()
            response = client.get(path)
            size, lines = 0, 0
            content = (
                response.streaming_content
                if getattr(response, "streaming", False)
                else [response.content]
            )
            for chunk in content:
                size += len(chunk)
                lines += chunk.count(b"\n")
            seconds = time.perf_counter() - start
            peak = proc_status_kb(pid, "VmHWM")
            response.close()
            result = {
                "export": name,
                "status": response.status_code,
                "seconds": round(seconds, 2),
                "bytes": size,
                "csv_lines": lines if name.endswith(".csv") else None,
                "rss_before_mb": round(before / 1024, 1),
                "peak_rss_mb": round(peak / 1024, 1),
                "growth_mb": round((peak - before) / 1024, 1),
                "peak_reset": reset,
            }
            raise Rollback
    except Rollback:
        pass
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--child", default="")
    options = parser.parse_args()
    if options.child:
        print("RESULT " + json.dumps(child(options.child, options.rows)))
        return
    print(machine())
    results = []
    for name in EXPORTS:
        out = subprocess.run(
            [PYTHON, __file__, "--child", name, "--rows", str(options.rows)],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        ).stdout
        result = json.loads(next(x for x in out.splitlines() if x.startswith("RESULT "))[7:])
        results.append(result)
        print(
            f"  {name:<28} {result['seconds']:6.2f} s  peak {result['peak_rss_mb']} MB", flush=True
        )
    rows = [
        [
            r["export"],
            r["status"],
            f"{r['seconds']:.2f}",
            f"{r['bytes']:,}",
            r["csv_lines"] if r["csv_lines"] is not None else "–",
            r["rss_before_mb"],
            r["peak_rss_mb"],
            r["growth_mb"],
        ]
        for r in results
    ]
    print()
    print(f"dossier exports: {options.rows:,} rows (a 2023 season, rolled back afterwards)")
    print(
        table(
            rows,
            [
                "export",
                "status",
                "seconds",
                "bytes",
                "CSV lines",
                "RSS before MB",
                "peak RSS MB",
                "growth MB",
            ],
        )
    )


if __name__ == "__main__":
    main()
