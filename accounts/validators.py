"""Validators and normalisers for Vietnamese identifiers on the applicant profile.

The normalise_* functions raise the same ValidationError as the validators, so form
``clean_<field>`` methods can call them directly and store the canonical form.
"""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.vn import mst

# [0-9] rather than \d: \d also matches non-ASCII digits such as "٣".
# Parent's 10 digits, then an optional 3-digit branch suffix, with or without a dash.
_TAX_CODE_RE = re.compile(r"([0-9]{10})(?:(?:\s*-\s*)?([0-9]{3}))?")
_CITIZEN_ID_RE = re.compile(r"[0-9]{12}")
# Mobiles: 10 digits, 03/05/07/08/09. Landlines: 11 digits, 02 + area code + subscriber.
_NATIONAL_PHONE_RE = re.compile(r"0(?:[35789][0-9]{8}|2[0-9]{9})")
_PHONE_SEPARATORS_RE = re.compile(r"[\s.\-]")
_PASSPORT_RE = re.compile(r"[A-Za-z0-9]{6,20}")


def _error(message: str, code: str, value: object) -> ValidationError:
    return ValidationError(message, code=code, params={"value": value})


def normalize_tax_code(value: str) -> str:
    """Return "0123456789" or, for a branch, "0123456789-001"."""
    match = _TAX_CODE_RE.fullmatch(str(value).strip())
    if match is None:
        raise _error(
            _("Enter a tax code of 10 digits, or 13 digits for a branch (e.g. 0123456789-001)."),
            "invalid_tax_code_format",
            value,
        )
    parent, branch = match.groups()
    try:
        mst.validate(parent + (branch or ""))
    except InvalidChecksum:
        raise _error(
            _("This tax code is not valid: please check it for mistyped digits."),
            "invalid_tax_code_checksum",
            value,
        ) from None
    except StdnumError:
        # Structurally impossible numbers: sequence 0000000 or branch 000.
        raise _error(_("This tax code is not valid."), "invalid_tax_code", value) from None
    return f"{parent}-{branch}" if branch else parent


def validate_tax_code(value: str) -> None:
    normalize_tax_code(value)


def validate_citizen_id(value: str) -> None:
    # The CCCD number has no public check digit, so only the shape can be checked.
    if _CITIZEN_ID_RE.fullmatch(str(value).strip()) is None:
        raise _error(_("Enter the 12-digit citizen ID (CCCD) number."), "invalid_citizen_id", value)


def normalize_phone(value: str) -> str:
    """Return the number in E.164, e.g. "+84912345678" or "+493012345678".

    Vietnamese numbers (national, or after +84) are checked as before: a 10-digit mobile
    (03/05/07/08/09) or an 11-digit landline (02…). Others need their country code (+ or 00)
    and must be valid numbers of that country (`phonenumbers`)."""
    raw = str(value).strip()
    compact = _PHONE_SEPARATORS_RE.sub("", raw)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+") and not compact.startswith("+84"):
        return _international_e164(raw, value)
    national = "0" + compact[3:] if compact.startswith("+84") else compact
    if _NATIONAL_PHONE_RE.fullmatch(national) is None:
        raise _error(
            _(
                "Enter a Vietnamese phone number: a 10-digit mobile (e.g. 0912 345 678) "
                "or an 11-digit landline (e.g. 024 3825 3536); +84 may replace the first 0. "
                "A number abroad starts with + and its country code (e.g. +49 30 12345678)."
            ),
            "invalid_phone",
            value,
        )
    return "+84" + national[1:]


def _international_e164(raw: str, value: object) -> str:
    text = "+" + raw.lstrip()[2:] if raw.lstrip().startswith("00") else raw
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise _error(
            _(
                "This phone number is not valid for its country: check the country code and "
                "the digits (e.g. +49 30 12345678)."
            ),
            "invalid_phone",
            value,
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(value: str) -> str:
    """A stored number as people write it: "091 234 56 78" in Vietnam, "+49 30 12345678" abroad
    (an old national form is read as Vietnamese)."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "VN")
    except phonenumbers.NumberParseException:
        return value
    if number.country_code == 84:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def validate_phone(value: str) -> None:
    normalize_phone(value)


def validate_passport(value: str) -> None:
    # Deliberately loose: applicants may hold foreign passports with other formats.
    if _PASSPORT_RE.fullmatch(str(value).strip()) is None:
        raise _error(
            _("Enter a passport number of 6 to 20 letters and digits."), "invalid_passport", value
        )
