"""Deadline rush: 200 applicants start, fill, document and submit dossiers for 60 seconds.

    make loadtest          # or: .venv/bin/python bench/loadtest.py [--applicants 200]

Starts its OWN PostgreSQL cluster (port 5441, /tmp/vda-load-pg) and Redis (port 6391), a
season open now, 200 applicants with profiles; gunicorn (4 sync workers) and a Celery worker
(2 processes) on them; emails written by Django's file backend into a temporary folder. Each
simulated applicant, with 1–3 s between clicks, repeatedly: opens the dashboard, starts a
draft (category 3, then 4, then 3 …), opens it, uploads its required documents, saves the text,
submits, and — a double click — submits again. Stops after --seconds, waits (bounded) for the
outbox to drain, then checks:

- no 5xx and no request without an answer;
- every dossier the applicants saw submitted is stored once, submitted, with its own receipt
  number; receipt numbers are unique and gapless per category;
- one confirmation outbox row per submitted dossier, every one sent; the mail folder holds
  exactly one confirmation per receipt number.

Prints PASS/FAIL with the figures; exits 1 on FAIL. Stops everything it started.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    children,
    cpu_seconds,
    machine,
    percentile,
    session_cookie,
    setup_django,
    table,
)
from _rush import (
    PDF,
    REQUIRED_DOCS,
    Applicant,
    OwnPostgres,
    OwnRedis,
    Recorder,
    Stack,
    confirmation_receipts,
    form_data,
    seed_applicants,
    server_times,
    summarise,
    think,
    wait_until,
)

DOSSIER = re.compile(r"/applicant/dossiers/(\d+)/$")


def rush(
    stack: Stack,
    cookies: list[str],
    categories: dict[int, int],
    seconds: int,
    think_s: tuple[float, float],
) -> tuple[Recorder, dict]:
    recorder = Recorder()
    submitted: dict[int, int] = {}  # dossier pk -> applicant index
    lock = threading.Lock()
    until = time.monotonic() + seconds
    base = f"http://127.0.0.1:{stack.web_port}"

    def applicant(index: int, cookie: str) -> None:
        rng = random.Random(index)
        me = Applicant(base, cookie, recorder)
        pause = lambda: think(*think_s, rng, until)  # noqa: E731
        order = [3, 4]
        journey = 0
        time.sleep(rng.uniform(0, think_s[1]))  # people do not all click at the same instant
        while time.monotonic() < until:
            number = order[journey % len(order)]
            journey += 1
            me.request("GET dashboard", "GET", "/applicant/")
            if not pause():
                return
            response = me.request(
                "POST new dossier",
                "POST",
                "/applicant/dossiers/new/",
                data={"category": categories[number]},
            )
            match = DOSSIER.search(response.headers.get("Location", "")) if response else None
            if not match:
                if not pause():
                    return
                continue
            page = match.group(0)
            if me.version(page) is None or not pause():
                return
            docs = list(REQUIRED_DOCS)
            if number == 4:
                docs.insert(2, "legal_rep_authorisation")
            for doc in docs:
                me.request(
                    "POST upload",
                    "POST",
                    f"{page}attachments/",
                    data={"document_type": doc},
                    files={"file": (f"{doc}.pdf", PDF, "application/pdf")},
                )
                if not pause():
                    return
            version = me.version(page)
            if version is None or not pause():
                return
            me.request("POST save", "POST", page, data=form_data(version, "save", journey))
            if not pause():
                return
            version = me.version(page)
            if version is None or not pause():
                return
            if me.submit(page, version, journey):
                with lock:
                    submitted[int(match.group(1))] = index
            me.submit(page, version, journey)  # a double click: refused as stale, no 5xx
            if not pause():
                return

    threads = [
        threading.Thread(target=applicant, args=(i, c), daemon=True) for i, c in enumerate(cookies)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    return recorder, submitted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--think", default="1-3", help="seconds between clicks, e.g. 1-3")
    options = parser.parse_args()
    think_s = tuple(float(x) for x in options.think.split("-"))
    stack = Stack(
        pg=OwnPostgres(5441, "load"),
        redis=OwnRedis(6391),
        mail_dir=Path("/tmp/vda-load-mail"),
        media_dir=Path("/tmp/vda-load-media"),
        log_dir=Path("/tmp/vda-load-logs"),
        web_port=8731,
    )
    print(machine())
    processes = []
    try:
        stack.prepare_dirs()
        stack.pg.init()
        stack.redis.start()
        stack.migrate()
        setup_django(**{k: v for k, v in stack.env().items() if k != "PYTHONPATH"})
        from categories.demo import seed_vda_2024
        from submissions.models import Dossier, DossierStatus, OutboundEmail

        season = seed_vda_2024(open_now=True)
        categories = {c.number: c.pk for c in season.categories.all()}
        users = seed_applicants("rush", options.applicants, drafts=False, complete=False)
        cookies = [session_cookie(u) for u in users]
        processes.append(stack.gunicorn(options.workers))
        processes.append(stack.worker(concurrency=2, name="rush"))
        print(
            f"{options.applicants} applicants, {options.seconds} s, gunicorn "
            f"{options.workers} workers, Celery 2 processes, {think_s[0]:g}–{think_s[1]:g} s "
            "between clicks",
            flush=True,
        )
        import resource

        def cpu() -> dict[str, float]:
            web, celery = processes
            me = resource.getrusage(resource.RUSAGE_SELF)
            return {
                "gunicorn": cpu_seconds([web.pid, *children(web.pid)]),
                "celery": cpu_seconds([celery.pid, *children(celery.pid)]),
                "postgres": cpu_seconds(stack.postgres_pids()),
                "load client": me.ru_utime + me.ru_stime,
            }

        cpu_before = cpu()
        start = time.monotonic()
        recorder, submitted = rush(stack, cookies, categories, options.seconds, think_s)
        elapsed = time.monotonic() - start
        cpu_used = {k: v - cpu_before[k] for k, v in cpu().items()}
        confirmations = OutboundEmail.objects.filter(key__startswith="submission-confirmation:")
        drained = wait_until(
            lambda: not confirmations.filter(status="pending").exists(), timeout=180
        )
        time.sleep(3)  # let a last delivery finish writing its file

        # --- checks ---
        calls = recorder.calls
        figures = summarise(calls)
        received = Dossier.objects.filter(status=DossierStatus.SUBMITTED)
        receipts = list(received.values_list("pk", "receipt_number", "category__number"))
        by_category = defaultdict(list)
        for _pk, receipt, number in receipts:
            by_category[number].append(int(receipt.rsplit("-", 1)[1]))
        gapless = all(sorted(v) == list(range(1, len(v) + 1)) for v in by_category.values())
        mail = confirmation_receipts(stack.mail_dir)
        sent = confirmations.filter(status="sent").count()
        db_receipts = {r for _pk, r, _n in receipts}
        checks = [
            ("no 5xx", figures["5xx"] == 0, f"{figures['5xx']} of {figures['requests']}"),
            (
                "every request answered",
                figures["no answer"] == 0,
                f"{figures['no answer']} without an answer",
            ),
            (
                "submitted dossiers = what applicants saw",
                set(submitted) == {p for p, *_ in receipts},
                f"{len(submitted)} seen, {len(receipts)} stored",
            ),
            (
                "one receipt each, unique, gapless",
                len(db_receipts) == len(receipts) and gapless and None not in db_receipts,
                f"{len(db_receipts)} receipts; per category "
                f"{dict(sorted(Counter(n for *_, n in receipts).items()))}",
            ),
            (
                "one confirmation outbox row each",
                confirmations.count() == len(receipts),
                f"{confirmations.count()} rows",
            ),
            ("every confirmation sent (outbox)", drained and sent == len(receipts), f"{sent} sent"),
            (
                "exactly one email per receipt (mail folder)",
                set(mail) == db_receipts and all(n == 1 for n in mail.values()),
                f"{sum(mail.values())} emails, {len(mail)} receipts, "
                f"{sum(1 for n in mail.values() if n > 1)} duplicated",
            ),
        ]
        kinds = defaultdict(list)
        for call in calls:
            kinds[call.kind].append(call)
        print(
            f"\nran {elapsed:.0f} s: {figures['requests']} requests "
            f"({figures['requests'] / elapsed:.1f}/s), p50 {figures['p50_ms']} ms, "
            f"p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms; "
            f"{figures['4xx']} 4xx"
        )
        rows = [[kind, *summarise(group).values()] for kind, group in sorted(kinds.items())]
        print(
            table(
                rows, ["request", "count", "5xx", "no answer", "4xx", "p50 ms", "p95 ms", "max ms"]
            )
        )
        server = server_times(stack.log_dir / "access.log")
        rows = [
            [kind, len(ms), f"{percentile(ms, 50):.1f}", f"{percentile(ms, 95):.1f}"]
            for kind, ms in sorted(server.items())
        ]
        print("server-side time (gunicorn access log; the rest of what clients saw is queueing):")
        print(table(rows, ["request", "count", "p50 ms", "p95 ms"]))
        share = ", ".join(f"{k} {v:.0f} s" for k, v in cpu_used.items())
        print(
            f"CPU seconds used during the rush (2 cores = {2 * elapsed:.0f} s available): {share}"
        )
        print()
        failed = False
        for name, ok, detail in checks:
            failed |= not ok
            print(f"{'PASS' if ok else 'FAIL'}  deadline rush: {name}: {detail}")
        return 1 if failed else 0
    finally:
        for process in reversed(processes):
            process.stop()
        stack.redis.stop()
        stack.pg.destroy()


if __name__ == "__main__":
    sys.exit(main())
