"""Download my data end to end: the request's task through the real Redis broker and a real
Celery worker process, which builds the ZIP in the shared private storage and mails the link.

Runs only with REDIS_URL set, on PostgreSQL (the worker process reaches the test database)."""

import email
import io
import json
import os
import re
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import DataRequest, DataRequestState
from categories.models import Season
from submissions.models import Attachment, OutboundEmail, OutboundEmailStatus
from submissions.personal_data.export import EXPORT_KEYS, download_token, export_for_token
from tests.factories import DossierFactory
from tests.submissions import files
from tests.submissions.conftest import upload
from tests.submissions.test_reminders_worker import (  # noqa: F401  (fixtures)
    broker,
    not_eager,
    wait_for,
    worker,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (real broker)"),
]


@pytest.fixture
def shared_media(monkeypatch, tmp_path):
    """The worker process stores into the same private folder as this test's storage."""
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))


@pytest.fixture
def export_worker(shared_media, worker):  # noqa: F811  (the imported fixture)
    return worker


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_zip_and_mails_the_link(client, season, owner, export_worker):
    # Open now: the worker process runs on the real clock.
    Season.objects.filter(pk=season.pk).update(
        submissions_open_at=timezone.now() - timedelta(days=1),
        submission_deadline=timezone.now() + timedelta(days=14),
    )
    dossier = DossierFactory(applicant=owner, category=season.categories.get(number=3))
    upload(dossier, "other", files.pdf(), "tai-lieu.pdf", owner)
    client.force_login(owner)
    client.post(reverse("submissions:my_data_export"))
    wait_for(
        lambda: OutboundEmail.objects.filter(status=OutboundEmailStatus.SENT).exists(),
        what="the export's email to be sent",
    )
    data_request = DataRequest.objects.get()
    assert (data_request.state, data_request.progress) == (DataRequestState.DONE, 100)
    response = client.get(
        reverse("submissions:my_data_download", args=[download_token(data_request)])
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    attachment = Attachment.objects.get()
    path = f"files/dossier-{dossier.pk}/{attachment.pk}-tai-lieu.pdf"
    assert archive.namelist() == ["data.json", path]
    assert list(json.loads(archive.read("data.json"))) == list(EXPORT_KEYS)
    # The link in the mail names this export (its token carries the worker's own timestamp).
    (mail,) = list(export_worker.iterdir())
    prefix = reverse("submissions:my_data_download", args=["TOKEN"]).split("TOKEN")[0]
    text = _plain_text(mail.read_bytes())
    token = re.search(re.escape(prefix) + r"([^/\s]+)/", text).group(1)
    assert export_for_token(token, owner) == data_request


def _plain_text(raw: bytes) -> str:
    message = email.message_from_bytes(raw.split(b"\n" + b"-" * 79)[0])
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
