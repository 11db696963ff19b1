"""The press kit: one streamed ZIP with the honoree list (CSV, XLSX, PDF) without scores,
naming only honorees who consented, and each named honoree's uploaded logo or photo."""

import csv
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import StreamingHttpResponse
from openpyxl import load_workbook
from pypdf import PdfReader

from organisers.demo import seed_published_season
from organisers.models import ExportRecord
from submissions.models import Attachment, DocumentType, Dossier
from tests.judging.helpers import english
from tests.judging.organiser_season import judge, organiser

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
HEADER = ["Category number", "Category", "Rank", "Honoree", "Entry title", "Province"]
CAT1 = "Excellent digital transformation – state agency"


@pytest.fixture
def season():
    boss = organiser()
    seed_published_season(
        year=2023,
        organiser=boss,
        judges=[judge(1), judge(2)],
        per_category=3,
        honorees_per_category=2,
        numbers=(1,),
        consents=lambda number, index: index != 2,
    )
    return boss


def logo(receipt: str, name: str) -> Attachment:
    dossier = Dossier.objects.get(receipt_number=receipt)
    path = default_storage.save(f"test/{name}", ContentFile(PNG))
    return Attachment.objects.create(
        dossier=dossier,
        document_type=DocumentType.LOGO_PHOTO,
        file=path,
        original_name=name,
        content_type="image/png",
        size=len(PNG),
        sha256="0" * 64,
        uploaded_by=dossier.applicant,
    )


def test_press_kit_zip(client, season):
    logo("VDA2023-C1-0001", "Logo.PNG")
    logo("VDA2023-C1-0002", "no-consent.png")  # honoree without consent: not in the kit
    client.force_login(season)
    response = english(client).get("/organisers/exports/2023/press-kit.zip")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="vda-2023-press-kit.zip"'
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == [
        "vda-2023-honorees.csv",
        "vda-2023-honorees.xlsx",
        "vda-2023-honorees.pdf",
        "images/1-01-so-thong-tin-va-truyen-thong-hoa-binh-001.png",
    ]
    assert archive.read("images/1-01-so-thong-tin-va-truyen-thong-hoa-binh-001.png") == PNG
    rows = list(csv.reader(io.StringIO(archive.read("vda-2023-honorees.csv").decode("utf-8-sig"))))
    assert rows == [
        HEADER,
        [
            "1",
            CAT1,
            "1",
            "Sở Thông tin và Truyền thông Hòa Bình 001",
            "Nền tảng số Hòa Bình 1.001",
            "Thành phố Hồ Chí Minh",
        ],
        ["1", CAT1, "2", "An honoree who asked not to be named", "", ""],
    ]
    sheet = load_workbook(io.BytesIO(archive.read("vda-2023-honorees.xlsx"))).active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == HEADER
    text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(archive.read("vda-2023-honorees.pdf"))).pages
    )
    assert "Hòa Bình 001" in text
    assert "Hòa Bình 1.001" in text
    assert "Final score" not in text
    assert "Bình Minh 002" not in text
    record = ExportRecord.objects.get()
    assert (record.kind, record.format, record.row_count) == ("press_kit", "zip", 2)


def test_press_kit_only_for_organisers(client, season):
    client.force_login(judge(3))
    assert client.get("/organisers/exports/2023/press-kit.zip").status_code == 403
    client.logout()
    assert client.get("/organisers/exports/2023/press-kit.zip").status_code == 302
    assert ExportRecord.objects.count() == 0
