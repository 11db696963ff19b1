"""`/metrics` for Prometheus: django-prometheus' request counters and latencies by view, and
the portal's own gauges read from the database and the broker at scrape time.

Reachable from ``METRICS_ALLOWED_IPS`` (addresses or networks; the client address as the
proxy reports it, vda_portal/proxy.py) or with ``Authorization: Bearer <METRICS_TOKEN>``.
With gunicorn's several workers, set ``PROMETHEUS_MULTIPROC_DIR`` (deploy/vda-web.service) so
that the request metrics of every worker are added up.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Iterator

import prometheus_client
import redis
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Min, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry

from submissions.models import (
    OutboundEmail,
    OutboundEmailStatus,
    ReminderDelivery,
    ReminderSlot,
)
from vda_portal.proxy import client_ip

CELERY_QUEUES = ("celery",)


def outbox_metrics() -> Iterator[GaugeMetricFamily]:
    by_status = GaugeMetricFamily(
        "vda_email_outbox_emails", "Emails in the transactional outbox", labels=["status"]
    )
    rows = OutboundEmail.objects.values("status").annotate(n=Count("pk")).order_by()
    counts = {row["status"]: row["n"] for row in rows}
    for status in OutboundEmailStatus:
        by_status.add_metric([status.value], counts.get(status.value, 0))
    yield by_status
    oldest = OutboundEmail.objects.filter(status=OutboundEmailStatus.PENDING).aggregate(
        at=Min("created_at")
    )["at"]
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    yield GaugeMetricFamily(
        "vda_email_outbox_oldest_pending_age_seconds",
        "Age of the oldest email still waiting to be sent (0 when none waits)",
        value=max(age, 0.0),
    )


def reminder_metrics() -> Iterator[GaugeMetricFamily]:
    due = ReminderSlot.objects.filter(
        plan__enabled=True, send_at__lte=timezone.now(), completed_at__isnull=True
    ).count()
    yield GaugeMetricFamily(
        "vda_reminder_slots_due", "Reminder slots whose time has come, not yet completed", value=due
    )
    sent = ReminderDelivery.objects.filter(email__status=OutboundEmailStatus.SENT).count()
    yield GaugeMetricFamily("vda_reminders_sent", "Reminder emails sent", value=sent)


def signin_metrics() -> Iterator[GaugeMetricFamily]:
    limit = settings.AXES_FAILURE_LIMIT
    row = AccessAttempt.objects.aggregate(
        failures=Sum("failures_since_start"),
        locked=Count("pk", filter=Q(failures_since_start__gte=limit)),
    )
    yield GaugeMetricFamily(
        "vda_failed_signins",
        "Failed sign-ins in django-axes' current records (within the cool-off time)",
        value=row["failures"] or 0,
    )
    yield GaugeMetricFamily(
        "vda_locked_out_signins",
        "Account and address pairs locked out by django-axes",
        value=row["locked"],
    )


def queue_metrics() -> Iterator[GaugeMetricFamily]:
    depth = GaugeMetricFamily(
        "vda_celery_queue_length", "Tasks waiting in the broker's queue", labels=["queue"]
    )
    if settings.REDIS_URL:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_timeout=2, socket_connect_timeout=2
        )
        try:
            for queue in CELERY_QUEUES:
                depth.add_metric([queue], client.llen(queue))
        finally:
            client.close()
    yield depth


class PortalCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield from outbox_metrics()
        yield from reminder_metrics()
        yield from signin_metrics()
        yield from queue_metrics()


PORTAL_REGISTRY = CollectorRegistry(auto_describe=False)
PORTAL_REGISTRY.register(PortalCollector())


def _request_registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return prometheus_client.REGISTRY


def allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token):
        return True
    address = client_ip(request)
    if not address:
        return False
    ip = ipaddress.ip_address(address)
    networks = [ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS]
    return any(ip in network for network in networks)


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    body = prometheus_client.generate_latest(_request_registry())
    body += prometheus_client.generate_latest(PORTAL_REGISTRY)
    return HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)
