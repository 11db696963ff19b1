"""Private storage against a real S3-compatible server (moto, on 127.0.0.1) and the filesystem."""

import datetime
import re
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponseRedirect
from storages.backends.s3 import S3Storage

from submissions.storage import download_response, private_storage, upload_path
from tests.submissions import files
from tests.submissions.conftest import use_s3

SHA = "0" * 64
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
# No proxy, whatever the environment says: the server is on this machine.
_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _save(data: bytes, name: str = "Báo cáo.pdf") -> str:
    key = upload_path(dossier_id=42, sha256=SHA, safe_name=name)
    return private_storage().save(key, ContentFile(data))


def _get(url: str) -> tuple[int, bytes, Message]:
    """Status, body and headers (looked up regardless of case) of a plain GET."""
    try:
        with _direct.open(url, timeout=10) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


# --- S3 ------------------------------------------------------------------------------------


def test_private_storage_is_the_configured_s3_storage(s3_bucket):
    _client, bucket = s3_bucket

    storage = private_storage()

    assert isinstance(storage, S3Storage)
    assert storage.bucket_name == bucket


def test_a_saved_file_is_in_the_bucket_with_its_bytes(s3_bucket):
    client, bucket = s3_bucket
    data = files.pdf()

    name = _save(data)

    assert re.fullmatch(r"dossiers/42/[0-9a-f]{32}/Báo cáo\.pdf", name)
    assert client.get_object(Bucket=bucket, Key=name)["Body"].read() == data


def test_a_saved_file_grants_no_public_read(s3_bucket):
    client, bucket = s3_bucket

    grants = client.get_object_acl(Bucket=bucket, Key=_save(files.pdf()))["Grants"]

    assert [(grant["Grantee"]["Type"], grant["Permission"]) for grant in grants] == [
        ("CanonicalUser", "FULL_CONTROL")
    ]
    assert not any(
        grant["Grantee"].get("URI") in {ALL_USERS, AUTHENTICATED_USERS} for grant in grants
    )


def test_an_unsigned_get_of_the_object_is_refused(s3_bucket, s3_endpoint):
    _client, bucket = s3_bucket
    name = _save(files.pdf())

    status, _body, _headers = _get(f"{s3_endpoint}/{bucket}/{urllib.parse.quote(name)}")

    assert status == 403


def test_an_unsigned_get_works_for_a_public_object(s3_bucket, s3_endpoint):
    # The control for the test above: the server does serve unsigned GETs of public objects.
    client, bucket = s3_bucket
    client.put_object(Bucket=bucket, Key="public.txt", Body=b"hello", ACL="public-read")

    status, body, _headers = _get(f"{s3_endpoint}/{bucket}/public.txt")

    assert (status, body) == (200, b"hello")


def test_the_same_name_twice_gets_two_objects(s3_bucket):
    client, bucket = s3_bucket
    key = upload_path(dossier_id=42, sha256=SHA, safe_name="a.pdf")

    first = private_storage().save(key, ContentFile(b"first"))
    second = private_storage().save(key, ContentFile(b"second"))

    assert first == key
    assert second != first  # file_overwrite=False: nothing is ever replaced
    assert client.get_object(Bucket=bucket, Key=first)["Body"].read() == b"first"


DISPOSITION = "attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20k%E1%BA%BFt.pdf"
NOW = datetime.datetime(2026, 11, 28, 9, 30, tzinfo=datetime.UTC)


def _download(name: str) -> tuple[HttpResponseRedirect, dict[str, list[str]]]:
    with time_machine.travel(NOW, tick=False):
        response = download_response(
            storage_name=name, filename="Báo cáo tổng kết.pdf", content_type="application/pdf"
        )
    assert isinstance(response, HttpResponseRedirect)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(response["Location"]).query)
    return response, query


