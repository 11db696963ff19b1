"""My data: the export ZIP, account deletion, the access log of staff reads."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from accounts.models import DataRequest, DataRequestKind, DataRequestState, User
from accounts.privacy.models import Consent, ConsentPurpose
from accounts.roles import Role
from submissions.models import (
    ApplicantProfile,
    Attachment,
    Dossier,
    DossierAnonymisation,
    DossierStatus,
    FileAccess,
    OutboundEmail,
)
from submissions.personal_data.export import EXPORT_KEYS, download_token
from submissions.services import dossier_submit
from tests.factories import DossierFactory, UserFactory
from tests.submissions import files
from tests.submissions.conftest import upload

pytestmark = pytest.mark.django_db


def export_now(client, capture):
    with capture(execute=True):
        response = client.post(reverse("submissions:my_data_export"))
    assert response.status_code == 302
    return DataRequest.objects.get(kind=DataRequestKind.EXPORT)


def test_the_export_zip_holds_exactly_the_data_and_the_files(
    client, owner, complete_draft, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    data_request = export_now(client, django_capture_on_commit_callbacks)
    assert (data_request.state, data_request.progress) == (DataRequestState.DONE, 100)

    token = download_token(data_request)
    response = client.get(reverse("submissions:my_data_download", args=[token]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    attachments = list(Attachment.objects.order_by("pk"))
    expected_files = [f"files/dossier-{a.dossier_id}/{a.pk}-{a.original_name}" for a in attachments]
    assert archive.namelist() == ["data.json", *expected_files]
    assert archive.read(expected_files[0]) == files.pdf()

    data = json.loads(archive.read("data.json"))
    assert list(data) == list(EXPORT_KEYS)
    assert data["account"]["email"] == "owner@example.com"
    assert "password" not in data["account"]
    assert data["account"]["groups"] == [Role.APPLICANT]
    assert data["profile"]["tax_code"] == "0105668884"
    (dossier,) = data["dossiers"]
    assert dossier["title"] == complete_draft.title
    assert [a["original_name"] for a in dossier["attachments"]] == [
        a.original_name for a in attachments
    ]
    assert len(dossier["history"]) >= 1
    assert [f["path"] for f in data["files"]] == expected_files
    assert data["nominations"] == data["dossier_memberships"] == []
    assert data["data_requests"][0]["kind"] == "export"

    (email,) = OutboundEmail.objects.filter(key=f"data-export-{data_request.pk}")
    assert email.to_email == "owner@example.com"
    assert token in email.text_body


def test_the_export_link_is_only_for_its_owner_and_expires(
    client, owner, other_applicant, draft, time_machine, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    data_request = export_now(client, django_capture_on_commit_callbacks)
    url = reverse("submissions:my_data_download", args=[download_token(data_request)])
    client.force_login(other_applicant)
    assert client.get(url).status_code == 404
    forged = reverse("submissions:my_data_download", args=["x" + download_token(data_request)])
    client.force_login(owner)
    assert client.get(forged).status_code == 404
    assert client.get(url).status_code == 200
    time_machine.shift(timedelta(hours=49))
    assert client.get(url).status_code == 404


def test_the_page_polls_the_progress_while_the_copy_is_built(client, owner, draft):
    client.force_login(owner)
    DataRequest.objects.create(
        user=owner,
        kind=DataRequestKind.EXPORT,
        state=DataRequestState.IN_PROGRESS,
        progress=40,
        requested_at=draft.created_at,
        due_at=draft.created_at,
    )
    html = client.get(reverse("submissions:my_data_export_status")).content.decode()
    assert 'data-hx-get="/applicant/my-data/export/status/"' in html
    assert 'data-hx-trigger="every 2s"' in html
    assert 'value="40"' in html
    page = client.get(reverse("submissions:my_data"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Download my data" in page.content.decode()


def erase(client, password="pw-123456789"):
    return client.post(
        reverse("submissions:my_data_erase"), {"password": password, "confirm": "on"}
    )


def test_deletion_is_refused_while_a_dossier_is_judged(client, owner, complete_draft):
    complete_draft = dossier_submit(dossier=complete_draft, by=owner)
    client.force_login(owner)
    before = list(User.objects.values())
    response = erase(client)
    assert response["Location"] == reverse("submissions:my_data")
    assert list(User.objects.values()) == before
    assert Attachment.objects.count() == 3
    request = DataRequest.objects.get(kind=DataRequestKind.ERASURE)
    assert request.state == DataRequestState.REFUSED
    assert complete_draft.receipt_number in request.reason


def test_deletion_needs_the_password_and_the_tick(client, owner, draft):
    client.force_login(owner)
    response = erase(client, password="wrong")
    assert "password" in response.context["form"].errors
    assert User.objects.get(pk=owner.pk).email == "owner@example.com"


def test_deletion_erases_at_once_and_keeps_what_the_award_must(
    client, owner, season, complete_draft, django_capture_on_commit_callbacks
):
    storage = storages["default"]
    complete_draft = dossier_submit(dossier=complete_draft, by=owner)
    names = list(Attachment.objects.values_list("file", flat=True))
    assert all(storage.exists(name) for name in names)
    Dossier.objects.filter(pk=complete_draft.pk).update(
        status=DossierStatus.HONOREE, published_status=DossierStatus.HONOREE
    )
    Consent.objects.create(
        user=owner,
        purpose=ConsentPurpose.HONOREE_PUBLICATION,
        granted=True,
        notice_version="2026-12-01",
        updated_at=complete_draft.created_at,
    )
    never_sent = DossierFactory(applicant=owner, category=season.categories.get(number=4))
    upload(never_sent, "other", files.pdf(), "nhap.pdf", owner)

    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = erase(client)
    assert response["Location"] == reverse("home")
    assert "_auth_user_id" not in client.session

    user = User.objects.get(pk=owner.pk)
    assert (user.email, user.full_name, user.phone, user.is_active) == (
        f"erased-{owner.pk}@erased.invalid",
        "",
        "",
        False,
    )
    assert not user.has_usable_password()
    assert not user.groups.exists()
    assert not Dossier.objects.filter(pk=never_sent.pk).exists()
    kept = Dossier.objects.get(pk=complete_draft.pk)
    assert (kept.applicant_id, kept.title, kept.receipt_number) == (
        owner.pk,
        complete_draft.title,
        complete_draft.receipt_number,
    )
    assert (kept.summary, kept.contact_email, kept.contact_phone, kept.launch_date) == (
        "",
        "",
        "",
        None,
    )
    assert kept.history.count() == 0
    assert Attachment.objects.count() == 0
    assert not any(storage.exists(name) for name in names)
    assert DossierAnonymisation.objects.get().files_deleted == 3
    profile = ApplicantProfile.objects.get(user=owner)
    assert (profile.legal_name, profile.province_code, profile.tax_code, profile.phone) == (
        ApplicantProfile.objects.get(user=owner).legal_name,
        "01",
        "",
        "",
    )
    assert profile.legal_name.startswith("Công ty")
    assert profile.history.count() == 0
    assert DataRequest.objects.get(kind=DataRequestKind.ERASURE).state == DataRequestState.DONE
    (email,) = OutboundEmail.objects.all()
    assert email.to_email == "owner@example.com"
    assert email.key.startswith("account-erased-")


def test_deletion_without_an_honoree_removes_the_profile(client, owner, draft):
    client.force_login(owner)
    erase(client)
    assert not ApplicantProfile.objects.filter(user=owner).exists()
    assert not Dossier.objects.filter(applicant=owner).exists()


def test_staff_reads_of_a_dossiers_files_are_logged_and_shown_to_organisers(
    client, owner, complete_draft
):
    attachment = Attachment.objects.first()
    url = reverse("submissions:attachment_download", args=[attachment.pk])
    client.force_login(owner)
    assert client.get(url).status_code == 200
    assert FileAccess.objects.count() == 0  # one's own files

    organiser = UserFactory(role=Role.ORGANISER, is_staff=True)
    client.force_login(organiser)
    assert client.get(url).status_code == 200
    access = FileAccess.objects.get()
    assert (access.user, access.dossier, access.attachment) == (
        organiser,
        complete_draft,
        attachment,
    )
    page = client.get(reverse("admin:submissions_fileaccess_changelist"))
    assert page.status_code == 200
    assert attachment.original_name in page.content.decode()
    assert client.get(reverse("admin:accounts_datarequest_changelist")).status_code == 200


def test_staff_accounts_are_not_deleted_from_the_page(client):
    judge = UserFactory(role=Role.JUDGE, is_staff=True)
    client.force_login(judge)
    page = client.get(reverse("submissions:my_data_erase"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Staff accounts are closed by the organisers" in page.content.decode()
    client.post(reverse("submissions:my_data_erase"), {"password": "pw-123456789", "confirm": "on"})
    judge.refresh_from_db()
    assert (judge.is_active, judge.email.endswith("@example.com")) == (True, True)
    assert DataRequest.objects.get().state == DataRequestState.REFUSED
