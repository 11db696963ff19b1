"""The Celery application. Without REDIS_URL, tasks run in-process (settings make them eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vda_portal.settings")

app = Celery("vda_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