def test_download_redirects_to_a_short_lived_signed_url(s3_bucket, s3_endpoint):
    _client, bucket = s3_bucket
    data = files.pdf()
    name = _save(data)

    response, query = _download(name)

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    assert response["Location"].startswith(f"{s3_endpoint}/{bucket}/dossiers/42/")
    # With no signature_version, as in settings.py, botocore presigns with signature v2:
    # "Expires" is the end of validity, now + querystring_expire.
    assert query["Expires"] == [str(int(NOW.timestamp()) + 300)]
    assert query["response-content-disposition"] == [DISPOSITION]
    assert query["response-content-type"] == ["application/pdf"]

    status, body, headers = _get(response["Location"])

    assert (status, body) == (200, data)
    assert headers["Content-Disposition"] == DISPOSITION
    assert headers["Content-Type"] == "application/pdf"


def test_download_url_signed_with_v4_when_configured(settings, s3_bucket, s3_endpoint):
    # AWS refuses signature v2 on buckets created since mid-2020: production wants s3v4.
    _client, bucket = s3_bucket
    use_s3(settings, endpoint=s3_endpoint, bucket=bucket, signature_version="s3v4")
    data = files.pdf()
    name = _save(data)

    response, query = _download(name)

    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Date"] == ["20261128T093000Z"]
    assert query["X-Amz-Expires"] == ["300"]
    assert query["response-content-disposition"] == [DISPOSITION]
    status, body, headers = _get(response["Location"])
    assert (status, body, headers["Content-Disposition"]) == (200, data, DISPOSITION)


# --- filesystem ----------------------------------------------------------------------------


def test_private_storage_defaults_to_the_filesystem(tmp_path):
    storage = private_storage()

    assert isinstance(storage, FileSystemStorage)
    assert storage.location == str(tmp_path / "media")


@pytest.mark.parametrize(
    ("filename", "disposition"),
    [
        ("report.pdf", 'attachment; filename="report.pdf"'),
        ("Báo cáo.pdf", "attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o.pdf"),
    ],
)
def test_filesystem_download_streams_the_file(filename, disposition):
    data = files.big_pdf(200_000)
    name = _save(data)

    response = download_response(
        storage_name=name, filename=filename, content_type="application/pdf"
    )

    assert isinstance(response, FileResponse)
    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == data
    # Closes the file; response.close() would also fire request_finished, which needs the DB.
    response.file_to_stream.close()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == disposition
    assert response["Content-Length"] == "200000"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_filesystem_download_of_a_missing_file_is_404():
    with pytest.raises(Http404):
        download_response(
            storage_name="dossiers/1/missing/a.pdf",
            filename="a.pdf",
            content_type="application/pdf",
        )


# --- keys ----------------------------------------------------------------------------------


def test_upload_path_is_unguessable_and_unique():
    first = upload_path(dossier_id=7, sha256=SHA, safe_name="Hồ sơ.pdf")
    second = upload_path(dossier_id=7, sha256=SHA, safe_name="Hồ sơ.pdf")

    assert re.fullmatch(r"dossiers/7/[0-9a-f]{32}/Hồ sơ\.pdf", first)
    assert first != second


@pytest.mark.parametrize(
    "kwargs",
    [
        {"dossier_id": 0, "sha256": SHA, "safe_name": "a.pdf"},
        {"dossier_id": True, "sha256": SHA, "safe_name": "a.pdf"},
        {"dossier_id": "7", "sha256": SHA, "safe_name": "a.pdf"},
        {"dossier_id": 7, "sha256": "abc", "safe_name": "a.pdf"},
        {"dossier_id": 7, "sha256": SHA.upper().replace("0", "A"), "safe_name": "a.pdf"},
        {"dossier_id": 7, "sha256": SHA, "safe_name": "../a.pdf"},
        {"dossier_id": 7, "sha256": SHA, "safe_name": ".."},
        {"dossier_id": 7, "sha256": SHA, "safe_name": ""},
    ],
)
def test_upload_path_refuses_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="must be"):
        upload_path(**kwargs)
