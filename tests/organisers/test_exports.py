"""Organisers' exports: exact content on a small judged season, Vietnamese text surviving every
format, streaming, the record of each export, and refusals that record nothing."""

import csv
import io
import tracemalloc
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import load_workbook
from pypdf import PdfReader

from categories.demo import seed_vda_2024
from organisers.models import ExportChannel, ExportFormat, ExportRecord
from submissions.models import Dossier, DossierStatus
from tests.factories import UserFactory, applicant
from tests.judging.helpers import english
from tests.judging.organiser_season import ICT, judged_season, organiser

pytestmark = pytest.mark.django_db

AWARD_VI = "Giải thưởng Chuyển đổi số Việt Nam"
CAT1_EN = "Excellent digital transformation – state agency"
CAT3_EN = "Excellent digital technology product, service or solution"
CAT2_EN = "Excellent digital transformation – enterprise or public service unit"
CAT1_VI = "Cơ quan nhà nước chuyển đổi số xuất sắc"
CAT3_VI = "Sản phẩm, dịch vụ, giải pháp công nghệ số xuất sắc"
HONOREE_HEADER = [
    "Category number",
    "Category",
    "Rank",
    "Honoree",
    "Entry title",
    "Province",
    "Final score",
]
HONOREES = [
    [
        "1",
        CAT1_EN,
        "1",
        "Sở Thông tin và Truyền thông tỉnh Bắc Ninh",
        "Chính quyền số Bắc Ninh",
        "Tỉnh Bắc Ninh",
        "87.50",
    ],
    [
        "3",
        CAT3_EN,
        "1",
        "Đặng Thị Ướt",
        "Ứng dụng học tiếng Việt cho người khiếm thị",
        "Tỉnh Thừa Thiên Huế",
        "89.63",
    ],
    [
        "3",
        CAT3_EN,
        "2",
        "Công ty Cổ phần Công nghệ Số An Phát",
        "Nền tảng số An Phát",
        "Thành phố Hà Nội",
        "85.00",
    ],
]
CRITERIA_3 = [
    "Innovation (20)",
    "Features and technology quality (20)",
    "Adoption and market (20)",
    "Socio-economic impact (25)",
    "Dossier quality (15)",
]


@pytest.fixture
def judged():
    return judged_season()


@pytest.fixture
def organiser_client(client, judged):
    client.force_login(judged.organiser)
    return english(client)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def pdf_fonts(reader: PdfReader) -> set[str]:
    """The fonts the PDF uses, without subset prefixes; each one must be embedded."""
    fonts = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # embedded TrueType
            fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return fonts


def url(name: str) -> str:
    return f"/organisers/exports/2024/{name}"


# --- Honorees --------------------------------------------------------------------------------


def test_honoree_csv_is_utf8_with_bom_and_exact(organiser_client, judged):
    response = organiser_client.get(url("honorees.csv"))

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="vda-2024-honorees.csv"'
    assert "no-store" in response["Cache-Control"]
    assert csv_rows(body(response)) == [HONOREE_HEADER, *HONOREES]
    record = ExportRecord.objects.get()
    assert (record.kind, record.format, record.row_count) == ("honorees", "csv", 3)
    assert record.exported_by == judged.organiser
    assert record.snapshot == judged.snapshot
    assert record.snapshot_sha256 == judged.snapshot.sha256
    assert record.channel == ExportChannel.WEB


def test_honoree_list_is_the_confirmed_snapshot_not_todays_database(organiser_client, judged):
    # Someone edits a title and a status after confirmation: the list does not move.
    Dossier.objects.filter(receipt_number="VDA2024-C3-0002").update(title="Đã sửa")
    Dossier.objects.filter(receipt_number="VDA2024-C3-0003").update(status=DossierStatus.HONOREE)

    rows = csv_rows(body(organiser_client.get(url("honorees.csv"))))

    assert rows[1:] == HONOREES


def test_honoree_csv_in_vietnamese_keeps_the_category_names(client, judged):
    client.force_login(judged.organiser)

    rows = csv_rows(body(client.get(url("honorees.csv"))))

    assert [row[1] for row in rows[1:]] == [CAT1_VI, CAT3_VI, CAT3_VI]
    assert rows[2][3:6] == [
        "Đặng Thị Ướt",
        "Ứng dụng học tiếng Việt cho người khiếm thị",
        "Tỉnh Thừa Thiên Huế",
    ]


