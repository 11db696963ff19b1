import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from submissions.models import DocumentType
from submissions.services import attachment_add
from tests.factories import DossierFactory, applicant
from tests.submissions import files

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
IN_WINDOW = datetime(2024, 6, 20, 10, 0, tzinfo=ICT)


@pytest.fixture
def open_window(time_machine):
    """Freeze the clock inside VDA 2024's submission window (20/06/2024 10:00 ICT)."""
    time_machine.move_to(IN_WINDOW, tick=False)
    return IN_WINDOW


@pytest.fixture
def owner(db):
    return applicant("owner@example.com")


@pytest.fixture
def other_applicant(db):
    return applicant("other@example.com")


@pytest.fixture
def draft(season, owner, open_window):
    """A category-3 draft with all text filled in, no documents yet."""
    return DossierFactory(applicant=owner, category=season.categories.get(number=3))


def upload(dossier, document_type: str, content: bytes, name: str, by):
    return attachment_add(
        dossier=dossier,
        document_type=document_type,
        uploaded_file=SimpleUploadedFile(name, content),
        by=by,
    )


@pytest.fixture
def complete_draft(draft, owner):
    """The draft plus every required document: ready to submit."""
    upload(draft, DocumentType.APPLICATION_FORM, files.pdf(), "don-dang-ky.pdf", owner)
    upload(draft, DocumentType.BUSINESS_REGISTRATION, files.pdf(), "dkkd.pdf", owner)
    upload(draft, DocumentType.IP_COMMITMENT, files.pdf(), "cam-ket-sh.pdf", owner)
    draft.refresh_from_db()
    return draft


# --- A real S3-compatible server (moto) on 127.0.0.1 ----------------------------------------


@pytest.fixture(scope="session")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def use_s3(settings, *, endpoint: str, bucket: str, **extra_options) -> None:
    """STORAGES["default"] on ``bucket``, in the shape vda_portal/settings.py gives it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "access_key": "testing",
                "secret_key": "testing",
                "region_name": "us-east-1",
                "endpoint_url": endpoint,
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
                "file_overwrite": False,
                **extra_options,
            },
        },
    }


@pytest.fixture
def s3_bucket(settings, s3_endpoint):
    """A fresh private bucket, the default storage on it."""
    bucket = f"vda-test-{uuid.uuid4().hex[:12]}"
    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **credentials)
    client.create_bucket(Bucket=bucket)
    use_s3(settings, endpoint=s3_endpoint, bucket=bucket)
    return client, bucket
