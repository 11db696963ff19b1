"""Integrity checks on planted copies: a same-season copy without diacritics, a copy of a past
season's dossier, an identical file; nothing on distinct texts. On PostgreSQL the database pairs
the dossiers: the same findings as the Python path."""

import hashlib
import random
from datetime import datetime
from itertools import product
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import translation

from categories.models import Category, Season
from judging import services
from judging.models import FindingKind, IntegrityFinding
from judging.services import JudgingError, integrity
from judging.services.integrity import TEXT_FIELDS
from judging.similarity import DossierText, candidate_pairs, find_duplicates, fold, record_shingles
from submissions.models import Attachment
from tests.factories import applicant
from tests.judging.helpers import make_dossier

pytestmark = pytest.mark.django_db
ICT = ZoneInfo("Asia/Ho_Chi_Minh")

ORIGINAL = (
    "Nền tảng thanh toán điện tử cho hợp tác xã nông nghiệp giúp nông dân nhận tiền bán nông "
    "sản ngay tại ruộng, đối soát tự động với ngân hàng và lưu vết mọi giao dịch trên sổ cái "
    "điện tử để cơ quan thuế kiểm tra khi cần thiết."
)
# The same text typed without diacritics, with two words changed.
COPY = (
    "Nen tang thanh toan dien tu cho hop tac xa nong nghiep giup ba con nhan tien ban nong "
    "san ngay tai ruong, doi soat tu dong voi ngan hang va luu vet moi giao dich tren so cai "
    "dien tu de co quan thue kiem tra khi can."
)
DISTINCT = [
    "Hệ thống đặt lịch khám bệnh trực tuyến kết nối bệnh viện tuyến tỉnh với trạm y tế xã, "
    "nhắc lịch tiêm chủng qua tin nhắn và chia sẻ hồ sơ sức khỏe điện tử có sự đồng ý.",
    "Ứng dụng học lập trình cho học sinh trung học cơ sở với bài tập chấm tự động, lớp học "
    "ảo cho giáo viên vùng cao và thư viện video được thu gọn để xem khi mạng chậm.",
]
PDF = b"%PDF-1.4\n% the same file twice\n"


def texts(summary: str, title: str) -> dict:
    fields = dict.fromkeys(TEXT_FIELDS, "")
    fields.pop("title")
    return {**fields, "summary": summary, "title_override": title}


def dossier(category, n, summary, title, **extra):
    fields = texts(summary, title)
    title = fields.pop("title_override")
    d = make_dossier(category, n, **fields, **extra)
    d.title = title
    d.receipt_number = f"VDA{category.season.year}-C{category.number}-{n:04d}"
    d.save()
    return d


def attach(d, content: bytes) -> None:
    stored = default_storage.save(f"dossiers/{d.pk}/form.pdf", ContentFile(content))
    Attachment.objects.create(
        dossier=d,
        document_type="application_form",
        file=stored,
        original_name="form.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=d.applicant,
    )


@pytest.fixture
def past_category(db):
    past = Season.objects.create(
        year=2023,
        name="VDA 2023",
        submissions_open_at=datetime(2023, 3, 1, tzinfo=ICT),
        submission_deadline=datetime(2023, 6, 30, 23, 59, 59, tzinfo=ICT),
    )
    return Category.objects.create(
        season=past,
        number=3,
        slug="san-pham",
        name_vi="Sản phẩm",
        name_en="Product",
        description_vi="-",
        description_en="-",
    )


@pytest.fixture
def planted(season, category, past_category):
    original = dossier(category, 1, ORIGINAL, "Thanh toán nông sản")
    copy = dossier(category, 2, COPY, "Thanh toan nong san")
    honest = [dossier(category, 3 + i, t, f"Dự án {i}") for i, t in enumerate(DISTINCT)]
    past = dossier(
        past_category,
        101,
        DISTINCT[0] + " Phiên bản đầu tiên.",
        "Đặt lịch khám 2023",
        owner=applicant("past@example.com"),
    )
    attach(honest[1], PDF)
    attach(past, PDF)
    return {"original": original, "copy": copy, "honest": honest, "past": past}