def test_honoree_xlsx_has_a_sheet_for_all_and_one_per_category(organiser_client):
    response = organiser_client.get(url("honorees.xlsx"))

    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="vda-2024-honorees.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(body(response)))
    assert book.sheetnames == ["All categories", "Category 1", "Category 3"]
    expected = [[int(r[0]), r[1], int(r[2]), r[3], r[4], r[5], Decimal(r[6])] for r in HONOREES]
    for name, rows in [
        ("All categories", expected),
        ("Category 1", expected[:1]),
        ("Category 3", expected[1:]),
    ]:
        sheet = book[name]
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert values[0] == HONOREE_HEADER
        assert [[*row[:6], Decimal(str(row[6]))] for row in values[1:]] == rows
    sheet = book["All categories"]
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet["G2"].number_format == "0.00"
    assert sheet.column_dimensions["D"].width == 42
    assert ExportRecord.objects.get().format == ExportFormat.XLSX


def test_honoree_pdf_is_a4_with_vietnamese_text_in_the_vendored_font(client, judged):
    client.force_login(judged.organiser)  # Vietnamese, the default

    response = client.get(url("honorees.pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader, text = pdf_text(response.content)
    page = reader.pages[0].mediabox
    assert (round(float(page.width)), round(float(page.height))) == (595, 842)  # A4 portrait
    assert f"{AWARD_VI} 2024" in text
    for expected in (
        CAT1_VI,
        "Sở Thông tin và Truyền thông",
        "Đặng Thị Ướt",
        "Tỉnh Thừa Thiên",
        "89,63",  # Vietnamese decimal comma
        "85,00",
    ):
        assert expected in text
    assert "Hệ thống quản lý bệnh viện" not in text  # not selected
    # Only the vendored Be Vietnam Pro (named after its @font-face family), never a system font.
    assert pdf_fonts(reader) == {"VDA-Sans", "VDA-Sans-Semi-Bold", "VDA-Sans-Bold"}
    assert ExportRecord.objects.get().format == ExportFormat.PDF


def test_certificates_zip_streams_one_bilingual_a4_landscape_pdf_per_honoree(
    organiser_client, judged
):
    response = organiser_client.get(url("certificates.zip"))

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    assert archive.namelist() == [
        "1-01-so-thong-tin-va-truyen-thong-tinh-bac-ninh.pdf",
        "3-01-dang-thi-uot.pdf",
        "3-02-cong-ty-co-phan-cong-nghe-so-an-phat.pdf",
    ]
    reader, text = pdf_text(archive.read("3-01-dang-thi-uot.pdf"))
    assert len(reader.pages) == 1
    assert all(font.startswith("VDA-Sans") for font in pdf_fonts(reader))
    page = reader.pages[0].mediabox
    assert (round(float(page.width)), round(float(page.height))) == (842, 595)  # landscape
    flat = " ".join(text.split())
    for expected in (
        f"{AWARD_VI} 2024",
        "Vietnam Digital Awards 2024",
        "Đặng Thị Ướt",
        "Ứng dụng học tiếng Việt cho người khiếm thị",
        CAT3_VI,
        CAT3_EN,
        "Hà Nội, ngày 05 tháng 10 năm 2024",
        "Hanoi, 5 October 2024",
    ):
        assert expected in flat
    record = ExportRecord.objects.get()
    assert (record.kind, record.format, record.row_count) == ("certificates", "zip", 3)
    assert record.snapshot == judged.snapshot


def test_one_certificate_and_none_for_a_dossier_that_is_not_an_honoree(organiser_client, judged):
    honoree = judged.dossiers["VDA2024-C1-0001"]
    response = organiser_client.get(url(f"certificates/{honoree.pk}.pdf"))
    assert response.status_code == 200
    _reader, text = pdf_text(response.content)
    assert "Sở Thông tin và Truyền thông tỉnh Bắc Ninh" in " ".join(text.split())
    record = ExportRecord.objects.get()
    assert (record.kind, record.format, record.detail) == ("certificates", "pdf", "VDA2024-C1-0001")

    other = judged.dossiers["VDA2024-C3-0003"]
    assert organiser_client.get(url(f"certificates/{other.pk}.pdf")).status_code == 404
    assert ExportRecord.objects.count() == 1


@pytest.mark.parametrize(
    "name", ["honorees.csv", "honorees.xlsx", "honorees.pdf", "certificates.zip"]
)
def test_without_confirmed_final_results_there_is_no_honoree_list(client, name):
    seed_vda_2024()
    client.force_login(organiser())

    response = english(client).get(url(name))

    assert response.status_code == 400
    assert b"have not been confirmed yet" in response.content
    assert not ExportRecord.objects.exists()


# --- Who may export --------------------------------------------------------------------------

EXPORT_NAMES = [
    "honorees.csv",
    "honorees.xlsx",
    "honorees.pdf",
    "certificates.zip",
    "dossiers.csv",
    "dossiers.xlsx",
    "scores/final.xlsx",
    "scores/final/category-3.csv",
]


@pytest.mark.parametrize("name", EXPORT_NAMES)
def test_only_organisers_export_and_a_refusal_records_nothing(client, judged, name):
    honoree = judged.dossiers["VDA2024-C1-0001"]
    names = [name, f"certificates/{honoree.pk}.pdf"]
    for path in names:
        response = client.get(url(path))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    for user in (judged.judges[0], applicant("nguoi-nop@example.com")):
        client.force_login(user)
        for path in names:
            assert client.get(url(path)).status_code == 403
    assert not ExportRecord.objects.exists()


def test_a_superuser_may_export(client, judged):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(url("honorees.csv")).status_code == 200


# --- Dossiers and scores ---------------------------------------------------------------------


def test_dossier_list_csv_has_every_dossier_of_the_season(organiser_client, judged):
    draft_owner = applicant("nhap@example.com", legal_name="Hợp tác xã Nông nghiệp số Đồng Tháp")
    Dossier.objects.create(
        season=judged.season,
        category=judged.season.categories.get(number=3),
        applicant=draft_owner,
        title="Chợ nông sản trực tuyến",
    )

    response = organiser_client.get(url("dossiers.csv"))

    assert isinstance(response, StreamingHttpResponse)
    rows = csv_rows(body(response))
    assert rows[0] == [
        "Receipt number",
        "Category number",
        "Category",
        "Status",
        "Applicant",
        "Email",
        "Province",
        "Entry title",
        "Submitted at",
        "Received via",
        "Date of receipt",
    ]
    assert rows[1:] == [
        [
            "VDA2024-C1-0001",
            "1",
            CAT1_EN,
            "Honoree",
            "Sở Thông tin và Truyền thông tỉnh Bắc Ninh",
            "soict@example.com",
            "Tỉnh Bắc Ninh",
            "Chính quyền số Bắc Ninh",
            "20/06/2024 11:00",
            "Online",
            "",
        ],
        [
            "VDA2024-C3-0001",
            "3",
            CAT3_EN,
            "Honoree",
            "Công ty Cổ phần Công nghệ Số An Phát",
            "anphat@example.com",
            "Thành phố Hà Nội",
            "Nền tảng số An Phát",
            "20/06/2024 11:00",
            "Online",
            "",
        ],
        [
            "VDA2024-C3-0002",
            "3",
            CAT3_EN,
            "Honoree",
            "Đặng Thị Ướt",
            "uot@example.com",
            "Tỉnh Thừa Thiên Huế",
            "Ứng dụng học tiếng Việt cho người khiếm thị",
            "20/06/2024 12:00",
            "Online",
            "",
        ],
        [
            "VDA2024-C3-0003",
            "3",
            CAT3_EN,
            "Not selected",
            "Công ty TNHH Phần mềm Đà Nẵng",
            "danang@example.com",
            "Thành phố Đà Nẵng",
            "Hệ thống quản lý bệnh viện thông minh",
            "20/06/2024 13:00",
            "Online",
            "",
        ],
        [
            "",
            "3",
            CAT3_EN,
            "Draft",
            "Hợp tác xã Nông nghiệp số Đồng Tháp",
            "nhap@example.com",
            "Thành phố Hà Nội",
            "Chợ nông sản trực tuyến",
            "",
            "Online",
            "",
        ],
    ]
    record = ExportRecord.objects.get()
    assert (record.kind, record.format, record.row_count, record.snapshot) == (
        "dossiers",
        "csv",
        5,
        None,
    )


def test_dossier_list_xlsx_keeps_dates_as_dates_in_vietnam_time(organiser_client):
    response = organiser_client.get(url("dossiers.xlsx"))

    sheet = load_workbook(io.BytesIO(body(response)))["Dossiers"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 5
    assert rows[3][:5] == ("VDA2024-C3-0002", 3, CAT3_EN, "Honoree", "Đặng Thị Ướt")
    assert rows[3][8] == datetime(2024, 6, 20, 12, 0)  # 12:00 in Hà Nội, not 05:00 UTC
    assert sheet["I2"].number_format == "dd/mm/yyyy hh:mm"


def test_a_formula_typed_by_an_applicant_stays_text_in_csv_and_xlsx(organiser_client):
    formula = '=HYPERLINK("http://x.example","Bấm vào đây")'
    Dossier.objects.filter(receipt_number="VDA2024-C3-0003").update(title=formula)

    rows = csv_rows(body(organiser_client.get(url("dossiers.csv"))))
    book = load_workbook(io.BytesIO(body(organiser_client.get(url("dossiers.xlsx")))))

    assert rows[4][7] == "'" + formula
    cell = book["Dossiers"]["H5"]
    assert (cell.value, cell.data_type) == (formula, "s")


def test_score_matrix_csv_has_a_row_per_judge_and_never_a_conflicted_pair(organiser_client):
    response = organiser_client.get(url("scores/final/category-3.csv"))

    rows = csv_rows(body(response))
    assert rows[0] == [
        "Receipt number",
        "Entry title",
        "Judge",
        "Email",
        "Review",
        *CRITERIA_3,
        "Total",
    ]
    assert [row[:3] + row[4:] for row in rows[1:]] == [
        ["VDA2024-C3-0001", "Nền tảng số An Phát", "Giám khảo 1", "Final", *["9.0"] * 5, "90.00"],
        ["VDA2024-C3-0001", "Nền tảng số An Phát", "Giám khảo 2", "Final", *["8.0"] * 5, "80.00"],
        [
            "VDA2024-C3-0002",
            "Ứng dụng học tiếng Việt cho người khiếm thị",
            "Giám khảo 1",
            "Final",
            "10.0",
            "9.5",
            "9.0",
            "9.5",
            "9.0",
            "94.25",
        ],
        [
            "VDA2024-C3-0002",
            "Ứng dụng học tiếng Việt cho người khiếm thị",
            "Giám khảo 2",
            "Final",
            *["8.5"] * 5,
            "85.00",
        ],
        [
            "VDA2024-C3-0003",
            "Hệ thống quản lý bệnh viện thông minh",
            "Giám khảo 1",
            "Final",
            *["7.0"] * 5,
            "70.00",
        ],
        [
            "VDA2024-C3-0003",
            "Hệ thống quản lý bệnh viện thông minh",
            "Giám khảo 2",
            "Final",
            *["7.0"] * 5,
            "70.00",
        ],
    ]
    assert "giamkhao3@example.com" not in body(response).decode()  # conflicted with Đà Nẵng
    record = ExportRecord.objects.get()
    assert (record.kind, record.format, record.row_count, record.detail) == (
        "scores",
        "csv",
        6,
        "final, 3",
    )


def test_score_matrix_xlsx_has_a_sheet_per_category(organiser_client):
    response = organiser_client.get(url("scores/final.xlsx"))

    book = load_workbook(io.BytesIO(body(response)))
    assert book.sheetnames == [f"Category {n}" for n in range(1, 6)]
    first = [list(r) for r in book["Category 1"].iter_rows(values_only=True)]
    assert first[0][:5] == ["Receipt number", "Entry title", "Judge", "Email", "Review"]
    assert first[0][-1] == "Total"
    assert [(r[0], r[2], r[-1]) for r in first[1:]] == [
        ("VDA2024-C1-0001", "Giám khảo 1", 85),
        ("VDA2024-C1-0001", "Giám khảo 2", 90),
    ]
    third = list(book["Category 3"].iter_rows(values_only=True))
    assert len(third) == 7
    assert all(row[3] != "giamkhao3@example.com" for row in third)
    assert list(book["Category 2"].iter_rows(values_only=True))[1:] == []
    assert ExportRecord.objects.get().row_count == 8


def test_unknown_round_or_season_is_404(organiser_client):
    assert organiser_client.get(url("scores/preliminary.xlsx")).status_code == 404
    assert organiser_client.get("/organisers/exports/2023/honorees.csv").status_code == 404
    assert not ExportRecord.objects.exists()


# --- Large exports stream --------------------------------------------------------------------

MANY = 10_000


@pytest.fixture
def many_dossiers():
    season = seed_vda_2024()
    owner = applicant("nhieu@example.com", legal_name="Tổng công ty Bưu điện Việt Nam")
    category = season.categories.get(number=2)
    at = datetime(2024, 6, 1, 8, 0, tzinfo=ICT)
    Dossier.objects.bulk_create(
        Dossier(
            season=season,
            category=category,
            applicant=owner,
            status=DossierStatus.SUBMITTED,
            receipt_number=f"VDA2024-C2-{n:05d}",
            first_submitted_at=at,
            submitted_at=at,
            title=f"Chuyển đổi số bưu cục số {n}",
            summary="Tóm tắt " * 200,  # large text the export must not load
        )
        for n in range(1, MANY + 1)
    )
    return season


def test_ten_thousand_dossiers_stream_as_csv_in_bounded_memory(client, many_dossiers):
    client.force_login(organiser())
    response = english(client).get(url("dossiers.csv"))
    assert isinstance(response, StreamingHttpResponse)

    tracemalloc.start()
    lines = 0
    last = b""
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
        last = chunk
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert lines == MANY + 1
    assert last.startswith(b"VDA2024-C2-10000,2,")
    assert "Đủ điều kiện" not in last.decode()  # English page: "Submitted"
    assert b",Submitted," in last
    # All rows at once would be several times this (10,000 × ~2 KB of text loaded).
    assert peak < 8 * 1024 * 1024
    assert ExportRecord.objects.get().row_count == MANY


def test_ten_thousand_dossiers_as_xlsx_through_a_temporary_file(client, many_dossiers):
    client.force_login(organiser())

    response = english(client).get(url("dossiers.xlsx"))

    assert isinstance(response, FileResponse)
    book = load_workbook(io.BytesIO(body(response)), read_only=True)
    rows = list(book["Dossiers"].iter_rows(values_only=True))
    assert len(rows) == MANY + 1
    assert rows[-1][:4] == ("VDA2024-C2-10000", 2, CAT2_EN, "Submitted")


# --- The command -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_export_honorees_command_writes_the_file_and_records_it(judged, tmp_path, fmt):
    output = tmp_path / f"vinh-danh.{fmt}"

    arguments = ["--season", "2024", "--format", fmt, "-o", str(output), "--language", "en"]
    call_command("export_honorees", *arguments)

    content = output.read_bytes()
    if fmt == "csv":
        assert csv_rows(content) == [HONOREE_HEADER, *HONOREES]
    elif fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content))["All categories"]
        assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
            h[3] for h in HONOREES
        ]
    else:
        _reader, text = pdf_text(content)
        assert "Đặng Thị Ướt" in text
        assert "Vietnam Digital Awards 2024" in text
    record = ExportRecord.objects.get()
    assert (record.kind, record.format, record.row_count) == ("honorees", fmt, 3)
    assert (record.exported_by, record.channel) == (None, ExportChannel.COMMAND)
    assert record.snapshot == judged.snapshot


