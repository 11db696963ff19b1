"""What a certificate is made of, apart from its layout: the verification code (random and
signed, never the dossier's id), its URL and QR code, the ceremony date written out, and the
honoree's name as printed. Issuing and revoking: organisers.services."""

from __future__ import annotations

import secrets
from datetime import date
from functools import lru_cache

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

# No 0/O, 1/I/L: a code read aloud or typed from paper is not mistaken.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TOKEN_LENGTH = 10
SIGNATURE_LENGTH = 6
_SALT = "organisers.certificate-code"

MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _signature(token: str) -> str:
    digest = salted_hmac(_SALT, token, algorithm="sha256").digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(SIGNATURE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


def new_code() -> str:
    """A fresh code: ten random characters (about 50 bits) and six of signature."""
    token = "".join(secrets.choice(ALPHABET) for _ in range(TOKEN_LENGTH))
    return f"{token}-{_signature(token)}"


def code_is_signed(code: str) -> bool:
    """Whether the code is one the portal made: a changed or made-up code is not, and is
    refused before the database is asked."""
    token, sep, signature = code.upper().partition("-")
    if not sep or len(token) != TOKEN_LENGTH or any(c not in ALPHABET for c in token):
        return False
    return constant_time_compare(signature, _signature(token))


def verification_path(code: str) -> str:
    return reverse("verify_certificate", args=[code])


def verification_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + verification_path(code)


def qr_code(url: str) -> qrcode.QRCode:
    """The QR code of a verification URL (medium error correction: survives a scuffed print)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    qr.add_data(url)
    qr.make(fit=True)
    return qr


@lru_cache(maxsize=2048)
def qr_svg(url: str) -> str:
    """The QR code as an inline SVG element, for the PDF and the pages."""
    image = qr_code(url).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return svg.split("?>", 1)[-1].strip() if svg.startswith("<?xml") else svg


def ceremony_date_written(value: date | None, language: str) -> str:
    """ "Hà Nội, ngày 05 tháng 10 năm 2024" in Vietnamese, "Hanoi, 5 October 2024" in English."""
    if value is None:
        return ""
    if language.startswith("en"):
        return f"Hanoi, {value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    return f"Hà Nội, ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"
