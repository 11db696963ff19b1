"""Certificates anyone can verify: the signed code, the verification page (valid, revoked,
tampered, unknown), the QR code's content, the PDF's text and design, revoking through the
service, and the honoree's own download."""

import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from organisers import certificates as certs
from organisers.exports.honorees import honorees
from organisers.models import Certificate, SeasonAwardSettings, Signatory
from organisers.services import CertificateError, certificate_revoke, certificates_issue
from submissions.models import DossierStatus
from tests.factories import UserFactory
from tests.judging.helpers import english
from tests.judging.organiser_season import judged_season

pytestmark = pytest.mark.django_db

SITE = "http://testserver.example"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def judged():
    return judged_season()


@pytest.fixture
def issued(judged) -> dict[str, Certificate]:
    rows = honorees(judged.snapshot)
    by_dossier = certificates_issue(snapshot=judged.snapshot, honorees=rows)
    return {h.receipt_number: by_dossier[h.dossier_id] for h in rows}


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, " ".join(" ".join(p.extract_text() for p in reader.pages).split())


# --- The code --------------------------------------------------------------------------------


def test_codes_are_random_signed_and_not_the_dossier_id(issued):
    codes = [c.code for c in issued.values()]
    assert len(set(codes)) == 3
    for certificate in issued.values():
        assert re.fullmatch(r"[2-9A-HJKMNP-Z]{10}-[2-9A-HJKMNP-Z]{6}", certificate.code)
        assert certs.code_is_signed(certificate.code)
        assert certs.code_is_signed(certificate.code.lower())


def test_a_changed_character_breaks_the_signature(issued):
    code = issued["VDA2024-C1-0001"].code
    swapped = ("3" if code[0] != "3" else "4") + code[1:]
    assert not certs.code_is_signed(swapped)
    assert not certs.code_is_signed(code[:-1] + ("2" if code[-1] != "2" else "3"))
    assert not certs.code_is_signed("nonsense")
    assert not certs.code_is_signed("")


def test_issuing_again_keeps_the_first_certificate(judged, issued):
    again = certificates_issue(snapshot=judged.snapshot, honorees=honorees(judged.snapshot))
    assert {c.pk: c.code for c in again.values()} == {c.pk: c.code for c in issued.values()}
    assert Certificate.objects.count() == 3
    first = issued["VDA2024-C3-0002"]
    assert (first.honoree_name, first.entry_title, first.category_number, first.rank) == (
        "Đặng Thị Ướt",
        "Ứng dụng học tiếng Việt cho người khiếm thị",
        3,
        1,
    )


# --- The verification page -------------------------------------------------------------------


def test_valid_certificate_shows_what_it_certifies(client, issued):
    certificate = issued["VDA2024-C3-0002"]
    response = english(client).get(f"/xac-minh/{certificate.code}")

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    html = response.content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Valid – This certificate was issued by the Organising Committee" in text
    for expected in (
        "Season VDA 2024 – Giải thưởng Chuyển đổi số Việt Nam",
        "Category Excellent digital technology product, service or solution",
        "Rank 1",
        "Honoree Đặng Thị Ướt",
        "Entry title Ứng dụng học tiếng Việt cho người khiếm thị",
        "Ceremony date 05/10/2024",
    ):
        assert expected in text, expected
    assert "Revoked" not in text


def test_vietnamese_page_by_default(client, issued):
    certificate = issued["VDA2024-C3-0002"]
    html = client.get(f"/xac-minh/{certificate.code}").content.decode()
    assert "Sản phẩm, dịch vụ, giải pháp công nghệ số xuất sắc" in html
    assert 'lang="vi"' in html


def test_revoked_certificate_says_so_with_the_date(client, judged, issued, time_machine):
    time_machine.move_to("2024-11-20T10:00:00+07:00")
    certificate = certificate_revoke(
        certificate=issued["VDA2024-C3-0002"], reason="Sai tên đơn vị", by=judged.organiser
    )
    assert certificate.revoked_by == judged.organiser
    assert certificate.revoke_reason == "Sai tên đơn vị"
    assert certificate.history.latest("history_id").history_change_reason == "revoked"

    response = english(client).get(f"/xac-minh/{certificate.code}")
    text = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert response.status_code == 200
    assert "Revoked – This certificate was revoked on 20/11/2024." in text
    assert "Valid –" not in text
    assert "Sai tên đơn vị" not in text  # the reason is for the record, not the public


@pytest.mark.parametrize("how", ["tampered", "unknown", "made-up"])
def test_no_such_certificate(client, issued, how, django_assert_num_queries):
    code = issued["VDA2024-C1-0001"].code
    bad = {
        "tampered": ("3" if code[0] != "3" else "4") + code[1:],
        "unknown": certs.new_code(),  # signed but never issued
        "made-up": "ABCDEFGHJK-ABCDEF",
    }[how]
    response = english(client).get(f"/xac-minh/{bad}")
    assert response.status_code == 404
    assert "No such certificate" in response.content.decode()
    assert "Đặng" not in response.content.decode()


def test_tampered_code_is_refused_without_asking_the_database(client, issued):
    code = issued["VDA2024-C1-0001"].code
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        english(client).get(
            f"/xac-minh/{code[:-1]}Z" if code[-1] != "Z" else f"/xac-minh/{code[:-1]}Y"
        )
    assert not any("organisers_certificate" in q["sql"] for q in queries.captured_queries)


# --- Revoking --------------------------------------------------------------------------------