def test_planted_copies_are_found_with_their_passages_and_distinct_texts_are_not(
    planted, season, organiser
):
    report = services.integrity_check(season=season, by=organiser)
    texts_found = {
        (f.dossier_id, f.other_id): f
        for f in IntegrityFinding.objects.filter(kind=FindingKind.TEXT)
    }
    original, copy, honest, past = (planted[k] for k in ("original", "copy", "honest", "past"))
    assert set(texts_found) == {(original.pk, copy.pk), (honest[0].pk, past.pk)}
    same_season = texts_found[original.pk, copy.pk]
    assert same_season.score >= 0.8
    longest = same_season.passages[0]
    assert (longest["field_a"], longest["field_b"]) == ("summary", "summary")
    assert longest["text_a"] == (
        "nhận tiền bán nông sản ngay tại ruộng, đối soát tự động với ngân hàng và lưu vết mọi "
        "giao dịch trên sổ cái điện tử để cơ quan thuế kiểm tra khi cần"
    )
    assert longest["text_b"] == (  # in the copy's own spelling
        "nhan tien ban nong san ngay tai ruong, doi soat tu dong voi ngan hang va luu vet moi "
        "giao dich tren so cai dien tu de co quan thue kiem tra khi can"
    )
    past_match = texts_found[honest[0].pk, past.pk]
    assert past_match.score == 0.974  # all but the title
    (files,) = IntegrityFinding.objects.filter(kind=FindingKind.FILES)
    assert (files.dossier_id, files.other_id) == (honest[1].pk, past.pk)
    assert files.sha256 == [hashlib.sha256(PDF).hexdigest()]
    assert (report.texts, report.files) == (2, 1)
    # Running again replaces the findings, it does not add to them.
    services.integrity_check(season=season, by=organiser)
    assert IntegrityFinding.objects.count() == 3


def test_distinct_dossiers_give_no_finding(season, category, organiser):
    for n, text in enumerate([*DISTINCT, ORIGINAL], 1):
        dossier(category, n, text, f"Hồ sơ {n}")
    assert services.integrity_check(season=season, by=organiser).texts == 0
    assert not IntegrityFinding.objects.exists()


def test_only_organisers_run_the_check(planted, season, judges):
    with translation.override("en"), pytest.raises(JudgingError, match="Only organisers"):
        services.integrity_check(season=season, by=judges[0])


def test_organisers_list_and_read_findings_judges_do_not(
    organiser_client, client, planted, season, judges, django_assert_max_num_queries
):
    response = organiser_client.post(f"/admin/judging/integrityfinding/run/{season.pk}/")
    assert response.status_code == 302
    with django_assert_max_num_queries(16):
        page = organiser_client.get(response["Location"]).content.decode()
    assert "2 near-duplicate pairs, 1 pairs with identical files" in page
    assert planted["copy"].receipt_number in page
    assert "(2023)" in page
    finding = IntegrityFinding.objects.get(dossier=planted["original"])
    detail = organiser_client.get(f"/admin/judging/integrityfinding/{finding.pk}/change/")
    assert "<blockquote>" in detail.content.decode()
    client.force_login(judges[0])
    assert client.get("/admin/judging/integrityfinding/").status_code == 403
    assert client.post(f"/admin/judging/integrityfinding/run/{season.pk}/").status_code == 403


# --- The two paths: the database pairs the dossiers on PostgreSQL, Python on SQLite ----------

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the SQL pairing runs on PostgreSQL only (set DATABASE_URL to a PostgreSQL database)",
)


def findings_by_path(season, organiser, monkeypatch, finder):
    monkeypatch.setattr(integrity, "pair_finder", lambda: finder)
    services.integrity_check(season=season, by=organiser)
    return sorted(
        (f.kind, f.dossier_id, f.other_id, f.score, f.jaccard, f.shared, f.passages, f.sha256)
        for f in IntegrityFinding.objects.all()
    )


def test_the_path_is_chosen_by_the_database_vendor():
    expected = (
        integrity.sql_candidate_pairs if connection.vendor == "postgresql" else candidate_pairs
    )
    assert integrity.pair_finder() is expected


