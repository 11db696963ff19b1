"""Dossiers received by email, post or in person, filed by organisers: the date of receipt
counts for the deadline; then the same completeness, eligibility, screening and export."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from submissions.models import Dossier, DossierStatus, ReceivedVia
from submissions.services import (
    WindowClosed,
    applicant_create_offline,
    dossier_decide_eligibility,
    dossier_file_received,
    dossier_save,
    dossier_submit,
)
from tests.factories import PRODUCT_CONTENT, UserFactory, applicant
from tests.submissions import files
from tests.submissions.conftest import upload
from tests.submissions.test_dossier_views import _form_data

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
POSTMARK = datetime(2024, 6, 29, 0, 0, tzinfo=ICT)
AFTER_DEADLINE = datetime(2024, 7, 8, 9, 0, tzinfo=ICT)
PROFILE = {
    "kind": "enterprise",
    "legal_name": "Công ty Cổ phần Bưu Điện Số",
    "established_in_vietnam": True,
    "country": "Việt Nam",
    "legal_representative_in_vietnam": True,
    "legal_representative_name": "Trần Văn Bình",
    "legal_representative_position": "Giám đốc",
    "legal_representative_id_number": "001085012345",
    "tax_code": "0105668884",
    "province_code": "01",
    "address": "Số 1 Tràng Tiền",
    "works_in_ict": True,
    "phone": "0912345678",
    "contact_person": "Trần Văn Bình",
}


@pytest.fixture
def organiser(db):
    return UserFactory(role="Organisers", is_staff=True, email="btc@example.com")


@pytest.fixture
def after_deadline(time_machine):
    time_machine.move_to(AFTER_DEADLINE, tick=False)


def file_postal(season, applicant_user, organiser, **overrides):
    return dossier_file_received(
        applicant=applicant_user,
        category=season.categories.get(number=3),
        channel=overrides.pop("channel", ReceivedVia.POST),
        received_at=overrides.pop("received_at", POSTMARK),
        received_note=overrides.pop("received_note", "Dấu bưu điện 29/06/2024"),
        data={"title": "Hồ sơ gửi qua bưu điện"},
        by=organiser,
    )


@pytest.mark.django_db
def test_a_postal_dossier_filed_after_the_deadline_by_its_postmark_is_screened_and_exported(
    client, season, organiser, after_deadline
):
    owner = applicant("buudien@example.com")
    dossier = file_postal(season, owner, organiser)
    assert (dossier.received_via, dossier.received_at, dossier.filed_by) == (
        "post",
        POSTMARK,
        organiser,
    )
    # The organiser fills every field and uploads the scanned originals, then submits.
    dossier = dossier_save(
        dossier=dossier, data=PRODUCT_CONTENT, version=dossier.version, by=organiser
    )
    for document_type in ("application_form", "business_registration", "ip_commitment"):
        upload(dossier, document_type, files.pdf(), f"scan-{document_type}.pdf", organiser)
    dossier = dossier_submit(dossier=Dossier.objects.get(pk=dossier.pk), by=organiser)
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.receipt_number == "VDA2024-C3-0001"
    screened = dossier_decide_eligibility(
        dossier=dossier, decision="eligible", justification="", by=organiser
    )
    assert screened.status == DossierStatus.ELIGIBLE
    # The applicant, online, cannot change it after the deadline: only the receipt counts.
    with pytest.raises(WindowClosed):
        dossier_save(dossier=screened, data={"title": "x"}, version=screened.version, by=owner)
    client.force_login(organiser)
    client.cookies["django_language"] = "en"
    response = client.get("/organisers/exports/2024/dossiers.csv", HTTP_ACCEPT_LANGUAGE="en")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    (row,) = [r for r in rows if r[0] == "VDA2024-C3-0001"]
    assert row[-2:][0] in ("Post", "Bưu điện")
    assert row[-1] == "29/06/2024 00:00"


@pytest.mark.django_db
def test_received_after_the_deadline_cannot_be_filed(season, organiser, after_deadline):
    owner = applicant("late@example.com")
    with pytest.raises(WindowClosed):
        file_postal(season, owner, organiser, received_at=datetime(2024, 7, 1, tzinfo=ICT))
    assert Dossier.objects.count() == 0


@pytest.mark.django_db
def test_only_organisers_file_and_a_reason_is_required(season, organiser, open_window):
    owner = applicant("a@example.com")
    with pytest.raises(PermissionDenied):
        file_postal(season, owner, owner)
    from submissions.services import DossierError

    with pytest.raises(DossierError):
        file_postal(season, owner, organiser, received_note=" ")
    with pytest.raises(DossierError):
        file_postal(season, owner, organiser, channel=ReceivedVia.ONLINE)
    assert Dossier.objects.count() == 0


@pytest.mark.django_db
def test_a_new_applicant_without_login_is_created_claimable_by_email(
    season, organiser, open_window
):
    user = applicant_create_offline(
        email="Moi@Example.com", full_name="Trần Văn Bình", profile=PROFILE, by=organiser
    )
    assert user.email == "moi@example.com"
    assert not user.has_usable_password()
    assert user.is_applicant
    assert user.applicant_profile.legal_name == "Công ty Cổ phần Bưu Điện Số"
    dossier = file_postal(season, user, organiser, channel=ReceivedVia.EMAIL)
    assert dossier.applicant == user
    with pytest.raises(PermissionDenied):
        applicant_create_offline(email="x@example.com", full_name="", profile=PROFILE, by=user)


@pytest.mark.django_db
def test_organisers_edit_only_the_dossiers_they_filed(season, organiser, draft, owner):
    assert not organiser.has_perm("submissions.edit_dossier", draft)
    filed = file_postal(season, applicant("b@example.com"), organiser)
    assert organiser.has_perm("submissions.edit_dossier", filed)
    assert organiser.has_perm("submissions.submit_dossier", filed)
    assert not owner.has_perm("submissions.edit_dossier", filed)


@pytest.mark.django_db
def test_the_organisers_filing_page(client, season, organiser, after_deadline):
    owner = applicant("c@example.com")
    url = reverse("organisers:received_new")
    client.force_login(owner)
    assert client.get(url).status_code == 403
    client.force_login(organiser)
    assert client.get(url).status_code == 200
    data = {
        "applicant_email": "c@example.com",
        "category": season.categories.get(number=3).pk,
        "channel": "post",
        "received_at": "29/06/2024 00:00",
        "received_note": "Dấu bưu điện",
        "title": "Qua bưu điện",
    }
    response = client.post(url, data)
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("submissions:dossier", args=[dossier.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-received-via="post"' in page
    assert 'id="dossier-form"' in page  # the organiser completes it on the dossier's page
    # Upload a scan through the page, as the applicant would.
    client.post(
        reverse("submissions:attachment_upload", args=[dossier.pk]),
        {"document_type": "application_form", "file": SimpleUploadedFile("s.pdf", files.pdf())},
    )
    assert dossier.attachments.count() == 1
    client.post(
        reverse("submissions:dossier", args=[dossier.pk]),
        {**_form_data(dossier), "title": "Sửa bởi BTC", "action": "save"},
    )
    dossier.refresh_from_db()
    assert dossier.title == "Sửa bởi BTC"
    assert User.objects.filter(email="c@example.com").count() == 1
