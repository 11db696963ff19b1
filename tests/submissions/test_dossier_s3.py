"""The dossier's files on an S3-compatible server (moto on 127.0.0.1), end to end."""

import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.models import Attachment
from tests.submissions import files

_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.mark.django_db
def test_upload_lands_privately_in_the_bucket_and_downloads_by_signed_url(
    client,
    draft,
    owner,
    other_applicant,
    s3_bucket,
    settings,
):
    s3, bucket = s3_bucket
    default = settings.STORAGES["default"]
    options = {**default["OPTIONS"], "signature_version": "s3v4"}  # as vda_portal/settings.py
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}
    client.force_login(owner)
    client.post(
        reverse("submissions:attachment_upload", args=[draft.pk]),
        {"document_type": "application_form", "file": SimpleUploadedFile("Đơn.pdf", files.pdf())},
    )
    attachment = Attachment.objects.get(dossier=draft)
    stored = s3.get_object(Bucket=bucket, Key=attachment.file.name)["Body"].read()
    assert stored == files.pdf()
    grants = s3.get_object_acl(Bucket=bucket, Key=attachment.file.name)["Grants"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no public grant

    response = client.get(reverse("submissions:attachment_download", args=[attachment.pk]))
    assert response.status_code == 302
    signed = response["Location"]
    assert "X-Amz-Signature=" in signed
    assert "X-Amz-Expires=300" in signed
    with _direct.open(signed, timeout=10) as download:
        assert download.read() == files.pdf()

    client.force_login(other_applicant)
    refused = client.get(reverse("submissions:attachment_download", args=[attachment.pk]))
    assert refused.status_code == 404
