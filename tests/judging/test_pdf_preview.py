"""The screening page's first-page preview of a PDF: organisers only, logged, graceful."""

import base64
import hashlib
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from submissions.models import Attachment, FileAccess
from submissions.pdf_preview import pdf_first_page_png
from tests.judging.helpers import make_dossier
from tests.submissions.files import pdf, pdf_page

pytestmark = pytest.mark.django_db

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def attach(dossier, name: str, content: bytes) -> Attachment:
    stored = default_storage.save(f"dossiers/{dossier.pk}/{name}", ContentFile(content))
    return Attachment.objects.create(
        dossier=dossier,
        document_type="application_form",
        file=stored,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=dossier.applicant,
    )


def preview_url(attachment) -> str:
    return f"/admin/submissions/dossier/{attachment.dossier_id}/files/{attachment.pk}/preview.png"


@pytest.fixture
def dossier(category):
    return make_dossier(category, 1)


def test_an_organiser_gets_the_first_page_as_a_png_and_the_read_is_logged(
    organiser_client, organiser, dossier
):
    attachment = attach(dossier, "giay-phep.pdf", pdf_page((595, 842)))
    response = organiser_client.get(preview_url(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert image.size[0] <= 600
    assert image.size[1] <= 850
    assert abs(image.size[0] / image.size[1] - 595 / 842) < 0.02  # the page's shape, scaled
    red, green, blue = image.convert("RGB").getpixel((image.size[0] // 2, image.size[1] // 2))
    assert red > 150
    assert green < 80
    assert blue < 80
    assert list(FileAccess.objects.values_list("user", "dossier", "attachment", "thumbnail")) == [
        (organiser.pk, dossier.pk, attachment.pk, True)
    ]


def test_the_screening_page_shows_the_preview_beside_the_link(organiser_client, dossier):
    attachment = attach(dossier, "giay-phep.pdf", pdf_page())
    page = organiser_client.get(f"/admin/submissions/dossier/{dossier.pk}/screen/").content.decode()
    # Inlined, so that the page's previews are not as many requests at once.
    (uri,) = re.findall(r'class="vda-pdf-preview" src="data:image/png;base64,([^"]+)"', page)
    assert base64.b64decode(uri).startswith(b"\x89PNG\r\n\x1a\n")
    assert "First page of giay-phep.pdf" in page
    assert FileAccess.objects.filter(attachment=attachment, thumbnail=True).count() == 1
    assert f'href="/applicant/files/{attachment.pk}/" target="_blank"' in page
    assert "Open the PDF" in page


def test_a_landscape_page_stays_within_600_pixels_wide():
    png = pdf_first_page_png(ContentFile(pdf_page((1684, 595))), size=len(pdf_page((1684, 595))))
    assert png is not None
    image = Image.open(io.BytesIO(png))
    assert image.size[0] == 600
    assert 200 <= image.size[1] <= 215


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\nthis is not a PDF at all\n%%EOF\n",  # broken
        pdf(),  # a valid PDF without a page
        b"%PDF-1.7\n" + b"\x00" * 2000,  # truncated garbage
    ],
    ids=["broken", "no-page", "garbage"],
)
def test_a_pdf_without_a_drawable_first_page_gives_no_preview_and_the_link_stays(
    organiser_client, dossier, content
):
    attachment = attach(dossier, "hong.pdf", content)
    assert organiser_client.get(preview_url(attachment)).status_code == 404
    page = organiser_client.get(f"/admin/submissions/dossier/{dossier.pk}/screen/").content.decode()
    assert "Open the PDF" in page
    assert "hong.pdf" in page


def test_a_file_over_the_size_limit_is_not_rendered():
    content = pdf_page()
    assert pdf_first_page_png(ContentFile(content), size=len(content), max_bytes=100) is None
    assert pdf_first_page_png(ContentFile(content), size=len(content)) is not None


def test_judges_applicants_and_other_dossiers_get_no_preview(
    organiser_client, judges, dossier, category, preliminary, organiser
):
    from judging import services

    services.assignment_create(round_=preliminary, dossier=dossier, judge=judges[0], by=organiser)
    attachment = attach(dossier, "giay-phep.pdf", pdf_page())
    url = preview_url(attachment)
    other = make_dossier(category, 2)
    # The attachment asked through another dossier's address: not found.
    wrong = f"/admin/submissions/dossier/{other.pk}/files/{attachment.pk}/preview.png"
    assert organiser_client.get(wrong).status_code == 404
    judge = Client()
    judge.force_login(judges[0])  # the dossier's own judge: not for them
    assert judge.get(url).status_code == 403
    applicant = Client()
    applicant.force_login(dossier.applicant)  # not staff: the admin sends them to its login
    response = applicant.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert not FileAccess.objects.exists()
