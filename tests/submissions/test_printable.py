"""The dossier on paper: the PDF (fields, files' SHA-256, receipt), who may download it, the
confirmation email's receipt, and the application form to sign."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from accounts.roles import Role
from judging.models import Assignment, Panel, Round, RoundState
from judging.services import conflict_declare
from submissions.models import OutboundEmail
from submissions.services import dossier_submit
from tests.factories import UserFactory, applicant, foreign_individual_profile
from tests.judging.helpers import english


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def submitted(complete_draft, owner):
    return dossier_submit(dossier=complete_draft, by=owner)


def test_the_dossier_pdf_has_every_field_labelled_and_formatted_and_each_files_sha256(
    client, submitted, owner
):
    client.force_login(owner)
    response = english(client).get(reverse("submissions:dossier_pdf", args=[submitted.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="VDA2024-C3-0001.pdf"'
    text = pdf_text(response.content)
    assert "Receipt number: VDA2024-C3-0001" in text
    # 20/06/2024 10:00 ICT, the frozen clock of the submission window
    assert "Received at: 20/06/2024 10:00:00 (Vietnam time)" in text
    assert "Entry title Nền tảng số An Phát" in text
    assert "Field E-government" in text  # a choice by its label, not "e_government"
    assert "Launch date 01/03/2022" in text  # dd/mm/yyyy, not 2022-03-01
    assert "Number of users or customers 12.000" in text
    assert "Do you own the entered product, service or solution? Yes" in text
    assert "Tax code 0105668884" in text
    assert "Province Thành phố Hà Nội" in text
    flat = text.replace(" ", "")
    for attachment in submitted.attachments.all():
        assert attachment.original_name in flat
        assert re.fullmatch(r"[0-9a-f]{64}", attachment.sha256)
        assert attachment.sha256 in flat  # a long hash may wrap inside its cell


def test_the_dossier_pdf_is_in_vietnamese_by_default(client, submitted, owner):
    client.force_login(owner)
    text = pdf_text(client.get(reverse("submissions:dossier_pdf", args=[submitted.pk])).content)

    assert "Số biên nhận: VDA2024-C3-0001" in text
    assert "(giờ Việt Nam)" in text


@pytest.fixture
def round_with_judges(season):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    ict = ZoneInfo("Asia/Ho_Chi_Minh")
    round_ = Round.objects.create(
        season=season,
        kind="preliminary",
        opens_at=datetime(2024, 7, 1, tzinfo=ict),
        closes_at=datetime(2024, 8, 31, tzinfo=ict),
        state=RoundState.OPEN,
    )
    judges = [
        UserFactory(email=f"judge{n}@example.com", role=Role.JUDGE, is_staff=True) for n in range(3)
    ]
    panel = Panel.objects.create(round=round_, category=season.categories.get(number=3), quota=1)
    panel.judges.set(judges[:2])  # the third is on no panel: no replacement falls to them
    return round_, judges


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 200),
        ("other_applicant", 404),
        ("organiser", 200),
        ("assigned_judge", 200),
        ("conflicted_judge", 404),
        ("unassigned_judge", 404),
    ],
)
def test_who_may_download_the_dossier_pdf(
    client, submitted, owner, other_applicant, round_with_judges, who, expected
):
    round_, (assigned, conflicted, unassigned) = round_with_judges
    organiser = UserFactory(email="organiser@example.com", role=Role.ORGANISER, is_staff=True)
    Assignment.objects.create(round=round_, dossier=submitted, judge=assigned)
    Assignment.objects.create(round=round_, dossier=submitted, judge=conflicted)
    conflict_declare(judge=conflicted, dossier=submitted, reason="Former employer", by=organiser)
    users = {
        "owner": owner,
        "other_applicant": other_applicant,
        "organiser": organiser,
        "assigned_judge": assigned,
        "conflicted_judge": conflicted,
        "unassigned_judge": unassigned,
    }
    client.force_login(users[who])

    response = client.get(reverse("submissions:dossier_pdf", args=[submitted.pk]))

    assert response.status_code == expected
    if expected == 200:
        assert response.content.startswith(b"%PDF-")


def test_a_visitor_is_sent_to_sign_in_and_an_unknown_dossier_is_a_404(client, submitted, owner):
    url = reverse("submissions:dossier_pdf", args=[submitted.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    client.force_login(owner)
    assert client.get(reverse("submissions:dossier_pdf", args=[submitted.pk + 99])).status_code == (
        404
    )
    assert client.post(url).status_code == 405


def test_the_confirmation_email_carries_the_receipt_pdf_in_the_applicants_language(
    complete_draft, owner, django_capture_on_commit_callbacks
):
    owner.language = "en"
    owner.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_submit(dossier=complete_draft, by=owner)

    email = OutboundEmail.objects.get(key=f"submission-confirmation:{dossier.pk}")
    receipt = {"kind": "dossier_receipt", "dossier": dossier.pk, "language": "en"}
    assert email.attachments == [receipt]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "is attached (PDF)" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("VDA2024-C3-0001.pdf", "application/pdf")
    text = pdf_text(content)
    assert "Receipt number: VDA2024-C3-0001" in text
    assert "Received at: 20/06/2024 10:00:00 (Vietnam time)" in text


def test_a_second_submission_sends_no_second_receipt(
    complete_draft, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_submit(dossier=complete_draft, by=owner)
        dossier_submit(dossier=dossier, by=owner)

    assert len(mail.outbox) == 1


# --- The application form to sign ------------------------------------------------------------


def test_the_application_form_is_prefilled_from_the_profile_and_the_dossier(
    client, complete_draft, owner
):
    client.force_login(owner)
    response = english(client).get(
        reverse("submissions:application_form", args=[complete_draft.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="don-dang-ky-VDA2024-C3-{complete_draft.pk}.pdf"'
    )
    text = pdf_text(response.content)
    assert "APPLICATION FORM" in text
    assert "to enter the Vietnam Digital Awards 2024" in text
    assert "Legal name Công ty Cổ phần Công nghệ Số" in text
    assert "Tax code 0105668884" in text
    assert "Entry title Nền tảng số An Phát" in text
    assert "Product name An Phát Cloud" in text
    assert "We declare that the information" in text
    assert "LEGAL REPRESENTATIVE" in text
    assert "(signature, full name and seal)" in text
    assert "Nguyễn Văn An" in text


def test_an_individuals_form_is_signed_by_the_applicant_in_vietnamese(client, season, open_window):
    from tests.factories import DossierFactory

    person = applicant("anna@example.com", **foreign_individual_profile())
    dossier = DossierFactory(applicant=person, category=season.categories.get(number=3))
    client.force_login(person)

    response = client.get(reverse("submissions:application_form", args=[dossier.pk]))

    text = pdf_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "ĐƠN ĐĂNG KÝ" in text
    assert "Họ và tên Anna Schmidt" in text or "Anna Schmidt" in text
    assert "NGƯỜI ĐĂNG KÝ" in text
    assert "Tôi cam đoan" in text


@pytest.mark.parametrize(("who", "expected"), [("other_applicant", 404), ("judge", 404)])
def test_only_the_applicant_and_organisers_download_the_form(
    client, complete_draft, other_applicant, who, expected
):
    users = {
        "other_applicant": other_applicant,
        "judge": UserFactory(email="judge@example.com", role=Role.JUDGE, is_staff=True),
    }
    client.force_login(users[who])
    url = reverse("submissions:application_form", args=[complete_draft.pk])
    assert client.get(url).status_code == expected

    organiser = UserFactory(email="organiser@example.com", role=Role.ORGANISER, is_staff=True)
    client.force_login(organiser)
    assert client.get(url).status_code == 200


def test_the_dossier_page_links_both_pdfs(client, complete_draft, owner):
    client.force_login(owner)
    page = client.get(reverse("submissions:dossier", args=[complete_draft.pk])).content.decode()

    assert reverse("submissions:dossier_pdf", args=[complete_draft.pk]) in page
    assert reverse("submissions:application_form", args=[complete_draft.pk]) in page