@needs_postgresql
def test_on_postgresql_the_planted_copies_give_the_python_paths_findings(
    planted, season, organiser, monkeypatch
):
    by_sql = findings_by_path(season, organiser, monkeypatch, integrity.sql_candidate_pairs)
    by_python = findings_by_path(season, organiser, monkeypatch, candidate_pairs)
    assert by_sql == by_python
    pairs = {(kind, a, b) for kind, a, b, *_ in by_sql}
    original, copy, honest, past = (planted[k] for k in ("original", "copy", "honest", "past"))
    assert pairs == {
        (FindingKind.TEXT, original.pk, copy.pk),
        (FindingKind.TEXT, honest[0].pk, past.pk),
        (FindingKind.FILES, honest[1].pk, past.pk),
    }


@needs_postgresql
def test_on_postgresql_distinct_dossiers_give_no_finding(season, category, organiser):
    assert integrity.pair_finder() is integrity.sql_candidate_pairs
    for n, text in enumerate([*DISTINCT, ORIGINAL], 1):
        dossier(category, n, text, f"Hồ sơ {n}")
    assert services.integrity_check(season=season, by=organiser).texts == 0
    assert not IntegrityFinding.objects.exists()


BOILERPLATE = (
    " Chúng tôi cam kết mọi thông tin trong hồ sơ là trung thực và xin chịu trách nhiệm trước "
    "pháp luật về nội dung đã khai."
)


def random_corpus() -> list[DossierText]:
    """Many seasons over one vocabulary, a pledge every third record repeats (boilerplate once
    more than `max_df` records hold it), and planted copies: a whole one, a part of one typed as
    a title, one in a later season (never compared)."""
    rng = random.Random(7)
    vocabulary = fold(" ".join([ORIGINAL, COPY, *DISTINCT])).split()
    records = [
        DossierText(
            id=i,
            season=2026 if i <= 30 else 2020 + i % 6,
            fields={
                "summary": " ".join(rng.choices(vocabulary, k=60))
                + (BOILERPLATE if i % 3 == 0 else "")
            },
        )
        for i in range(1, 121)
    ]
    return [
        *records,
        DossierText(id=500, season=2026, fields={"summary": records[90].fields["summary"]}),
        DossierText(id=501, season=2026, fields={"title": records[3].fields["summary"][:200]}),
        DossierText(id=502, season=2027, fields={"summary": records[3].fields["summary"]}),
    ]


@needs_postgresql
def test_on_postgresql_sql_pairs_are_the_python_pairs_on_a_random_corpus():
    """Whatever the limits, the SQL pairing returns exactly the inverted index's pairs, and so
    the same matches."""
    records = random_corpus()
    sets = {r.id: record_shingles(r) for r in records}
    sizes = {}
    for season, max_df, min_shared in product((2026, 2024), (None, 3, 39, 40, 100), (1, 8)):
        limits = {"season": season, "max_df": max_df, "min_shared": min_shared}
        python = candidate_pairs(records, sets, **limits)
        assert integrity.sql_candidate_pairs(records, sets, **limits) == python
        sizes[season, max_df, min_shared] = len(python)
    # The limits matter on this corpus: the pledge pairs everyone unless it is boilerplate.
    assert sizes[2026, 100, 8] > sizes[2026, None, 8] == sizes[2026, 3, 8] == 2
    assert sizes[2026, 40, 8] == sizes[2026, 100, 8] > sizes[2026, 39, 8]  # 40 records hold it
    assert sizes[2026, 100, 1] > sizes[2026, None, 1] > sizes[2026, 3, 1] > 2
    assert sizes[2024, None, 8] == 0 < sizes[2024, None, 1]
    by_sql = find_duplicates(records, season=2026, pairs=integrity.sql_candidate_pairs)
    assert by_sql == find_duplicates(records, season=2026)
    assert [(m.a, m.b) for m in by_sql.texts] == [(500, 91), (4, 501)]
    assert integrity.sql_candidate_pairs([], {}, season=2026) == []
