"""One reminder end to end through the real Redis broker and a real Celery worker process.

Runs only with REDIS_URL set (CI: with PostgreSQL, which the worker process can reach too).
"""

import os
import signal
import subprocess
import sys
import time as clock
from datetime import datetime, time, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import User
from categories.models import Season
from submissions.demo import PROFILES
from submissions.models import (
    ApplicantProfile,
    Dossier,
    OutboundEmail,
    OutboundEmailStatus,
    ReminderDelivery,
    ReminderPlan,
    ReminderSlot,
)
from submissions.provinces import province_name
from submissions.tasks import dispatch_deadline_reminders, send_reminder_batch
from vda_portal.celery import app
from vda_portal.localtime import PORTAL_TZ as VIETNAM

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (real broker)"),
]
BASE_DIR = Path(settings.BASE_DIR)
QUEUE = "celery"


def database_url() -> str:
    """The test database, for the worker process (pytest-django renamed it test_<name>)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the worker process needs a database it can reach: PostgreSQL")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}/{db['NAME']}"


@pytest.fixture
def not_eager():
    before = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def broker(not_eager):
    """The real broker, emptied of leftovers from other runs."""
    app.control.purge()
    yield app
    app.control.purge()


@pytest.fixture
def worker(broker, tmp_path):
    """`celery -A vda_portal worker` on the test database; mail is written to files."""
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CONN_MAX_AGE": "0",  # no connection outlives a task: the test database can be dropped
        "EMAIL_URL": f"filemail:///{mail_dir}",
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "vda_portal", "worker"),
            *("--pool=solo", "--concurrency=1", "--loglevel=INFO", "-Q", QUEUE),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            *("-n", f"reminders-test-{os.getpid()}@%h"),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield mail_dir
    process.send_signal(signal.SIGTERM)  # warm shutdown: finishes the task in hand
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


def wait_for(condition, *, timeout: float = 60, what: str) -> None:
    deadline = clock.monotonic() + timeout
    while not condition():
        if clock.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        clock.sleep(0.2)


def queue_drained() -> bool:
    """Nothing waiting in the queue and nothing running on any worker."""
    with app.connection_for_write() as connection:
        waiting = connection.default_channel.client.llen(QUEUE)
    active = app.control.inspect(timeout=1).active() or {}
    return waiting == 0 and active and not any(active.values())


@pytest.fixture
def due_now(season):
    """The season open now and closing in 14 days; one slot, 14 days before at 00:00 (due)."""
    today = timezone.localdate(timezone.now(), VIETNAM)
    deadline = datetime.combine(today + timedelta(days=14), time(23, 59, 59), tzinfo=VIETNAM)
    Season.objects.filter(pk=season.pk).update(
        submissions_open_at=timezone.now() - timedelta(days=1), submission_deadline=deadline
    )
    plan = ReminderPlan.objects.create(season=season)
    slot = ReminderSlot.objects.create(plan=plan, days_before=14, time_of_day=time(0, 0))
    ann = User.objects.create_user("ann@example.com", "pw-123456789", language="en")
    values = PROFILES["applicant1@example.com"]
    ApplicantProfile.objects.create(
        user=ann, **values, province_name=province_name(values["province_code"])
    )
    Dossier.objects.create(
        season=season, category=season.categories.get(number=3), applicant=ann, title="VietVoice"
    )
    return slot, ann


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_one_reminder_once(due_now, worker):
    slot, ann = due_now
    dispatch_deadline_reminders.delay()  # what beat sends every five minutes
    wait_for(
        lambda: OutboundEmail.objects.filter(status=OutboundEmailStatus.SENT).exists(),
        what="the reminder to be sent",
    )
    # The same batch redelivered, and beat again: nothing more is sent.
    send_reminder_batch.delay(slot.pk, [ann.pk])
    dispatch_deadline_reminders.delay()
    wait_for(queue_drained, what="the worker to finish")

    delivery = ReminderDelivery.objects.get()
    assert (delivery.slot, delivery.user) == (slot, ann)
    email = OutboundEmail.objects.get()
    assert email.key == f"reminder:{slot.pk}:{ann.pk}"
    assert email.status == OutboundEmailStatus.SENT
    files = list(worker.iterdir())
    assert len(files) == 1
    message = files[0].read_text()
    assert "To: ann@example.com" in message
    assert "Subject: [VDA 2024] 14 days left to submit your dossier" in message
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message
