"""/metrics: who may read it, and what the operators read there."""

import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from submissions.models import (
    OutboundEmail,
    OutboundEmailStatus,
    ReminderDelivery,
    ReminderPlan,
    ReminderSlot,
)
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "metrics-token-0123456789"


@pytest.fixture(autouse=True)
def _metrics_access(settings):
    # As settings.py does when METRICS_TOKEN or METRICS_ALLOWED_IPS is set.
    settings.MIDDLEWARE = [
        settings.MIDDLEWARE[0],
        "django_prometheus.middleware.PrometheusBeforeMiddleware",
        *settings.MIDDLEWARE[1:],
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = ["10.20.0.0/16", "192.0.2.1"]
    settings.REDIS_URL = ""  # the queue depth is tested apart


def samples(response) -> dict:
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 403),
        ({"HTTP_AUTHORIZATION": "Bearer wrong-token"}, 403),
        ({"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}, 200),
        ({"HTTP_AUTHORIZATION": f"bearer {TOKEN}"}, 200),
        ({"REMOTE_ADDR": "192.0.2.1"}, 200),
        ({"REMOTE_ADDR": "10.20.3.4"}, 200),
        ({"REMOTE_ADDR": "10.21.0.1"}, 403),
    ],
)
def test_metrics_need_an_allowed_address_or_the_token(client, headers, status):
    response = client.get("/metrics", **headers)
    assert response.status_code == status
    if status == 403:
        assert b"vda_" not in response.content


@pytest.mark.django_db
def test_behind_the_proxy_the_forwarded_client_counts_not_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    outsider = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert outsider.status_code == 403
    local = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert local.status_code == 200


@pytest.mark.django_db
def test_nobody_reads_metrics_when_neither_token_nor_addresses_are_set(client, settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_IPS = "", []
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


@pytest.mark.django_db
def test_outbox_reminders_and_failed_sign_ins(client, season):
    now = timezone.now()
    for n, status in enumerate(["pending", "pending", "sent", "failed"]):
        OutboundEmail.objects.create(
            key=f"k{n}", to_email=f"a{n}@example.com", subject="s", text_body="t", status=status
        )
    OutboundEmail.objects.filter(key="k0").update(created_at=now - timedelta(minutes=10))
    plan = ReminderPlan.objects.create(season=season)
    due = ReminderSlot.objects.create(plan=plan, days_before=3)
    ReminderSlot.objects.filter(pk=due.pk).update(send_at=now - timedelta(hours=1))
    later = ReminderSlot.objects.create(plan=plan, days_before=1)
    ReminderSlot.objects.filter(pk=later.pk).update(send_at=now + timedelta(days=1))
    ReminderDelivery.objects.create(
        slot=due, user=UserFactory(), email_id="k2", run_token=uuid.uuid4()
    )
    ReminderDelivery.objects.create(
        slot=due, user=UserFactory(), email_id="k1", run_token=uuid.uuid4()
    )
    for n, failures in enumerate([2, 5]):
        AccessAttempt.objects.create(
            username=f"u{n}@example.com", ip_address="203.0.113.5", user_agent="t",
            get_data="", post_data="", http_accept="", path_info="/", failures_since_start=failures,
        )  # fmt: skip
    client.get("/healthz/live")

    found = samples(client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"))

    assert {
        s: found[("vda_email_outbox_emails", (("status", s),))] for s in OutboundEmailStatus
    } == {
        "pending": 2.0,
        "sent": 1.0,
        "failed": 1.0,
        "expired": 0.0,
    }
    assert 600 <= found[("vda_email_outbox_oldest_pending_age_seconds", ())] < 700
    assert found[("vda_reminder_slots_due", ())] == 1.0
    assert found[("vda_reminders_sent", ())] == 1.0
    assert found[("vda_failed_signins", ())] == 7.0
    assert found[("vda_locked_out_signins", ())] == 1.0
    requests = [
        value
        for (name, labels), value in found.items()
        if name == "django_http_requests_total_by_view_transport_method_total"
        and ("view", "healthz_live") in labels
    ]
    assert len(requests) == 1
    assert requests[0] >= 1
    assert any(
        name == "django_http_requests_latency_seconds_by_view_method_count"
        and ("view", "healthz_live") in labels
        for name, labels in found
    )


@pytest.mark.django_db
def test_an_empty_outbox_has_no_age(client):
    found = samples(client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"))
    assert found[("vda_email_outbox_oldest_pending_age_seconds", ())] == 0.0
    assert not [key for key in found if key[0] == "vda_celery_queue_length"]  # no broker


def test_requests_are_counted_only_when_someone_may_read_the_metrics():
    env = {"PATH": os.environ["PATH"], "SECRET_KEY": "k"}
    script = "import vda_portal.settings as s; print(sum('prometheus' in m for m in s.MIDDLEWARE))"

    def counted(**variables: str) -> str:
        command = [sys.executable, "-c", script]
        result = subprocess.run(
            command, cwd=ROOT, env={**env, **variables}, capture_output=True, text=True
        )
        return result.stdout.strip()

    assert counted() == "0"
    assert counted(METRICS_TOKEN="t") == "2"
    assert counted(METRICS_ALLOWED_IPS="127.0.0.1") == "2"
