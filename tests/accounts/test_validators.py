import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from stdnum.vn import mst

from accounts.validators import (
    format_phone,
    normalize_phone,
    normalize_tax_code,
    validate_citizen_id,
    validate_passport,
    validate_phone,
    validate_tax_code,
)


def _valid_tax_codes(count: int) -> list[str]:
    """Generate checksum-valid 10-digit codes with stdnum (some prefixes have none)."""
    codes = []
    for seq in range(1234567, 1234567 + 1000):
        prefix = f"01{seq:07d}"
        check = mst.calc_check_digit(prefix)
        if len(check) == 1:
            codes.append(prefix + check)
        if len(codes) == count:
            return codes
    raise AssertionError("not enough codes generated")


def _error_code(validator, value) -> str:
    with pytest.raises(ValidationError) as excinfo:
        validator(value)
    return excinfo.value.code


# --- tax code (mã số thuế) ---


@pytest.mark.parametrize(
    "value",
    [
        "0100109106",  # Viettel
        "0300588569",  # Vinamilk
        "0100112437",  # Vietcombank
    ],
)
def test_known_real_tax_codes_are_valid(value):
    validate_tax_code(value)
    assert normalize_tax_code(value) == value


def test_generated_tax_codes_are_valid():
    for code in _valid_tax_codes(20):
        validate_tax_code(code)
        assert normalize_tax_code(code) == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0100109106", "0100109106"),
        ("  0100109106 ", "0100109106"),
        ("0314409058-002", "0314409058-002"),
        ("0314409058002", "0314409058-002"),
        (" 0314409058 - 002 ", "0314409058-002"),
        ("0100109106-001", "0100109106-001"),
    ],
)
def test_normalize_tax_code(value, expected):
    assert normalize_tax_code(value) == expected
    validate_tax_code(value)


@pytest.mark.parametrize(
    "value",
    [
        "0100109107",  # Viettel with last digit changed
        "0300588560",
        "0100109107-001",
        "0100109107001",
    ],
)
def test_bad_checksum_is_refused(value):
    assert _error_code(validate_tax_code, value) == "invalid_tax_code_checksum"


@pytest.mark.parametrize(
    "value",
    [
        "010010910",  # 9 digits
        "01001091060",  # 11 digits
        "010010910600",  # 12 digits
        "01001091060012",  # 14 digits
        "0100109106-01",  # branch of 2 digits
        "0100109106-",  # dangling dash
        "01001O9106",  # letter O instead of zero
        "MST0100109106",
        "abcdefghij",
        "0100109106 001",  # branch must be joined directly or with a dash
        "٠١٠٠١٠٩١٠٦",  # Arabic-Indic digits
        "",
    ],
)
def test_malformed_tax_code_is_refused(value):
    assert _error_code(validate_tax_code, value) == "invalid_tax_code_format"


@pytest.mark.parametrize("value", ["0100109106-000", "0100000001"])
def test_impossible_tax_code_is_refused(value):
    # Branch 000 and sequence 0000000 are never issued.
    assert _error_code(validate_tax_code, value) == "invalid_tax_code"


def test_tax_code_messages_are_distinct_and_translatable():
    with translation.override("en"):
        with pytest.raises(ValidationError) as fmt:
            validate_tax_code("123")
        with pytest.raises(ValidationError) as checksum:
            validate_tax_code("0100109107")
        assert fmt.value.messages == [
            "Enter a tax code of 10 digits, or 13 digits for a branch (e.g. 0123456789-001)."
        ]
        assert checksum.value.messages == [
            "This tax code is not valid: please check it for mistyped digits."
        ]
    with translation.override("vi"):
        assert fmt.value.messages == [
            "Nhập mã số thuế gồm 10 chữ số, hoặc 13 chữ số đối với chi nhánh "
            "(ví dụ: 0123456789-001)."
        ]


# --- citizen ID (CCCD) ---


@pytest.mark.parametrize("value", ["001234567890", "079203001234", " 001234567890 "])
def test_citizen_id_valid(value):
    validate_citizen_id(value)


@pytest.mark.parametrize(
    "value",
    ["00123456789", "0012345678901", "00123456789A", "001 234 567 890", "", "١٢٣٤٥٦٧٨٩٠١٢"],
)
def test_citizen_id_refused(value):
    assert _error_code(validate_citizen_id, value) == "invalid_citizen_id"


# --- phone ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0912345678", "+84912345678"),
        ("091 234 5678", "+84912345678"),
        ("+84912345678", "+84912345678"),
        ("+84 91 234 5678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("0912-345-678", "+84912345678"),
        ("0312345678", "+84312345678"),
        ("0512345678", "+84512345678"),
        ("0712345678", "+84712345678"),
        ("0812345678", "+84812345678"),
        ("02438253536", "+842438253536"),  # Hà Nội landline
        ("024 3825 3536", "+842438253536"),
        ("+84 24 3825 3536", "+842438253536"),
        ("0236 3821 111", "+842363821111"),  # Đà Nẵng landline
        ("+49 30 12345678", "+493012345678"),  # abroad: any valid number with its country code
        ("0049 30 12345678", "+493012345678"),
        ("+1 (212) 555-0100", "+12125550100"),
        ("+33 1 42 68 53 00", "+33142685300"),
    ],
)
def test_phone_valid_and_normalized(value, expected):
    validate_phone(value)
    assert normalize_phone(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "0112345678",  # 01x prefixes were retired in 2018
        "0412345678",
        "0612345678",
        "091234567",  # 9 digits
        "09123456789",  # 11-digit mobile
        "+8491234567",  # +84 and 8 digits
        "+849123456789",
        "0243825353",  # 10-digit landline
        "+840912345678",  # trunk 0 kept after +84
        "84912345678",  # country code without +
        "0912a45678",
        "(024) 3825 3536",
        "",
        "+49 123",  # too short for Germany
        "+999 123456789",  # no such country code
        "+1 000 000 0000",
    ],
)
def test_phone_refused(value):
    assert _error_code(validate_phone, value) == "invalid_phone"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+84912345678", "0912 345 678"),
        ("+842438253536", "024 3825 3536"),
        ("0912345678", "0912 345 678"),  # an old national form
        ("+493012345678", "+49 30 12345678"),
        ("", ""),
    ],
)
def test_phone_shown_formatted(stored, shown):
    assert format_phone(stored) == shown


# --- passport ---


@pytest.mark.parametrize("value", ["C1234567", "B123456", "123456", "X" * 20, "n12345678"])
def test_passport_valid(value):
    validate_passport(value)


@pytest.mark.parametrize("value", ["C1234", "X" * 21, "C123 4567", "C-1234567", "C12345É", ""])
def test_passport_refused(value):
    assert _error_code(validate_passport, value) == "invalid_passport"


def test_the_data_migration_reads_old_numbers_as_vietnamese():
    from importlib import import_module

    migration = import_module("accounts.migrations.0006_phones_normalised_e164")
    assert [migration.to_e164(v) for v in ("0912345678", "0287300 1234", "+84912345678")] == [
        "+84912345678",
        "+842873001234",
        "+84912345678",
    ]
    assert migration.to_e164("not a phone") == "not a phone"
