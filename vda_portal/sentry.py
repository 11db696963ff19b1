"""Error reports to Sentry, with personal data kept out.

``init`` runs from settings when ``SENTRY_DSN`` is set: Django and Celery integrations, no
default PII (``send_default_pii`` off), no request bodies (form fields or files), no local
variables of stack frames.
``scrub`` (``before_send``) then removes what could still carry personal data: cookies, most
headers, the query string, the client's address, and every user field but the id.
``SentryUserMiddleware`` attaches that id to the reports of a signed-in request.
"""

from __future__ import annotations

import sentry_sdk
from django.http import HttpRequest, HttpResponse
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

# Request headers that say nothing about who the person is.
KEPT_HEADERS = frozenset(
    {"accept", "accept-language", "content-length", "content-type", "host", "x-request-id"}
)


def init(*, dsn: str, environment: str, traces_sample_rate: float = 0.0, **options) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # Nothing about the person, no bodies, no variables (send_default_pii stays off: the
        # SDK deprecates setting it in favour of data_collection).
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "stack_frame_variables": False,
            "database_query_data": False,
        },
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=traces_sample_rate,
        before_send=scrub,
        before_send_transaction=scrub,
        **options,
    )


def scrub(event: dict, hint: dict | None = None) -> dict:
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() in KEPT_HEADERS}
        if "url" in request:
            request["url"] = request["url"].split("?", 1)[0]
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if user.get("id") is not None else {}
    return event


class SentryUserMiddleware:
    """Tags the error reports of a signed-in request with the user's id, nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if sentry_sdk.get_client().is_active():
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                sentry_sdk.set_user({"id": str(user.pk)})
        return self.get_response(request)
