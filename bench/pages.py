"""Page timings and query counts through gunicorn, signed in as the right role.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vda_bench_scale \
        .venv/bin/python bench/pages.py all \
        --demo-database-url postgres://postgres@127.0.0.1:5432/vda_bench_demo

Both databases are made by bench/seed_scale.py (programme and demo scale); nothing is written
but sessions. `all` runs:

(a) sequential: one gunicorn sync worker on 127.0.0.1 (DEBUG off), per page 3 warm-up then 20
    timed GETs on fresh connections: median, p95, queries (X-Query-Count, from
    vda_portal/bench_middleware.py, enabled by VDA_BENCH_QUERY_HEADER=1), bytes. Beside them,
    in the same run: /__bench__/bare anonymous and signed in (every middleware, no view).
    The same on the demo-size database in a child process: query counts must be identical.
(b) load: two gunicorn workers, 50 users, each a different signed-in session
    (50 applicants / 50 judges / 50 organiser sessions), two ways per page:
    "users" — each user waits 1–3 s between requests (people reading pages), a small asyncio
    client opening a connection per request as behind a buffering proxy (wrk's delay keeps
    the connection open while waiting, which holds a sync worker); and
    "saturation" — wrk, 50 connections, no wait (the most the two workers serve).
    requests/s, p50, p95, errors.

Subcommands `sequential` (with `--demo-database-url`, (a) on both) and `load` run one part
(`--json FILE` writes the figures). `bench/floor.sh` seeds both databases and runs (a) and
bench/results_bench.py: issue 19's figures in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    PYTHON,
    bench_env,
    collectstatic,
    get,
    machine,
    median,
    percentile,
    postgres_version,
    session_cookie,
    setup_django,
    start_gunicorn,
    table,
)

LOG_DIR = Path(os.environ.get("BENCH_LOG_DIR", "/tmp/vda-bench"))
LOG_DIR.mkdir(parents=True, exist_ok=True)
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_sessions.lua"
SERVER_ENV = {"VDA_BENCH_QUERY_HEADER": "1", "REDIS_URL": ""}


@dataclass
class Page:
    name: str
    path: str
    role: str  # applicant / judge / organiser / anonymous
    # For the load test: (path, cookie) per simulated user.
    users: list[tuple[str, str]] = field(default_factory=list)
    user: object = None  # the sequential run's user when not the role's usual one
    cookie: str = ""  # the sequential run's user's session


def pick_pages(load_users: int) -> list[Page]:
    """The pages to measure and who requests them, found in the bench database."""
    from django.db.models import Count, Q

    from accounts.models import User
    from judging.models import Assignment, AssignmentStatus, Round, RoundState
    from organisers.gallery import season_gallery
    from organisers.models import Certificate
    from submissions.models import Dossier, DossierStatus, Nomination, NominationState
    from submissions.services.nominations import claim_token

    organiser = User.objects.get(email="bench-organiser@bench.example")
    judges = list(
        User.objects.filter(email__startswith="judge", email__endswith="@bench.example")
        .annotate(
            active=Count(
                "judging_assignments", filter=Q(judging_assignments__status=AssignmentStatus.ACTIVE)
            )
        )
        .order_by("-active", "email")
    )
    applicants = list(User.objects.filter(email__startswith="bench-app-").order_by("email"))
    open_round = Round.objects.get(state=RoundState.OPEN)
    closed_round = Round.objects.filter(state=RoundState.CLOSED, season=open_round.season).first()

    def scoring_path(judge, round_) -> str | None:
        assignment = (
            Assignment.objects.filter(judge=judge, round=round_, status=AssignmentStatus.ACTIVE)
            .order_by("queue_key")
            .first()
        )
        return f"/admin/judging/myassignment/{assignment.pk}/score/" if assignment else None

    def draft_path(applicant) -> str:
        dossier = Dossier.objects.filter(applicant=applicant, status=DossierStatus.DRAFT).first()
        return f"/applicant/dossiers/{dossier.pk}/"

    cookies: dict[int, list[str]] = {}

    def cookie(user, index: int = 0) -> str:
        mine = cookies.setdefault(user.pk, [])
        while len(mine) <= index:
            mine.append(session_cookie(user))
        return mine[index]

    def spread(users, path_of) -> list[tuple[str, str]]:
        """load_users simulated users: distinct accounts while there are enough, then more
        sessions of the same accounts."""
        rows = []
        for i in range(load_users):
            user = users[i % len(users)]
            path = path_of(user)
            if path:
                rows.append((path, cookie(user, i // len(users))))
        return rows

    # bench/seed_scale.py: the past season 2023 is published; bench-app-00 has nominated and
    # leads a team; bench-app-01 works on four dossiers of others.
    judge, applicant, member = judges[0], applicants[0], applicants[1]
    past = season_gallery(2023)
    honoree = past.honorees[len(past.honorees) // 2]
    certificate = Certificate.objects.filter(snapshot__round__season__year=2023).order_by("pk")
    opened = Nomination.objects.get(nominator=applicant, state=NominationState.OPENED)
    shared = Dossier.objects.filter(members__user=member, status=DossierStatus.DRAFT).first()
    pages = [
        Page(
            "bare view, anonymous",
            "/__bench__/bare",
            "anonymous",
            [("/__bench__/bare", "")] * load_users,
        ),
        Page(
            "bare view, signed in",
            "/__bench__/bare",
            "applicant",
            spread(applicants, lambda u: "/__bench__/bare"),
        ),
        Page(
            "judge's queue (admin)",
            "/admin/judging/myassignment/",
            "judge",
            spread(judges, lambda u: "/admin/judging/myassignment/"),
        ),
        Page(
            "scoring page, open round",
            scoring_path(judge, open_round),
            "judge",
            spread(judges, lambda u: scoring_path(u, open_round)),
        ),
        Page(
            "scoring page, closed round (peers shown)",
            scoring_path(judge, closed_round),
            "judge",
        ),
        Page(
            "applicant dashboard",
            "/applicant/",
            "applicant",
            spread(applicants, lambda u: "/applicant/"),
        ),
        Page("team member's dashboard", "/applicant/", "applicant", user=member),
        Page(
            "dossier edit page",
            draft_path(applicant),
            "applicant",
            spread(applicants, draft_path),
        ),
        Page(
            "dossier page, team member (editor)",
            f"/applicant/dossiers/{shared.pk}/",
            "applicant",
            user=member,
        ),
        Page("nominations (the nominator's list)", "/applicant/nominations/", "applicant"),
        Page(
            "nomination claim link (the nominee)",
            f"/applicant/nominations/claim/{claim_token(opened)}/",
            "anonymous",
        ),
        Page("my data", "/applicant/my-data/", "applicant"),
        Page("gallery: season page", "/vinh-danh/2023/", "anonymous"),
        Page("gallery: honoree page", f"/vinh-danh/2023/{honoree.slug}/", "anonymous"),
        Page("certificate verification", f"/xac-minh/{certificate.first().code}", "anonymous"),
        Page(
            "admin dossier changelist",
            "/admin/submissions/dossier/",
            "organiser",
            spread([organiser], lambda u: "/admin/submissions/dossier/"),
        ),
        Page(
            "organisers' review list (admin)",
            "/admin/judging/review/",
            "organiser",
            spread([organiser], lambda u: "/admin/judging/review/"),
        ),
        Page(
            "organisers' results list (admin)",
            "/admin/judging/dossierresult/",
            "organiser",
            spread([organiser], lambda u: "/admin/judging/dossierresult/"),
        ),
        Page(
            "round results, confirmed (a category, 50 rows)",
            f"/admin/judging/round/{closed_round.pk}/results/",
            "organiser",
        ),
        Page(
            "round results, open round (computed, a category)",
            f"/admin/judging/round/{open_round.pk}/results/",
            "organiser",
        ),
        Page("organisers' dashboard", "/organisers/", "organiser"),
    ]
    # The sequential run is one user per page.
    owner = {"judge": judge, "applicant": applicant, "organiser": organiser}
    for page in pages:
        user = page.user or owner.get(page.role)
        page.cookie = cookie(user) if user else ""
    return pages


# --- (a) sequential ------------------------------------------------------------------------


def sequential(pages: list[Page], *, port: int, warmup: int, requests: int) -> list[dict]:
    env = bench_env(**SERVER_ENV)
    server = start_gunicorn(port=port, workers=1, env=env, log=LOG_DIR / "pages-sequential.log")
    results = []
    try:
        for page in pages:
            for _ in range(warmup):
                get(port, page.path, cookie=page.cookie)
            times, queries, sizes, statuses = [], set(), set(), set()
            for _ in range(requests):
                status, body, headers, seconds = get(port, page.path, cookie=page.cookie)
                times.append(seconds * 1000)
                queries.add(int(headers.get("x-query-count", -1)))
                sizes.add(len(body))
                statuses.add(status)
            results.append(
                {
                    "page": page.name,
                    "path": page.path,
                    "role": page.role,
                    "median_ms": round(median(times), 1),
                    "p95_ms": round(percentile(times, 95), 1),
                    "queries": sorted(queries),
                    "bytes": max(sizes),
                    "status": sorted(statuses),
                }
            )
            print(
                f"  {page.name:<44} {results[-1]['median_ms']:7.1f} ms  "
                f"q={results[-1]['queries']} status={results[-1]['status']}",
                flush=True,
            )
    finally:
        server.stop()
    return results


# --- (b) load ------------------------------------------------------------------------------


def wrk(
    port: int,
    users: list[tuple[str, str]],
    *,
    seconds: int,
    think: tuple[int, int],
    connections: int,
) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as plan:
        for path, cookie in users:
            plan.write(f"{path}\t{cookie}\n")
    env = {
        **os.environ,
        "WRK_PLAN": plan.name,
        "WRK_THINK_MIN": str(think[0]),
        "WRK_THINK_MAX": str(think[1]),
    }
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(WRK_SCRIPT),
            f"http://127.0.0.1:{port}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    ).stdout
    Path(plan.name).unlink()
    line = next(x for x in out.splitlines() if x.startswith("VDA_RESULT "))
    return json.loads(line.removeprefix("VDA_RESULT "))


def users(port: int, plan: list[tuple[str, str]], *, seconds: int, think: tuple[int, int]) -> dict:
    """People reading pages: each user of the plan waits think ms, then opens a connection,
    GETs its page and closes. (wrk's delay keeps its connection open while it waits, which
    holds a sync worker hostage; a browser behind the buffering proxy never does that.)"""
    import asyncio
    import random
    import time

    latencies: list[float] = []
    failures = {"errors": 0, "non2xx": 0}

    async def one(path: str, cookie: str) -> None:
        start = time.perf_counter()
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 10)
            request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: vi\r\n"
            if cookie:
                request += f"Cookie: {cookie}\r\n"
            writer.write((request + "Connection: close\r\n\r\n").encode())
            status = int((await asyncio.wait_for(reader.readline(), 10)).split()[1])
            await asyncio.wait_for(reader.read(), 10)
            writer.close()
        except (OSError, TimeoutError, IndexError, ValueError):
            failures["errors"] += 1
            return
        latencies.append((time.perf_counter() - start) * 1000)
        if not 200 <= status < 300:
            failures["non2xx"] += 1

    async def user(index: int, until: float) -> None:
        rng = random.Random(index)
        path, cookie = plan[index]
        while True:
            await asyncio.sleep(rng.uniform(*think) / 1000)
            if time.perf_counter() >= until:
                return
            await one(path, cookie)

    async def run() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(user(i, start + seconds) for i in range(len(plan))))
        return time.perf_counter() - start

    elapsed = asyncio.run(run())
    return {
        "requests": len(latencies) + failures["errors"],
        "seconds": round(elapsed, 2),
        "rps": (len(latencies) + failures["errors"]) / elapsed,
        "p50_ms": percentile(latencies, 50) if latencies else 0.0,
        "p95_ms": percentile(latencies, 95) if latencies else 0.0,
        "p99_ms": percentile(latencies, 99) if latencies else 0.0,
        "max_ms": max(latencies, default=0.0),
        "errors": failures["errors"] + failures["non2xx"],
        "non2xx": failures["non2xx"],
    }


def load(
    pages: list[Page], *, port: int, seconds: int, think: tuple[int, int], connections: int
) -> list[dict]:
    env = bench_env(**SERVER_ENV)
    server = start_gunicorn(port=port, workers=2, env=env, log=LOG_DIR / "pages-load.log")
    results = []
    try:
        for page in pages:
            if not page.users:
                continue
            for mode in ("users", "saturation"):
                if mode == "users":
                    figures = users(port, page.users, seconds=seconds, think=think)
                else:
                    figures = wrk(
                        port, page.users, seconds=seconds, think=(0, 0), connections=connections
                    )
                results.append({"page": page.name, "mode": mode, **figures})
                print(
                    f"  {page.name:<44} {mode:<10} {figures['rps']:7.1f} req/s "
                    f"p50 {figures['p50_ms']:7.1f} p95 {figures['p95_ms']:7.1f} "
                    f"errors {figures['errors']}",
                    flush=True,
                )
    finally:
        server.stop()
    return results


# --- reports -------------------------------------------------------------------------------


BARE_SIGNED_IN = "bare view, signed in"
FLOOR_FACTOR = 10  # issue 19: every page within 10x the signed-in bare view, same run


def sequential_table(scale: list[dict], demo: list[dict] | None) -> str:
    """Each page beside the floor of the same run: its median over the signed-in bare view's."""
    demo_by = {r["page"]: r for r in demo or []}
    floor = next((r["median_ms"] for r in scale if r["page"] == BARE_SIGNED_IN), None)
    rows = []
    for r in scale:
        d = demo_by.get(r["page"])
        bare = r["page"].startswith("bare view")
        times = "–" if bare or not floor else f"{r['median_ms'] / floor:.1f}×"
        goal = "–" if bare else f"≤ {FLOOR_FACTOR}× bare"
        ok_time = bare or (floor is not None and r["median_ms"] <= FLOOR_FACTOR * floor)
        q = r["queries"][0] if len(r["queries"]) == 1 else r["queries"]
        qd = (d["queries"][0] if len(d["queries"]) == 1 else d["queries"]) if d else "–"
        ok_q = len(r["queries"]) == 1  # every request of a page asks the same queries
        same = "–" if d is None else ("same" if d["queries"] == r["queries"] else "DIFFERENT")
        ok_status = r["status"] == [200]
        ok = ok_time and ok_q and ok_status and same != "DIFFERENT"
        verdict = "" if bare else ("ok" if ok else "MISSED" if ok_status else f"HTTP {r['status']}")
        rows.append(
            [
                r["page"],
                f"{r['median_ms']:.1f}",
                f"{r['p95_ms']:.1f}",
                times,
                goal,
                q,
                qd,
                same,
                f"{r['bytes']:,}",
                verdict,
            ]
        )
    return table(
        rows,
        [
            "page",
            "median ms",
            "p95 ms",
            "× bare",
            "goal",
            "queries",
            "demo queries",
            "N+1",
            "bytes",
            "",
        ],
    )