def test_revoking_needs_an_organiser_and_a_reason(judged, issued):
    certificate = issued["VDA2024-C1-0001"]
    with pytest.raises(PermissionDenied):
        certificate_revoke(certificate=certificate, reason="x", by=judged.judges[0])
    with pytest.raises(CertificateError):
        certificate_revoke(certificate=certificate, reason="  ", by=judged.organiser)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    certificate_revoke(certificate=certificate, reason="Lý do", by=judged.organiser)
    with pytest.raises(CertificateError):
        certificate_revoke(certificate=certificate, reason="again", by=judged.organiser)


def test_admin_revoke_page_goes_through_the_service(client, judged, issued):
    certificate = issued["VDA2024-C1-0001"]
    client.force_login(judged.organiser)
    url = f"/admin/organisers/certificate/{certificate.pk}/revoke/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Trùng hồ sơ"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.revoke_reason, certificate.revoked_by) == ("Trùng hồ sơ", judged.organiser)


def test_a_judge_cannot_revoke_through_the_admin(client, judged, issued):
    certificate = issued["VDA2024-C1-0001"]
    client.force_login(judged.judges[0])
    response = client.post(
        f"/admin/organisers/certificate/{certificate.pk}/revoke/", {"reason": "x"}
    )
    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


# --- QR code and PDF -------------------------------------------------------------------------


def test_qr_code_encodes_the_verification_url(issued):
    certificate = issued["VDA2024-C1-0001"]
    url = certs.verification_url(certificate.code)
    assert url == f"{SITE}/xac-minh/{certificate.code}"
    qr = certs.qr_code(url)
    assert [segment.data for segment in qr.data_list] == [url.encode()]
    svg = certs.qr_svg(url)
    assert svg.startswith("<svg")
    assert "<path" in svg


def test_written_ceremony_dates():
    from datetime import date

    assert (
        certs.ceremony_date_written(date(2024, 10, 5), "vi") == "Hà Nội, ngày 05 tháng 10 năm 2024"
    )
    assert certs.ceremony_date_written(date(2024, 10, 5), "en") == "Hanoi, 5 October 2024"
    assert certs.ceremony_date_written(None, "en") == ""


def test_certificate_pdf_text_with_signatories_and_qr(client, judged):
    award = SeasonAwardSettings.objects.create(season=judged.season)
    Signatory.objects.create(
        award_settings=award,
        position=1,
        name="Nguyễn Văn A",
        title_vi="Trưởng Ban Tổ chức",
        title_en="Head of the Organising Committee",
    )
    client.force_login(judged.organiser)
    honoree = judged.dossiers["VDA2024-C3-0002"]
    response = client.get(f"/organisers/exports/2024/certificates/{honoree.pk}.pdf")
    assert response.status_code == 200
    reader, text = pdf_text(response.content)
    assert len(reader.pages) == 1
    page = reader.pages[0].mediabox
    assert (round(float(page.width)), round(float(page.height))) == (842, 595)
    certificate = Certificate.objects.get(dossier=honoree)
    for expected in (
        "Giải thưởng Chuyển đổi số Việt Nam 2024",
        "Giấy chứng nhận",
        "Đặng Thị Ướt",
        "Ứng dụng học tiếng Việt cho người khiếm thị",
        "Sản phẩm, dịch vụ, giải pháp công nghệ số xuất sắc",
        "Hà Nội, ngày 05 tháng 10 năm 2024",
        "Hanoi, 5 October 2024",
        "Trưởng Ban Tổ chức",
        "Head of the Organising Committee",
        "Nguyễn Văn A",
    ):
        assert expected in text, expected
    assert f"{SITE}/xac-minh/{certificate.code}" in text.replace(" ", "")


# --- The honoree's own download --------------------------------------------------------------


def _published(dossier):
    dossier.refresh_from_db()
    dossier.published_status = dossier.status
    dossier.save(update_fields=["published_status"])


def test_honoree_downloads_own_certificate_once_published(client, judged):
    dossier = judged.dossiers["VDA2024-C3-0002"]
    url = f"/applicant/dossiers/{dossier.pk}/certificate.pdf"
    client.force_login(dossier.applicant)
    assert client.get(url).status_code == 403  # not yet published to them
    assert Certificate.objects.count() == 0
    _published(dossier)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    _reader, text = pdf_text(response.content)
    assert "Đặng Thị Ướt" in text
    assert Certificate.objects.get().dossier == dossier


def test_nobody_else_downloads_an_honorees_certificate(client, judged):
    dossier = judged.dossiers["VDA2024-C3-0002"]
    _published(dossier)
    url = f"/applicant/dossiers/{dossier.pk}/certificate.pdf"
    client.force_login(judged.dossiers["VDA2024-C1-0001"].applicant)
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    not_selected = judged.dossiers["VDA2024-C3-0003"]
    not_selected.refresh_from_db()
    assert not_selected.status == DossierStatus.NOT_SELECTED
    _published(not_selected)
    client.force_login(not_selected.applicant)
    assert client.get(f"/applicant/dossiers/{not_selected.pk}/certificate.pdf").status_code == 403
    assert Certificate.objects.count() == 0


def test_dashboard_links_the_certificate_only_once_published(client, judged):
    dossier = judged.dossiers["VDA2024-C3-0002"]
    client.force_login(dossier.applicant)
    link = f"/applicant/dossiers/{dossier.pk}/certificate.pdf"
    assert link not in client.get("/applicant/").content.decode()
    _published(dossier)
    assert link in client.get("/applicant/").content.decode()
