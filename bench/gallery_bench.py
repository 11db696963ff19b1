"""The public honoree gallery at programme scale: 400 honorees over 6 published seasons.

Seeds them with organisers.demo.seed_published_season (real confirmation and publication,
certificates issued), then measures, anonymously through ONE gunicorn sync worker, the
season page and an honoree's page (and the index with a search without diacritics, and a
certificate's verification page): median, p95 and the queries each request made
(X-Query-Count). The first request of a page builds its season's cached gallery; the
figures are of the requests after it, as visitors get them. Prints figures; asserts nothing.

    createdb -h 127.0.0.1 -U postgres vda_bench_gallery
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vda_bench_gallery \\
        .venv/bin/python bench/gallery_bench.py
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _common import (
    bench_env,
    collectstatic,
    get,
    machine,
    median,
    percentile,
    postgres_version,
    require_bench_database,
    setup_django,
    start_gunicorn,
    table,
)

SERVER_ENV = {"VDA_BENCH_QUERY_HEADER": "1", "REDIS_URL": ""}
LOG_DIR = Path(__file__).resolve().parent.parent / "var" / "bench"
# (year, honorees in each of the five categories): 70 + 65 × 4 + 70 = 400
SEASONS = [(2019, 14), (2020, 13), (2021, 13), (2022, 13), (2023, 13), (2024, 14)]
PER_CATEGORY = 16  # dossiers in each category's final round


def seed() -> None:
    from django.core.management import call_command

    from judging.models import ResultSnapshot
    from organisers.demo import seed_published_season
    from tests.judging.organiser_season import judge, organiser

    require_bench_database()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    boss, judges = organiser(), [judge(1), judge(2)]
    for year, honorees in SEASONS:
        start = time.perf_counter()
        seed_published_season(
            year=year,
            organiser=boss,
            judges=judges,
            per_category=PER_CATEGORY,
            honorees_per_category=honorees,
            consents=lambda number, index: index % 10 != 0,
            email_prefix="bench",
        )
        print(f"  seeded {year}: {5 * honorees} honorees  {time.perf_counter() - start:.1f} s")
    assert ResultSnapshot.objects.filter(published_at__isnull=False).count() == len(SEASONS)


def measure(port: int, path: str, requests: int) -> dict:
    status, _body, headers, _s = get(port, path)  # builds the season's cached gallery
    assert status == 200, (path, status)
    times, queries = [], set()
    for _ in range(requests):
        status, _body, headers, seconds = get(port, path)
        assert status == 200, (path, status)
        times.append(seconds * 1000)
        queries.add(int(headers.get("x-query-count", "-1")))
    return {
        "path": path,
        "median": median(times),
        "p95": percentile(times, 95),
        "queries": ",".join(str(q) for q in sorted(queries)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--no-seed", action="store_true")
    options = parser.parse_args()
    setup_django(**SERVER_ENV)
    from organisers.gallery import season_gallery
    from organisers.models import Certificate

    print(f"{machine()}; PostgreSQL {postgres_version()}")
    if not options.no_seed:
        seed()
    honoree = season_gallery(2024).honorees[40]
    code = Certificate.objects.filter(snapshot__round__season__year=2024).first().code
    env = bench_env(**SERVER_ENV)
    collectstatic(env)
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    server = start_gunicorn(port=options.port, workers=1, env=env, log=LOG_DIR / "gallery.log")
    try:
        rows = [
            measure(options.port, "/__bench__/bare", options.requests),
            measure(options.port, "/vinh-danh/2024/", options.requests),
            measure(options.port, f"/vinh-danh/2024/{honoree.slug}/", options.requests),
            measure(options.port, "/honorees/2024/", options.requests),
            measure(options.port, "/vinh-danh/?q=ha+noi", options.requests),
            measure(options.port, f"/xac-minh/{code}", options.requests),
        ]
    finally:
        server.stop()
    print()
    print(
        table(
            [
                (r["path"], f"{r['median']:.1f} ms", f"{r['p95']:.1f} ms", r["queries"])
                for r in rows
            ],
            ["page (anonymous; /__bench__/bare: the middleware floor)", "median", "p95", "queries"],
        )
    )


if __name__ == "__main__":
    main()
