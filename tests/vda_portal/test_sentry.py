"""Error reports carry what operators need and no personal data: captured by the SDK's own
transport interface (no network), from a failing request with a form and a file."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sentry_sdk
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from tests.factories import UserFactory
from vda_portal import sentry

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "nguyen.van.an@example.com"
SECRET_TEXT = "số CCCD 001085012345"


class CapturingTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.events: list[dict] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        for item in envelope.items:
            if item.type == "event":
                self.events.append(item.payload.json)


@pytest.fixture
def transport():
    capturing = CapturingTransport()
    sentry.init(dsn="https://public@sentry.example/1", environment="test", transport=capturing)
    yield capturing
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)  # inactive again, as without SENTRY_DSN


@pytest.mark.django_db
@pytest.mark.urls("tests.vda_portal.sentry_urls")
def test_an_error_report_has_the_error_and_the_user_id_but_no_personal_data(transport):
    user = UserFactory(email=EMAIL, full_name="Nguyễn Văn An")
    client = Client()
    client.force_login(user)
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    request = RequestFactory(HTTP_COOKIE=cookies).post(
        "/fails/?email=" + EMAIL,
        {
            "contact_email": EMAIL,
            "note": SECRET_TEXT,
            "file": SimpleUploadedFile("cccd.pdf", b"%PDF-1.4 " + SECRET_TEXT.encode()),
        },
        HTTP_X_REQUEST_ID="req-0123456789abcdef",
        HTTP_USER_AGENT="Mozilla/5.0 (private)",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    statuses = []
    # Through the WSGI entry point, as gunicorn calls it (the test client skips it, and with it
    # the SDK's request data).
    # Like Django's test client, keep the test's database connection open across the request
    # (on PostgreSQL closing it would fail the request for another reason).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        handler = WSGIHandler()
        b"".join(handler(request.environ, lambda status, headers: statuses.append(status)))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    sentry_sdk.flush()

    assert statuses == ["500 Internal Server Error"]
    (event,) = transport.events
    (exception,) = event["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "the dossier page failed")
    assert event["environment"] == "test"
    assert event["user"] == {"id": str(user.pk)}
    request = event["request"]
    assert request["url"] == "http://testserver/fails/"
    assert request["method"] == "POST"
    assert request["headers"]["X-Request-Id"] == "req-0123456789abcdef"
    assert set(request) <= {"url", "method", "headers"}
    assert {k.lower() for k in request["headers"]} <= sentry.KEPT_HEADERS
    text = json.dumps(event, ensure_ascii=False)
    for private in (EMAIL, SECRET_TEXT, "cccd.pdf", "Nguyễn Văn An", "203.0.113.5", "sessionid"):
        assert private not in text
    assert "Mozilla" not in text
    frames = exception["stacktrace"]["frames"]
    assert all("vars" not in frame for frame in frames)


def test_the_scrubber_keeps_only_the_user_id():
    event = {
        "user": {"id": 7, "email": EMAIL, "ip_address": "203.0.113.5", "username": "an"},
        "request": {
            "url": "https://vda.example/applicant/?token=abc",
            "data": {"contact_email": EMAIL},
            "cookies": {"sessionid": "s"},
            "query_string": "token=abc",
            "env": {"REMOTE_ADDR": "203.0.113.5"},
            "headers": {"Cookie": "sessionid=s", "Host": "vda.example", "Authorization": "B x"},
        },
    }
    assert sentry.scrub(event) == {
        "user": {"id": 7},
        "request": {"url": "https://vda.example/applicant/", "headers": {"Host": "vda.example"}},
    }


SETTINGS_PROBE = (
    "import json, sentry_sdk, vda_portal.settings\n"
    "client = sentry_sdk.get_client()\n"
    "options = {k: client.options.get(k) for k in ('max_request_body_size',"
    " 'include_local_variables', 'environment')} if client.is_active() else {}\n"
    "options['send_default_pii'] = client.should_send_default_pii()\n"
    "names = sorted(getattr(client, 'integrations', {}))\n"
    "print(json.dumps({'active': client.is_active(), 'options': options,"
    " 'django': 'django' in names, 'celery': 'celery' in names}))\n"
)


def probe(**variables: str) -> dict:
    env = {"PATH": os.environ["PATH"], "SECRET_KEY": "k", **variables}
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sentry_starts_from_settings_only_with_a_dsn():
    assert probe() == {
        "active": False,
        "options": {"send_default_pii": False},
        "django": False,
        "celery": False,
    }
    assert probe(SENTRY_DSN="https://public@sentry.example/1") == {
        "active": True,
        "options": {
            "send_default_pii": False,
            "max_request_body_size": "never",
            "include_local_variables": False,
            "environment": "production",
        },
        "django": True,
        "celery": True,
    }
