"""Health for load balancers and checkers.

- `/healthz/live` (liveness): the process answers; it touches nothing else, so a database
  outage does not get every web process restarted.
- `/healthz/ready` (readiness): the database, broker and file storage are usable right now;
  503 otherwise, so the balancer sends traffic elsewhere. `/healthz` answers the same.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

BROKER_TIMEOUT_SECONDS = 2


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    return "ok"


def check_storage() -> str:
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        os.makedirs(storage.location, exist_ok=True)
        if not os.access(storage.location, os.W_OK):
            raise PermissionError(f"{storage.location} is not writable")
    else:
        storage.exists("healthz-probe")  # a HEAD request: fails on a bad endpoint or credentials
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "broker": check_broker,
    "storage": check_storage,
}


@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request):
    results: dict[str, str] = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # any failure means "not usable"
            results[name] = f"error: {type(error).__name__}"
            healthy = False
    results["status"] = "ok" if healthy else "error"
    return JsonResponse(results, status=200 if healthy else 503)


healthz = ready  # the original address, kept for the checkers that use it