def load_table(results: list[dict]) -> str:
    rows = [
        [
            r["page"],
            r["mode"],
            f"{r['rps']:.1f}",
            f"{r['p50_ms']:.1f}",
            f"{r['p95_ms']:.1f}",
            r["requests"],
            r["errors"],
            r.get("non2xx", 0),
        ]
        for r in results
    ]
    return table(
        rows, ["page", "mode", "req/s", "p50 ms", "p95 ms", "requests", "errors", "non-2xx"]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=["all", "sequential", "load"])
    parser.add_argument("--demo-database-url", default="")
    parser.add_argument("--json", default="")
    parser.add_argument("--port", type=int, default=8701)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--think-ms", default="1000-3000")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="measure only the pages whose name contains this (repeatable; bare views always)",
    )
    options = parser.parse_args()
    setup_django(**SERVER_ENV)
    from django.db import connection

    think = tuple(int(x) for x in options.think_ms.split("-"))
    collectstatic(bench_env(**SERVER_ENV))
    pages = [
        page
        for page in pick_pages(options.connections)
        if page.name.startswith("bare view")
        or not options.only
        or any(part in page.name for part in options.only)
    ]
    print(f"{machine()}; PostgreSQL {postgres_version()} ({connection.settings_dict['NAME']})")
    figures: dict = {}
    if options.part in ("all", "sequential"):
        print("(a) sequential, one gunicorn sync worker:")
        figures["sequential"] = sequential(
            pages, port=options.port, warmup=options.warmup, requests=options.requests
        )
    if options.part in ("all", "sequential") and options.demo_database_url:
        print("(a) again on the demo-size database (query counts):")
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
            pass
        subprocess.run(
            [
                PYTHON,
                __file__,
                "sequential",
                "--json",
                out.name,
                "--port",
                str(options.port + 1),
                "--requests",
                "3",
                "--warmup",
                "1",
                *(f"--only={part}" for part in options.only),
            ],
            env={**os.environ, "DATABASE_URL": options.demo_database_url},
            check=True,
        )
        figures["demo"] = json.loads(Path(out.name).read_text())["sequential"]
        Path(out.name).unlink()
    if options.part in ("all", "load"):
        print(
            f"(b) load, two gunicorn workers, {options.connections} connections, "
            f"{options.seconds} s per run:"
        )
        figures["load"] = load(
            pages,
            port=options.port + 2,
            seconds=options.seconds,
            think=think,
            connections=options.connections,
        )
    if options.json:
        Path(options.json).write_text(json.dumps(figures, indent=1))
    if "sequential" in figures:
        print()
        print(sequential_table(figures["sequential"], figures.get("demo")))
    if "load" in figures:
        print()
        print(load_table(figures["load"]))


if __name__ == "__main__":
    main()
