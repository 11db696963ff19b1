"""Deadline rush: 500 applicants over 10 minutes, half of them in the last 60 s before the
season's deadline, and a few after it.

    make loadtest          # or: .venv/bin/python bench/loadtest.py [--applicants 60 --seconds 90]

Starts its OWN PostgreSQL cluster (port 5441, /tmp/vda-load-pg) and Redis (port 6391), a
season whose deadline falls inside the run: its last accepted second ends exactly --seconds
after the start (that second plays 30/06 23:59:59; the wall clock shows another time). Then
500 applicants with profiles, gunicorn (2 sync workers, as deploy/vda-web.service but for the
number), a Celery worker (2 prefork processes) and beat as deploy/vda-worker.service and
vda-beat.service start them; emails are written by Django's file backend into a folder.

Each applicant has a moment to press "submit": 250 in the last 60 s before the deadline (a
dozen in its very last second), 30 after it (10 in the first late second, 20 up to 30 s late),
the rest spread over the run. At a random time before that moment (at least 30 s before; the
rush's dossiers are prepared over the whole run, as people fill theirs in before the last
minute) it opens the dashboard, starts a dossier (category 3 or 4), uploads its required
documents, saves the text — 1–3 s between clicks; 3–8 s before its moment it opens its
dossier's page again, then submits, reads the page it is sent to, and (a double click)
submits again.

The rule (submissions.services.dossier_submit, Season.accepts_submissions): the server takes
ONE instant when it processes the submit — not when the request left the browser; there is no
grace — accepts it when that instant is before the deadline's next second, and stores it as
submitted_at. So a submit answered before that second must be accepted, one sent from it on
must be refused with the deadline message, and one in flight across it may go either way but
must agree with what is stored. Checks (PASS/FAIL; exit 1 on a FAIL): no 5xx, every request
answered, every applicant reached its submit, the rule above from both sides, receipts unique
and gapless, exactly one confirmation each (outbox and mail folder), p95 < 500 ms over all
requests and per request kind. Prints req/s, p50, p95, errors, server time per request kind
(access log), CPU used and the load average (the machine may be shared). Stops what it started.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

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
    RECEIPT,
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
    wait_until,
)

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
DOSSIER = re.compile(r"/applicant/dossiers/(\d+)/$")
# The refusal (submissions.services.errors.ensure_window), in Vietnamese and English.
LATE = re.compile(r"Đã hết hạn nộp|The deadline has passed")
PREP_S = 30  # at least this long before its moment an applicant starts its dossier
P95_MS = 500


@dataclass
class Plan:
    index: int
    group: str
    submit_at: float  # wall clock (time.time(): the server's clock too)
    category: int
    prepare_at: float  # when it starts its dossier: any time before, as people do


@dataclass
class Outcome:
    plan: Plan
    dossier: int | None = None
    sent: float | None = None  # wall clock when the submit left, and when it was answered
    answered: float | None = None
    result: str = "not ready"  # accepted, refused, other (status), not ready
    receipt: str = ""  # what the page after an accepted submit showed


def make_plans(n: int, start: float, closes: float, rush: int, late: int) -> list[Plan]:
    """Who presses "submit" when: `rush` in the last 60 s (1 in 12 of them in the deadline's
    own second), `late` after it (a third in the first late second), the rest spread out."""
    rng = random.Random(2024)
    last_second, first_late = max(1, rush // 12), max(1, late // 3)
    spans = [
        ("spread", n - rush - late, start + 5, max(start + 5, closes - 60)),
        ("rush", rush - last_second, closes - 60, closes - 1),
        ("last second", last_second, closes - 1, closes),
        ("first late second", first_late, closes, closes + 1),
        ("late", late - first_late, closes + 1, closes + 30),
    ]
    moments = [(g, rng.uniform(a, b)) for g, count, a, b in spans for _ in range(count)]
    rng.shuffle(moments)
    # Late applicants, too, have their dossier ready before the deadline: only the submit is.
    latest = [min(at, closes - 10) - PREP_S for _g, at in moments]
    return [
        Plan(i, g, at, (3, 4)[i % 2], rng.uniform(start + 5, max(start + 5, last)))
        for i, ((g, at), last) in enumerate(zip(moments, latest, strict=True))
    ]


def sleep_until(wall: float) -> None:
    time.sleep(max(0.0, wall - time.time()))


def journey(me: Applicant, plan: Plan, categories: dict[int, int], closes: float) -> Outcome:
    """One applicant's dossier, from the dashboard to the double click on "submit"."""
    outcome = Outcome(plan)
    rng = random.Random(plan.index)
    sleep_until(plan.prepare_at)

    def pause() -> None:
        time.sleep(rng.uniform(1, 3))

    me.request("GET dashboard", "GET", "/applicant/")
    pause()
    response = me.request(
        "POST new dossier",
        "POST",
        "/applicant/dossiers/new/",
        data={"category": categories[plan.category]},
    )
    match = DOSSIER.search(response.headers.get("Location", "")) if response else None
    if not match:
        return outcome
    page, outcome.dossier = match.group(0), int(match.group(1))
    pause()
    docs = [*REQUIRED_DOCS, *(["legal_rep_authorisation"] if plan.category == 4 else [])]
    for doc in docs:
        me.request(
            "POST upload",
            "POST",
            f"{page}attachments/",
            data={"document_type": doc},
            files={"file": (f"{doc}.pdf", PDF, "application/pdf")},
        )
        pause()
    version = me.version(page)
    if version is None:
        return outcome
    pause()
    me.request("POST save", "POST", page, data=form_data(version, "save", 1))
    # Back a few seconds before its moment (before the deadline: after it, the page has no
    # form; a late applicant has it open and clicks too late): the page again, then "submit".
    sleep_until(min(plan.submit_at, closes - 1) - rng.uniform(3, 8))
    version = me.version(page)
    if version is None:
        return outcome
    sleep_until(plan.submit_at)
    data = form_data(version, "submit", 1)
    outcome.sent = time.time()
    response = me.request("POST submit", "POST", page, data=data)
    outcome.answered = time.time()
    outcome.result = classify(me, page, response, outcome)
    me.request("POST submit again", "POST", page, data=data)  # a double click: no 5xx
    return outcome


