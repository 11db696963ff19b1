"""The public honoree gallery: consent respected exactly (named, "asked not to be named",
or nothing per the season's setting), only published seasons, both languages, search without
diacritics, crawlable and cacheable pages, and a query count that does not grow."""

import re

import pytest
from django.core.cache import cache

from organisers.demo import seed_published_season
from organisers.gallery import fold, season_gallery
from organisers.models import AnonymousHonorees, SeasonAwardSettings
from submissions.models import Dossier
from tests.judging.organiser_season import judge, organiser

pytestmark = pytest.mark.django_db

# Category 1 and 3, three dossiers each, two honorees each; 3.1 did not consent.
# Dossier n.i lives in PROVINCES[(n + i) % 8]: 1.1 → HCMC, 1.2 → Hải Phòng, 3.1 → Cần Thơ,
# 3.2 → Bắc Ninh; Đà Nẵng is 1.7 and 3.5 (with eight dossiers a category).


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def staff():
    return organiser(), [judge(1), judge(2)]


def publish(staff, year=2023, per=3, honorees=2, consents=None, prefix="g"):
    boss, judges = staff
    return seed_published_season(
        year=year,
        organiser=boss,
        judges=judges,
        per_category=per,
        honorees_per_category=honorees,
        numbers=(1, 3),
        consents=consents or (lambda number, index: not (number == 3 and index == 1)),
        email_prefix=prefix,
    )


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def names(response) -> list[str]:
    return re.findall(r'data-honoree="([^"]+)"', response.content.decode())


def test_season_page_lists_consenting_honorees_by_category(client, staff):
    publish(staff)
    response = client.get("/vinh-danh/2023/")
    assert response.status_code == 200
    assert names(response) == ["vda2023-c1-0001", "vda2023-c1-0002", "vda2023-c3-0002"]
    text = text_of(response)
    assert "Sở Thông tin và Truyền thông Bình Minh 002" in text
    assert "Công ty Cổ phần Công nghệ Hòa Bình 3001" not in text  # 3.1: no consent
    assert "Một đơn vị được vinh danh đề nghị không nêu tên" in text or (
        "One honoree who asked not to be named" in text
    )
    assert "VDA2023-C3-0003" not in response.content.decode()  # not an honoree


def test_without_consent_nothing_when_the_season_says_so(client, staff):
    season = publish(staff)
    SeasonAwardSettings.objects.filter(season=season).update(
        anonymous_honorees=AnonymousHonorees.OMIT
    )
    response = client.get("/honorees/2023/")
    text = text_of(response)
    assert "asked not to be named" not in text
    assert names(response) == ["vda2023-c1-0001", "vda2023-c1-0002", "vda2023-c3-0002"]


def test_placeholder_in_english(client, staff):
    publish(staff)
    text = text_of(client.get("/honorees/2023/"))
    assert "One honoree who asked not to be named" in text
    assert "Category 3: Excellent digital technology product, service or solution" in text
    assert "Rank 2" in text


def test_honoree_page_and_no_page_without_consent(client, staff):
    publish(staff)
    response = client.get("/honorees/2023/vda2023-c1-0002/")
    assert response.status_code == 200
    text = text_of(response)
    for expected in (
        "Sở Thông tin và Truyền thông Bình Minh 002",
        "Category 1. Excellent digital transformation – state agency",
        "Rank",
        "Entry title Nền tảng số Bình Minh 1.002",
        "Province Thành phố Hải Phòng",
    ):
        assert expected in text, expected
    assert client.get("/honorees/2023/vda2023-c3-0001/").status_code == 404  # no consent
    assert client.get("/honorees/2023/vda2023-c3-0003/").status_code == 404  # not an honoree
    assert client.get("/vinh-danh/2023/vda2023-c3-0001/").status_code == 404


def test_only_published_seasons(client, staff):
    season = publish(staff)
    assert client.get("/vinh-danh/2022/").status_code == 404
    from judging.models import ResultSnapshot

    ResultSnapshot.objects.filter(round__season=season).update(published_at=None)
    cache.clear()
    assert client.get("/vinh-danh/2023/").status_code == 404
    assert "VDA 2023" not in text_of(client.get("/vinh-danh/"))


def test_a_dossier_not_published_to_its_applicant_is_not_public(client, staff):
    publish(staff)
    Dossier.objects.filter(receipt_number="VDA2023-C1-0001").update(published_status="")
    assert names(client.get("/vinh-danh/2023/")) == ["vda2023-c1-0002", "vda2023-c3-0002"]


def test_both_languages_and_crawlable(client, staff, settings):
    settings.SITE_URL = "https://vda.example"
    publish(staff)
    vi = client.get("/vinh-danh/2023/")
    en = client.get("/honorees/2023/")
    assert '<html lang="vi">' in vi.content.decode()
    assert '<html lang="en">' in en.content.decode()
    html = en.content.decode()
    assert "<title>Honorees 2023 · VDA</title>" in html
    assert (
        '<meta property="og:title" content="Honorees of the Vietnam Digital Awards 2023">' in html
    )
    assert '<meta property="og:url" content="https://vda.example/honorees/2023/">' in html
    assert (
        '<meta name="description" content="The honorees of the Vietnam Digital Awards 2023' in html
    )
    assert '<link rel="alternate" hreflang="vi" href="https://vda.example/vinh-danh/2023/">' in html
    page = client.get("/honorees/2023/vda2023-c1-0001/").content.decode()
    assert re.search(r'<meta property="og:title" content="[^"]+ – honoree of the Vietnam', page)
    assert '<meta property="og:description" content="Giải pháp số phục vụ' in page


def test_cacheable_with_etag(client, staff):
    publish(staff)
    response = client.get("/vinh-danh/2023/")
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get("/vinh-danh/2023/", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_search_without_diacritics(client, staff):
    publish(staff, per=8, honorees=8)  # 1.7 and 3.5 are in Đà Nẵng
    assert fold("Thành phố Đà Nẵng") == "thanh pho da nang"
    response = client.get("/honorees/", {"q": "da nang"})
    assert names(response) == ["vda2023-c1-0007", "vda2023-c3-0005"]
    assert "2 honorees found" in text_of(response)
    assert names(client.get("/honorees/", {"q": "ĐÀ NẴNG"})) == names(response)
    assert names(client.get("/honorees/", {"q": "hoa binh 3.001"})) == []  # no consent
    assert names(client.get("/honorees/", {"q": "binh minh 1.002"})) == ["vda2023-c1-0002"]


def test_season_page_queries_do_not_grow_with_honorees(client, staff, django_assert_num_queries):
    publish(staff, per=2, honorees=1, consents=lambda n, i: True)
    cache.clear()
    with django_assert_num_queries(5):  # snapshot, seasons; honorees, categories, consents
        client.get("/vinh-danh/2023/")
    with django_assert_num_queries(2):  # cached: snapshot, seasons
        client.get("/vinh-danh/2023/")
    boss, judges = staff
    publish((boss, judges), year=2022, per=10, honorees=10, prefix="h", consents=lambda n, i: True)
    assert len(season_gallery(2022).honorees) == 20
    cache.clear()
    with django_assert_num_queries(5):
        client.get("/vinh-danh/2022/")
    with django_assert_num_queries(1):  # cached: snapshot
        client.get("/vinh-danh/2022/vda2022-c1-0004/")
