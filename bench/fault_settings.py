"""Settings of bench/loadtest.py and bench/faulttest.py: production settings, plus shorter
waits so that a fault test finishes in minutes (each from the environment, with the
production value as default). Never used outside bench/."""

import os

from vda_portal.settings import *  # noqa: F403
from vda_portal.settings import CELERY_BEAT_SCHEDULE, CELERY_BROKER_TRANSPORT_OPTIONS

# The outbox sweep: rows pending longer than this are re-enqueued (production: 120 s) ...
OUTBOX_SWEEP_AFTER_SECONDS = int(os.environ.get("OUTBOX_SWEEP_AFTER_SECONDS", "120"))
# ... by a beat task this often (production: 60 s).
CELERY_BEAT_SCHEDULE = {
    **CELERY_BEAT_SCHEDULE,
    "sweep-outbox": {
        **CELERY_BEAT_SCHEDULE["sweep-outbox"],
        "schedule": float(os.environ.get("BENCH_SWEEP_EVERY", "60")),
    },
}
# A message taken by a worker that died is handed out again after this (production: 3600 s).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": int(os.environ.get("BENCH_VISIBILITY_TIMEOUT", "3600")),
}