def classify(me: Applicant, page: str, response, outcome: Outcome) -> str:
    """What the applicant saw: sent to its dossier's page with a receipt, or the refusal."""
    if response is None:
        return "other (no answer)"
    if response.status_code == 302 and response.headers.get("Location", "").endswith(page):
        shown = me.request("GET page after submit", "GET", page)
        found = RECEIPT.search(shown.text) if shown is not None else None
        outcome.receipt = found.group(0) if found else ""
        return "accepted"
    if response.status_code == 200 and LATE.search(response.text):
        return "refused"
    return f"other ({response.status_code})"


class LoadAverage(threading.Thread):
    """/proc/loadavg every 15 s (printed every minute): tells a noisy machine apart."""

    def __init__(self, start: float) -> None:
        super().__init__(daemon=True)
        self.start_at, self.samples, self.stopped = start, [], threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(15):
            one = float(Path("/proc/loadavg").read_text().split()[0])
            self.samples.append((time.time(), one))
            if len(self.samples) % 4 == 0:
                print(
                    f"  t+{time.time() - self.start_at:.0f} s: load average {one:.2f}", flush=True
                )

    def between(self, a: float, b: float) -> str:
        values = [v for t, v in self.samples if a <= t <= b] or [0.0]
        return f"mean {sum(values) / len(values):.2f}, max {max(values):.2f}"


