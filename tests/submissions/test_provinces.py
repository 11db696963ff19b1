import json
import unicodedata

import pytest

from submissions.provinces import (
    DATA_FILE,
    PROVINCE_CHOICES,
    Province,
    all_provinces,
    province_by_code,
    province_choices,
    province_name,
    slugify_vi,
)


def test_there_are_63_provinces_with_unique_two_digit_codes():
    codes = [p.code for p in all_provinces()]
    assert len(codes) == 63
    assert len(set(codes)) == 63
    assert all(len(c) == 2 and c.isascii() and c.isdigit() for c in codes)


def test_all_provinces_is_sorted_by_code_and_cached():
    provinces = all_provinces()
    assert [p.code for p in provinces] == sorted(p.code for p in provinces)
    assert all_provinces() is provinces
    assert provinces[0].code == "01"
    assert provinces[-1].code == "96"


def test_data_file_has_63_entries_and_is_nfc():
    raw = DATA_FILE.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw
    assert len(json.loads(raw)) == 63


def test_specific_codes():
    assert province_by_code("01") == Province(
        code="01",
        name="Thành phố Hà Nội",
        short_name="Hà Nội",
        name_en="Ha Noi",
        kind="city",
        region="Đồng bằng sông Hồng",
    )
    assert province_by_code("79").short_name == "Hồ Chí Minh"
    assert province_by_code("79").name == "Thành phố Hồ Chí Minh"
    assert province_by_code("48").short_name == "Đà Nẵng"
    assert province_by_code("96").short_name == "Cà Mau"
    assert province_by_code("46").name == "Tỉnh Thừa Thiên Huế"
    assert province_by_code("77").name_en == "Ba Ria - Vung Tau"


def test_five_centrally_run_cities_and_58_provinces():
    cities = {p.code for p in all_provinces() if p.kind == "city"}
    assert cities == {"01", "31", "48", "79", "92"}
    for p in all_provinces():
        prefix = "Thành phố " if p.kind == "city" else "Tỉnh "
        assert p.name == prefix + p.short_name
    assert sum(p.kind == "province" for p in all_provinces()) == 58


def test_name_en_is_ascii():
    assert all(p.name_en.isascii() for p in all_provinces())


def test_unknown_code_raises_key_error():
    with pytest.raises(KeyError):
        province_by_code("03")
    with pytest.raises(KeyError):
        province_name("1")


def test_province_name():
    assert province_name("96") == "Tỉnh Cà Mau"
    assert province_name("92") == "Thành phố Cần Thơ"


def test_choices():
    assert len(PROVINCE_CHOICES) == 63
    assert PROVINCE_CHOICES[0] == ("01", "Hà Nội")
    assert ("48", "Đà Nẵng") in PROVINCE_CHOICES
    assert province_choices() == PROVINCE_CHOICES


def test_province_is_frozen():
    with pytest.raises(AttributeError):
        province_by_code("01").code = "02"  # type: ignore[misc]


def test_slugify_vi():
    assert slugify_vi("Đà Nẵng") == "da-nang"
    assert slugify_vi("Thừa Thiên Huế") == "thua-thien-hue"
    assert slugify_vi("Bà Rịa - Vũng Tàu") == "ba-ria-vung-tau"
    assert slugify_vi("Thành phố Hồ Chí Minh") == "thanh-pho-ho-chi-minh"
    assert slugify_vi("Đắk Lắk") == "dak-lak"


def test_slugify_vi_handles_decomposed_input():
    assert slugify_vi(unicodedata.normalize("NFD", "Đồng Tháp")) == "dong-thap"


def test_every_province_slug_is_distinct_and_complete():
    slugs = [slugify_vi(p.short_name) for p in all_provinces()]
    assert len(set(slugs)) == 63
    # No letter dropped: the slug has as many letters as the name.
    for p, slug in zip(all_provinces(), slugs, strict=True):
        assert len(slug.replace("-", "")) == sum(c.isalpha() for c in p.short_name)