def test_export_honorees_command_refuses_without_confirmed_results(tmp_path):
    seed_vda_2024()
    output = tmp_path / "x.csv"
    with pytest.raises(CommandError, match="not been confirmed"):
        call_command("export_honorees", "--season", "2024", "-o", str(output), "--language", "en")
    with pytest.raises(CommandError, match="No season 2019"):
        call_command("export_honorees", "--season", "2019", "-o", str(output))
    assert not output.exists()
    assert not ExportRecord.objects.exists()


# --- The record in the admin -----------------------------------------------------------------


def test_export_records_are_read_only_in_the_admin(organiser_client, judged):
    organiser_client.get(url("honorees.csv"))
    record = ExportRecord.objects.get()

    listing = organiser_client.get("/admin/organisers/exportrecord/")
    assert listing.status_code == 200
    assert judged.snapshot.sha256[:12] in listing.content.decode()
    detail = organiser_client.get(f"/admin/organisers/exportrecord/{record.pk}/change/")
    assert detail.status_code == 200
    assert b'name="row_count"' not in detail.content  # shown, not editable
    assert organiser_client.get("/admin/organisers/exportrecord/add/").status_code == 403
    deleted = organiser_client.post(
        f"/admin/organisers/exportrecord/{record.pk}/delete/", {"post": "yes"}
    )
    assert deleted.status_code == 403
    assert ExportRecord.objects.count() == 1


def test_judges_do_not_see_export_records_in_the_admin(client, judged):
    client.force_login(judged.judges[0])
    assert client.get("/admin/organisers/exportrecord/").status_code == 403