def rush(stack: Stack, cookies: list[str], categories, plans, closes) -> tuple:
    recorder = Recorder()
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    base = f"http://127.0.0.1:{stack.web_port}"

    def run(plan: Plan, cookie: str) -> None:
        outcome = journey(Applicant(base, cookie, recorder), plan, categories, closes)
        with lock:
            outcomes.append(outcome)

    threads = [
        threading.Thread(target=run, args=(p, c), daemon=True)
        for p, c in zip(plans, cookies, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(1.0, closes + 120 - time.time()))
    return recorder, outcomes


def rule_checks(outcomes: list[Outcome], stored: dict[int, tuple], closes: float) -> list:
    """The deadline rule seen by the clients and by the database, and whether they agree."""
    tried = [o for o in outcomes if o.sent is not None]
    before = [o for o in tried if o.answered < closes]
    after = [o for o in tried if o.sent >= closes]
    across = [o for o in tried if o.sent < closes <= o.answered]
    disagree = []
    for o in tried:
        status, receipt, at = stored.get(o.dossier, (None, None, None))
        if o.result == "accepted":
            ok = status == "submitted" and receipt == o.receipt and at.timestamp() < closes
            ok = ok and o.sent <= at.timestamp() <= o.answered  # the instant it was processed
        else:
            ok = o.result == "refused" and status != "submitted" and receipt is None
        if not ok:
            disagree.append(o)
    late_stored = [
        pk for pk, (s, _r, at) in stored.items() if s == "submitted" and at.timestamp() >= closes
    ]
    groups = Counter((o.plan.group, o.result) for o in outcomes)
    return [
        (
            "every applicant reached its submit",
            len(tried) == len(outcomes),
            f"{len(tried)} of {len(outcomes)}",
        ),
        (
            "every submit answered before the deadline's next second accepted",
            all(o.result == "accepted" for o in before),
            f"{sum(o.result == 'accepted' for o in before)} of {len(before)}",
        ),
        (
            "every submit sent from that second on refused with the deadline message",
            all(o.result == "refused" for o in after),
            f"{sum(o.result == 'refused' for o in after)} of {len(after)}",
        ),
        (
            "in flight across the second: decided by the server's instant",
            not {id(o) for o in across} & {id(o) for o in disagree},
            f"{len(across)} in flight: {Counter(o.result for o in across)}",
        ),
        (
            "client and database agree (receipt, status, submitted_at within the request)",
            not disagree,
            f"{len(disagree)} disagree" + (f", e.g. {disagree[0]}" if disagree else ""),
        ),
        (
            "no dossier stored as submitted at or after the deadline's next second",
            not late_stored,
            f"{len(late_stored)} late; per group {dict(sorted(groups.items()))}",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=600, help="from the start to the deadline")
    parser.add_argument("--rush", type=int, help="submitting in the last 60 s (default: half)")
    parser.add_argument("--late", type=int, default=30, help="submitting after the deadline")
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    rush_n = options.applicants // 2 if options.rush is None else options.rush
    if options.seconds < 70 or rush_n + options.late > options.applicants:
        parser.error("needs --seconds >= 70 and --rush + --late <= --applicants")
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
        from categories.models import Season
        from submissions.models import Dossier, OutboundEmail

        season = seed_vda_2024(open_now=True)
        categories = {c.number: c.pk for c in season.categories.all()}
        users = seed_applicants("rush", options.applicants, drafts=False, complete=False)
        cookies = [session_cookie(u) for u in users]
        # As deploy/ runs them: sync workers with production's timeout, a worker and beat.
        processes.append(stack.gunicorn(options.workers, timeout=600))
        processes.append(stack.worker(concurrency=2, name="rush", production=True))
        processes.append(stack.beat())
        start = time.time()
        closes = float(int(start) + 1 + options.seconds)  # the deadline's next second
        deadline = datetime.fromtimestamp(closes - 1, tz=ICT)
        Season.objects.filter(pk=season.pk).update(submission_deadline=deadline)
        plans = make_plans(options.applicants, start, closes, rush_n, options.late)
        print(
            f"{options.applicants} applicants ({Counter(p.group for p in plans)}), deadline "
            f"{deadline:%d/%m/%Y %H:%M:%S} Vietnam time = start + {closes - start:.0f} s; "
            f"gunicorn {options.workers} sync workers, Celery 2 processes + beat",
            flush=True,
        )
        import resource

        def cpu() -> dict[str, float]:
            web, celery, beat = processes
            me = resource.getrusage(resource.RUSAGE_SELF)
            return {
                "gunicorn": cpu_seconds([web.pid, *children(web.pid)]),
                "celery": cpu_seconds(
                    [p for x in (celery, beat) for p in (x.pid, *children(x.pid))]
                ),
                "postgres": cpu_seconds(stack.postgres_pids()),
                "load client": me.ru_utime + me.ru_stime,
            }

        cpu_before = cpu()
        load = LoadAverage(start)
        load.start()
        recorder, outcomes = rush(stack, cookies, categories, plans, closes)
        elapsed = time.time() - start
        load.stopped.set()
        cpu_used = {k: v - cpu_before[k] for k, v in cpu().items()}
        confirmations = OutboundEmail.objects.filter(key__startswith="submission-confirmation:")
        drained = wait_until(
            lambda: not confirmations.filter(status="pending").exists(), timeout=180
        )
        time.sleep(3)  # let a last delivery finish writing its file

        # --- checks ---
        calls = recorder.calls
        figures = summarise(calls)
        stored = {
            pk: (status, receipt, at)
            for pk, status, receipt, at in Dossier.objects.values_list(
                "pk", "status", "receipt_number", "submitted_at"
            )
        }
        receipts = list(
            Dossier.objects.filter(status="submitted").values_list(
                "pk", "receipt_number", "category__number"
            )
        )
        by_category = defaultdict(list)
        for _pk, receipt, number in receipts:
            by_category[number].append(int(receipt.rsplit("-", 1)[1]))
        gapless = all(sorted(v) == list(range(1, len(v) + 1)) for v in by_category.values())
        mail = confirmation_receipts(stack.mail_dir)
        sent = confirmations.filter(status="sent").count()
        db_receipts = {r for _pk, r, _n in receipts}
        kinds = defaultdict(list)
        for call in calls:
            kinds[call.kind].append(call)
        checks = [
            ("no 5xx", figures["5xx"] == 0, f"{figures['5xx']} of {figures['requests']}"),
            (
                "every request answered",
                figures["no answer"] == 0,
                f"{figures['no answer']} without an answer",
            ),
            *rule_checks(outcomes, stored, closes),
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
            (
                f"p95 < {P95_MS} ms, all requests",
                (figures["p95_ms"] or 0) < P95_MS,
                f"{figures['p95_ms']} ms",
            ),
            *(
                (f"p95 < {P95_MS} ms, {kind}", (s["p95_ms"] or 0) < P95_MS, f"{s['p95_ms']} ms")
                for kind, group in sorted(kinds.items())
                for s in [summarise(group)]
            ),
        ]
        print(
            f"\nran {elapsed:.0f} s: {figures['requests']} requests "
            f"({figures['requests'] / elapsed:.1f}/s), p50 {figures['p50_ms']} ms, "
            f"p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms; "
            f"{figures['5xx']} 5xx, {figures['no answer']} unanswered, {figures['4xx']} 4xx"
        )
        to_wall = time.time() - time.monotonic()  # Call.at is monotonic
        window = [c for c in calls if closes - 60 <= c.at + to_wall < closes]
        peak = summarise(window)
        print(
            f"last 60 s before the deadline: {peak['requests']} requests "
            f"({peak['requests'] / 60:.1f}/s), p50 {peak['p50_ms']} ms, p95 {peak['p95_ms']} ms"
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
        cores = os.cpu_count()
        print(
            f"CPU seconds used during the run ({cores} cores = {cores * elapsed:.0f} s "
            f"available): {share}"
        )
        print(
            f"load average (1 min) during the run: {load.between(start, closes + 30)}; "
            f"in the last 60 s before the deadline: {load.between(closes - 60, closes + 15)}"
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
