"""Reminder fan-out at VDA scale: 16,000 applicants with drafts, one slot, batches of 500.

    createdb -h 127.0.0.1 -U postgres vda_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vda_bench .venv/bin/python \
        bench/reminders_fanout.py [--applicants 16000]

The database is migrated and EMPTIED first: its name must contain "bench". Emails are queued in
the outbox and their delivery tasks published to an in-memory broker (nothing is sent). Prints
timings and query counts; it asserts nothing about time (not part of the test run).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vda_portal.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.pop("REDIS_URL", None)  # never publish thousands of deliveries to a real broker

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from categories.demo import seed_vda_2024  # noqa: E402
from submissions import reminders  # noqa: E402
from submissions.demo import PROFILES  # noqa: E402
from submissions.models import (  # noqa: E402
    ApplicantProfile,
    Attachment,
    DocumentType,
    Dossier,
    DossierStatus,
    OutboundEmail,
    ReminderDelivery,
)
from submissions.provinces import province_name  # noqa: E402
from vda_portal.celery import app  # noqa: E402

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
SLOT_AT = datetime(2024, 6, 23, 9, 5, tzinfo=ICT)  # the 7-day slot, five minutes in
QUIET_AT = datetime(2024, 6, 24, 9, 5, tzinfo=ICT)  # a day later: beat's usual check


@contextmanager
def measured(label: str):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        yield
        seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:8.2f} s {len(queries):7d} queries")


def reset_database() -> None:
    name = connection.settings_dict["NAME"]
    if "bench" not in str(name):
        sys.exit(f"refusing to empty database {name!r}: its name must contain 'bench'")
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)


def seed(applicants: int) -> None:
    season = seed_vda_2024()
    reminders.ensure_default_plan(season)
    categories = {c.number: c for c in season.categories.all()}
    User.objects.bulk_create(
        (
            User(email=f"bench{n:05d}@bench.example", password="!", language=("vi", "en")[n % 2])
            for n in range(applicants)
        ),
        batch_size=2000,
    )
    users = list(User.objects.filter(email__endswith="@bench.example").order_by("pk"))
    profile = {**PROFILES["applicant1@example.com"], "province_name": province_name("01")}
    ApplicantProfile.objects.bulk_create(
        (ApplicantProfile(user=user, **profile) for user in users), batch_size=2000
    )
    Dossier.objects.bulk_create(_dossiers(season, categories, users), batch_size=2000)
    forms = Dossier.objects.filter(season=season, category__number=3).values_list("pk", "applicant")
    Attachment.objects.bulk_create(
        (
            Attachment(
                dossier_id=dossier_id,
                document_type=DocumentType.APPLICATION_FORM,
                file="bench/form.pdf",
                original_name="form.pdf",
                content_type="application/pdf",
                size=1000,
                sha256="0" * 64,
                uploaded_by_id=user_id,
            )
            for dossier_id, user_id in forms
        ),
        batch_size=2000,
    )


def _dossiers(season, categories, users):
    """Everyone has a draft; a quarter a second draft; a tenth a submitted dossier too."""
    for n, user in enumerate(users):
        yield Dossier(
            season=season, category=categories[3], applicant=user, title=f"Giải pháp số {n}"
        )
        if n % 4 == 0:
            yield Dossier(season=season, category=categories[2], applicant=user, title="")
        if n % 10 == 0:
            yield Dossier(
                season=season,
                category=categories[4],
                applicant=user,
                status=DossierStatus.SUBMITTED,
                title=f"Vì cộng đồng {n}",
            )


def fan_out(at: datetime) -> None:
    """What the workers do for one slot: the pending list, then each batch of 500."""
    batch_queries = []
    with measured("dispatch: due slot + pending recipients"):
        (due,) = reminders.due_reminders(at=at)
        ids = reminders.engine._pending_ids(due, at)
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as total:
        for chunk in reminders.engine._chunks(ids):
            with CaptureQueriesContext(connection) as queries:
                reminders.reminders_send_batch(slot_id=due.slot.pk, user_ids=chunk, at=at)
            batch_queries.append(len(queries))
    seconds = time.perf_counter() - start
    print(
        f"{'batches: ' + str(len(batch_queries)) + ' x up to 500 users':<44} {seconds:8.2f} s "
        f"{len(total):7d} queries ({min(batch_queries)}–{max(batch_queries)} per batch)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=16_000)
    options = parser.parse_args()
    app.conf.task_always_eager = False  # delivery tasks go to the in-memory broker, unsent
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    reset_database()
    with measured(f"seed {options.applicants} applicants (bulk_create)"):
        seed(options.applicants)
    print(
        f"drafts: {Dossier.objects.filter(status=DossierStatus.DRAFT).count()}, "
        f"slot: 7 days before, at {SLOT_AT:%d/%m/%Y %H:%M}"
    )
    with measured("fan-out total"):
        fan_out(SLOT_AT)
    print(
        f"deliveries: {ReminderDelivery.objects.count()}, "
        f"outbox rows: {OutboundEmail.objects.count()}"
    )
    with measured("run again at the same instant (sends 0)"):
        sent = sum(r.count for r in reminders.reminders_run(at=SLOT_AT))
    assert sent == 0, sent
    with measured("next beat check (finds nobody left: completed)"):
        reminders.reminders_dispatch(at=QUIET_AT)
    with measured("beat check with nothing due"):
        reminders.reminders_dispatch(at=QUIET_AT)


if __name__ == "__main__":
    main()
