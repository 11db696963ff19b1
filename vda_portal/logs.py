"""Structured logs with a request id.

Every request gets an id: the proxy's ``X-Request-ID`` when it is a sane token (nginx sends its
``$request_id``), else a new one. It is in every log line written while the request runs, in the
response's ``X-Request-ID`` header, and in the headers of every Celery task the request enqueues,
so that the worker's log lines of that task carry it too. Logging only: nothing else reads it.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar, Token

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.http import HttpRequest, HttpResponse
from pythonjsonlogger.core import RESERVED_ATTRS

HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
_current: ContextVar[str | None] = ContextVar("request_id", default=None)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"


def current_request_id() -> str | None:
    return _current.get()


def bind_request_id(value: str | None) -> Token:
    return _current.set(value)


def reset_request_id(token: Token) -> None:
    _current.reset(token)


def incoming_request_id(value: str | None) -> str:
    """The proxy's id when it looks like one, else a fresh one: a client cannot inject text."""
    return value if value and _VALID.match(value) else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` ("-" outside a request or task) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get() or "-"
        return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = incoming_request_id(request.headers.get(HEADER))
        request.request_id = request_id
        token = bind_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response[HEADER] = request_id
        return response


# --- Celery: the id travels in the task message's headers ----------------------------------


@before_task_publish.connect
def _add_request_id_header(headers: dict | None = None, **kwargs) -> None:
    request_id = _current.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


_task_tokens: dict[str, Token] = {}


@task_prerun.connect
def _bind_task_request_id(task_id: str | None = None, task=None, **kwargs) -> None:
    request_id = getattr(task.request, TASK_HEADER, None) if task is not None else None
    if request_id and task_id:  # eager tasks run inside the request and keep its id
        _task_tokens[task_id] = bind_request_id(request_id)


@task_postrun.connect
def _unbind_task_request_id(task_id: str | None = None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        reset_request_id(token)


# --- The LOGGING setting -------------------------------------------------------------------


def logging_config(*, fmt: str, level: str) -> dict:
    """``fmt`` is "json" (production: one JSON object a line) or "text" (DEBUG)."""
    if fmt == "json":
        formatter = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": JSON_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            # django.request passes the request itself: its repr has the query string.
            "reserved_attrs": [*RESERVED_ATTRS, "request"],
        }
    else:
        formatter = {"format": TEXT_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "vda_portal.logs.RequestIdFilter"}},
        "formatters": {"portal": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "portal",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
    }
