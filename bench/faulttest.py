"""Faults: Redis down during submissions, a Celery worker killed mid reminder batch, PostgreSQL
restarted under load. Nothing lost, nothing twice, nothing half-written.

    make faulttest         # or: .venv/bin/python bench/faulttest.py [--only redis,worker,postgres]

Everything runs on the script's OWN PostgreSQL cluster (port 5440, /tmp/vda-fault-pg, created
with initdb as the postgres user) and OWN Redis (port 6390, no persistence), which it starts,
stops and restarts; the shared PostgreSQL (5432) and Redis (6379) are never touched. Gunicorn
(2 sync workers) and Celery run with bench/fault_settings.py: production settings with the
outbox sweep every 5 s for rows older than 5 s (production: every 60 s, older than 120 s) and
a 20 s broker visibility timeout (production: 3,600 s). Emails go to a folder (file backend).

1. redis: 30 applicants with complete drafts submit while Redis is stopped → each gets the
   success page (302) with a receipt number, bounded in time; no email leaves while Redis is
   down; after Redis is back, beat's outbox sweep delivers every confirmation exactly once.
2. worker: a reminder slot due now for 4,000 applicants (8 batches of 500) on a one-process
   worker; the pool process is SIGKILLed inside batch 2 (the master requeues the task), then
   the whole worker (master and pool) is SIGKILLed inside a later batch and a new worker
   started (the message comes back after the visibility timeout) → every applicant gets
   exactly one reminder (deliveries, outbox rows, emails in the folder).
3. postgres: 40 applicants save, upload and submit for 45 s; PostgreSQL is stopped (fast) at
   10 s and started 6 s later → while it is down requests fail with 5xx within a bound (no
   hang); the portal answers 2xx/3xx again by itself within a bound; nothing half-written
   (every receipt has its confirmation row and email, every attachment row its file and every
   stored file its row, receipt numbers gapless).

Prints PASS/FAIL per check with figures; exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import children, machine, session_cookie, setup_django
from _rush import (
    PDF,
    Applicant,
    OwnPostgres,
    OwnRedis,
    Recorder,
    Stack,
    confirmation_receipts,
    form_data,
    seed_applicants,
    sent_messages,
    summarise,
    wait_until,
)

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
RESULTS: list[tuple[str, bool, str]] = []


def check(scenario: str, name: str, ok: bool, detail: str) -> None:
    RESULTS.append((f"{scenario}: {name}", ok, detail))
    print(f"{'PASS' if ok else 'FAIL'}  {scenario}: {name}: {detail}", flush=True)


def base(stack: Stack) -> str:
    return f"http://127.0.0.1:{stack.web_port}"


# --- 1. Redis down while applicants submit -------------------------------------------------


def scenario_redis(stack: Stack) -> None:
    from submissions.models import Dossier, DossierStatus, OutboundEmail

    name = "redis down"
    users = seed_applicants("redis", 30, drafts=True, complete=True)
    dossiers = {d.applicant_id: d.pk for d in Dossier.objects.filter(applicant__in=users)}
    started = []
    try:
        web = stack.gunicorn(2)
        started.append(web)
        started.append(stack.worker(concurrency=2, name="redis"))
        started.append(stack.beat())
        recorder = Recorder()
        people = [
            (
                Applicant(base(stack), session_cookie(u), recorder, timeout=30),
                f"/applicant/dossiers/{dossiers[u.pk]}/",
            )
            for u in users
        ]
        versions = [me.version(page) for me, page in people]
        stack.redis.stop()
        check(name, "Redis stopped", not stack.redis.ping(), "our Redis on 6390 is down")
        outcome: dict[int, tuple[bool, float, str]] = {}

        def submit(i: int) -> None:
            me, page = people[i]
            start = time.monotonic()
            ok = me.submit(page, versions[i])
            seconds = time.monotonic() - start
            after = me.request("GET after submit", "GET", page)
            text = after.text if after is not None and after.status_code == 200 else ""
            outcome[i] = (ok, seconds, text)

        threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(people))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(90)
        slowest = max(s for _ok, s, _t in outcome.values())
        ok_count = sum(1 for ok, _s, text in outcome.values() if ok and "VDA2024-C3-" in text)
        check(
            name,
            "every applicant sees success with a receipt number while Redis is down",
            ok_count == len(people),
            f"{ok_count}/{len(people)}; slowest submit {slowest:.1f} s",
        )
        check(name, "submissions bounded in time", slowest < 10, f"slowest {slowest:.1f} s < 10 s")
        stored = Dossier.objects.filter(pk__in=dossiers.values(), status=DossierStatus.SUBMITTED)
        check(name, "dossiers stored", stored.count() == len(people), f"{stored.count()} submitted")
        rows = OutboundEmail.objects.filter(
            key__startswith="submission-confirmation:",
            key__in=[f"submission-confirmation:{p}" for p in dossiers.values()],
        )
        time.sleep(8)  # longer than a sweep period: nothing can leave without a broker
        check(
            name,
            "outbox rows written, none sent while Redis is down",
            rows.count() == len(people)
            and not rows.filter(status="sent").exists()
            and not confirmation_receipts(stack.mail_dir),
            f"{rows.count()} rows, {rows.filter(status='sent').count()} sent, "
            f"{sum(confirmation_receipts(stack.mail_dir).values())} emails",
        )
        back = time.monotonic()
        stack.redis.start()
        drained = wait_until(lambda: not rows.exclude(status="sent").exists(), timeout=150)
        took = time.monotonic() - back
        time.sleep(12)  # more sweeps: a pending-looking row must not be sent twice
        mail = confirmation_receipts(stack.mail_dir)
        receipts = set(stored.values_list("receipt_number", flat=True))
        check(
            name,
            "all confirmations sent after Redis is back",
            drained,
            f"{rows.filter(status='sent').count()}/{len(people)} sent {took:.0f} s after restart",
        )
        check(
            name,
            "exactly one email per dossier",
            set(mail) == receipts and all(n == 1 for n in mail.values()),
            f"{sum(mail.values())} emails for {len(receipts)} receipts, "
            f"{sum(1 for n in mail.values() if n > 1)} duplicated",
        )
        check(name, "no 5xx", summarise(recorder.calls)["5xx"] == 0, f"{summarise(recorder.calls)}")
    finally:
        for process in reversed(started):
            process.stop()
        if not stack.redis.ping():
            stack.redis.start()


# --- 2. a worker killed in the middle of a reminder batch ----------------------------------


def scenario_worker(stack: Stack, applicants: int) -> None:
    from submissions import reminders
    from submissions.models import OutboundEmail, ReminderDelivery

    name = "worker killed"
    users = seed_applicants("remind", applicants, drafts=True, complete=False)
    plan = reminders.ensure_default_plan(_season())
    (due,) = reminders.due_reminders(at=_now())
    print(f"  slot due now: {due.slot} ({len(reminders.engine._pending_ids(due, _now()))} people)")
    deliveries = ReminderDelivery.objects.filter(slot=due.slot)
    w1 = stack.worker(concurrency=1, name="remind1")
    processes = [w1]
    try:
        time.sleep(4)  # the worker connects
        queued = reminders.reminders_dispatch()
        print(f"  dispatched {queued} recipients in {-(-queued // 500)} batches")
        # Inside batch 2: batch 1 committed, batch 2 open.
        wait_until(lambda: deliveries.count() >= 500, timeout=120, every=0.05)
        time.sleep(0.3)
        pool = children(w1.pid)
        committed = deliveries.count()
        for pid in pool:
            os.kill(pid, signal.SIGKILL)
        print(f"  SIGKILL pool process {pool} with {committed} deliveries committed")
        # Later: the whole worker, master and pool, while a batch is open.
        target = (committed // 500 + 2) * 500
        wait_until(lambda: deliveries.count() >= target, timeout=120, every=0.05)
        time.sleep(0.3)
        committed2 = deliveries.count()
        w1.kill_group()
        print(f"  SIGKILL whole worker (group {w1.pid}) with {committed2} deliveries committed")
        processes.append(stack.worker(concurrency=2, name="remind2"))
        total = len(users)
        done = wait_until(lambda: deliveries.count() >= total, timeout=180)
        reminder_rows = OutboundEmail.objects.filter(key__startswith=f"reminder:{due.slot.pk}:")
        sent = wait_until(lambda: not reminder_rows.exclude(status="sent").exists(), timeout=240)
        time.sleep(3)
        per_person = Counter(
            str(m["to"]) for m in sent_messages(stack.mail_dir) if "reminder" in _key(m)
        )
        check(
            name,
            "kills hit open batches",
            committed % 500 == 0 and committed2 % 500 == 0 and committed2 < total,
            f"{committed} and {committed2} committed at the kills (multiples of 500: the "
            "open batch had written nothing)",
        )
        check(
            name,
            "one delivery per person",
            done
            and deliveries.count() == total
            and deliveries.values("user").distinct().count() == total,
            f"{deliveries.count()} deliveries for {total} people",
        )
        check(
            name,
            "one outbox row each, all sent",
            sent and reminder_rows.count() == total,
            f"{reminder_rows.count()} rows, {reminder_rows.filter(status='sent').count()} sent",
        )
        check(
            name,
            "exactly one reminder email per person",
            len(per_person) == total and all(n == 1 for n in per_person.values()),
            f"{sum(per_person.values())} emails to {len(per_person)} people, "
            f"{sum(1 for n in per_person.values() if n > 1)} got more than one",
        )
        plan.enabled = False
        plan.save(update_fields=["enabled"])
    finally:
        for process in reversed(processes):
            if process.alive():
                process.stop()


def _key(message) -> str:
    unsubscribe = str(message.get("List-Unsubscribe", ""))
    return "reminder" if unsubscribe else "other"


def _now():
    from django.utils import timezone

    return timezone.now()


def _season():
    from categories.models import Season

    return Season.objects.get(year=2024)


# --- 3. PostgreSQL restarted under load ----------------------------------------------------


def scenario_postgres(stack: Stack, seconds: int, down_at: float, down_for: float) -> None:
    from submissions.models import Attachment, Dossier, DossierStatus, OutboundEmail

    name = "postgres restart"
    users = seed_applicants("pgload", 40, drafts=True, complete=True)
    pages = {
        d.applicant_id: f"/applicant/dossiers/{d.pk}/"
        for d in Dossier.objects.filter(applicant__in=users)
    }
    cookies = {u.pk: session_cookie(u) for u in users}
    started = [stack.gunicorn(2)]
    recorder = Recorder()
    submitted: set[str] = set()
    lock = threading.Lock()
    start = time.monotonic()
    until = start + seconds
    try:
        started.append(stack.worker(concurrency=2, name="pg"))

        def applicant(user_id: int) -> None:
            rng = random.Random(user_id)
            me = Applicant(base(stack), cookies[user_id], recorder, timeout=30)
            page, n = pages[user_id], 0
            while time.monotonic() < until:
                n += 1
                me.request("GET dashboard", "GET", "/applicant/")
                version = me.version(page)
                if version is not None:
                    kind = n % 4
                    if kind == 1:
                        me.request("POST save", "POST", page, data=form_data(version, "save", n))
                    elif kind == 2:
                        me.request(
                            "POST upload",
                            "POST",
                            f"{page}attachments/",
                            data={"document_type": "other"},
                            files={"file": (f"doc-{n}.pdf", PDF, "application/pdf")},
                        )
                    elif kind == 3 and me.submit(page, version, n):
                        with lock:
                            submitted.add(page)
                time.sleep(rng.uniform(0.2, 0.6))

        threads = [threading.Thread(target=applicant, args=(pk,), daemon=True) for pk in pages]
        for t in threads:
            t.start()
        time.sleep(down_at)
        stopped = time.monotonic()
        stack.pg.stop(mode="fast")
        time.sleep(down_for)
        stack.pg.start()
        restarted = time.monotonic()
        print(f"  PostgreSQL down from {stopped - start:.1f} s to {restarted - start:.1f} s")
        for t in threads:
            t.join(seconds + 60)
        from django.db import connections

        connections.close_all()  # this process's own connection died with the server too
        calls = recorder.calls
        failures = [c for c in calls if c.status >= 500 or c.status == 0]
        during = [c for c in failures if stopped - 1 <= c.at <= restarted + 1]
        slow = max((c.seconds for c in calls), default=0)
        last_failure = max((c.at + c.seconds for c in failures), default=restarted) - restarted
        after = [c for c in calls if c.at > restarted + max(last_failure, 0)]
        check(
            name,
            "requests fail while PostgreSQL is down",
            len(during) > 0,
            f"{len(during)} failed while down, statuses "
            f"{dict(Counter(c.status for c in failures))}",
        )
        check(name, "no request hangs", slow < 15, f"slowest {slow:.1f} s < 15 s")
        check(
            name,
            "recovers by itself",
            last_failure < 10 and after and all(c.status and c.status < 500 for c in after),
            f"last failure {last_failure:.1f} s after the restart; {len(after)} requests "
            "after it, all answered < 500",
        )
        check(
            name,
            "no failures outside the outage",
            len(failures) == len(during),
            f"{len(failures) - len(during)} outside",
        )

        # Nothing half-written.
        stored = Dossier.objects.filter(applicant__in=users, status=DossierStatus.SUBMITTED)
        receipts = set(stored.values_list("receipt_number", flat=True))
        keys = {f"submission-confirmation:{pk}" for pk in stored.values_list("pk", flat=True)}
        rows = OutboundEmail.objects.filter(key__startswith="submission-confirmation:")
        row_keys = set(rows.values_list("key", flat=True))
        pg_rows = {
            k
            for k in row_keys
            if int(k.rsplit(":", 1)[1])
            in set(Dossier.objects.filter(applicant__in=users).values_list("pk", flat=True))
        }
        check(
            name,
            "every submitted dossier has its confirmation row and no row lacks one",
            keys == pg_rows,
            f"{len(stored)} submitted, {len(pg_rows)} rows",
        )
        drained = wait_until(lambda: not rows.exclude(status="sent").exists(), timeout=200)
        time.sleep(3)
        mail = confirmation_receipts(stack.mail_dir)
        mine = {r: n for r, n in mail.items() if r in receipts}
        check(
            name,
            "every confirmation sent exactly once",
            drained and set(mine) == receipts and all(n == 1 for n in mine.values()),
            f"{sum(mine.values())} emails for {len(receipts)} receipts",
        )
        all_rows = Attachment.objects.filter(dossier__applicant__in=users)
        real = all_rows.exclude(file__startswith="seed/")
        missing = [a.file.name for a in real if not (stack.media_dir / a.file.name).exists()]
        on_disk = {
            str(p.relative_to(stack.media_dir)) for p in stack.media_dir.rglob("*") if p.is_file()
        }
        known = set(
            Attachment.objects.exclude(file__startswith="seed/").values_list("file", flat=True)
        )
        known |= set(Attachment.objects.exclude(thumbnail="").values_list("thumbnail", flat=True))
        orphans = on_disk - known
        check(
            name,
            "every attachment row has its file, every file its row",
            not missing and not orphans,
            f"{real.count()} uploaded rows, {len(missing)} without file, "
            f"{len(orphans)} files without row",
        )
        numbers = defaultdict(list)
        for receipt in Dossier.objects.exclude(receipt_number=None).values_list(
            "receipt_number", flat=True
        ):
            numbers[receipt.split("-")[1]].append(int(receipt.rsplit("-", 1)[1]))
        check(
            name,
            "receipt numbers unique and gapless",
            all(sorted(v) == list(range(1, len(v) + 1)) for v in numbers.values()),
            f"{sum(len(v) for v in numbers.values())} receipts",
        )
        print(f"  load: {summarise(calls)}; submitted seen by applicants: {len(submitted)}")
    finally:
        for process in reversed(started):
            process.stop()


def due_now_deadline() -> datetime:
    """A deadline two days ahead (23:59:59 Vietnam time): the 3-days-before slot is due."""
    today = datetime.now(ICT).date()
    return datetime.combine(today + timedelta(days=2), dtime(23, 59, 59), tzinfo=ICT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="redis,worker,postgres")
    parser.add_argument("--reminder-applicants", type=int, default=4000)
    options = parser.parse_args()
    only = set(options.only.split(","))
    stack = Stack(
        pg=OwnPostgres(5440, "fault"),
        redis=OwnRedis(6390),
        mail_dir=Path("/tmp/vda-fault-mail"),
        media_dir=Path("/tmp/vda-fault-media"),
        log_dir=Path("/tmp/vda-fault-logs"),
        web_port=8721,
        extra_env={
            "OUTBOX_SWEEP_AFTER_SECONDS": "5",
            "BENCH_SWEEP_EVERY": "5",
            "BENCH_VISIBILITY_TIMEOUT": "20",
        },
    )
    print(machine())
    try:
        stack.prepare_dirs()
        stack.pg.init()
        stack.redis.start()
        stack.migrate()
        setup_django(**{k: v for k, v in stack.env().items() if k != "PYTHONPATH"})
        from categories.demo import seed_vda_2024
        from categories.models import Season

        seed_vda_2024(open_now=True)
        Season.objects.filter(year=2024).update(submission_deadline=due_now_deadline())
        if "redis" in only:
            scenario_redis(stack)
        if "worker" in only:
            scenario_worker(stack, options.reminder_applicants)
        if "postgres" in only:
            from django.db import connections

            connections.close_all()
            scenario_postgres(stack, seconds=45, down_at=10, down_for=6)
    except Exception as error:  # a scenario that could not finish is a failure too
        check("fault test", "ran to the end", False, f"{type(error).__name__}: {error}")
        import traceback

        traceback.print_exc()
    finally:
        stack.redis.stop()
        stack.pg.destroy()
    failed = [r for r in RESULTS if not r[1]]
    print(f"\n{len(RESULTS) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
