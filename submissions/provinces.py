"""Vietnam's 63 provinces and centrally-run cities as of 2024 (see data/README.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from django.utils.text import slugify

DATA_FILE = Path(__file__).resolve().parent / "data" / "provinces_2024.json"


@dataclass(frozen=True, slots=True)
class Province:
    code: str  # two-digit GSO administrative code, e.g. "01"
    name: str  # official name, e.g. "Thành phố Hà Nội"
    short_name: str  # e.g. "Hà Nội"
    name_en: str  # ASCII, e.g. "Ha Noi"
    kind: Literal["city", "province"]
    region: str = ""  # GSO socio-economic region (Vietnamese); informational only


@cache
def all_provinces() -> tuple[Province, ...]:
    """All 63 units, sorted by code. The file is read once per process."""
    rows = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(sorted((Province(**row) for row in rows), key=lambda p: p.code))


@cache
def _by_code() -> dict[str, Province]:
    return {p.code: p for p in all_provinces()}


def province_by_code(code: str) -> Province:
    """Look up a province by its two-digit code; raises KeyError if unknown."""
    return _by_code()[code]


def province_name(code: str) -> str:
    """Official full name ("Tỉnh Cà Mau") for a code; raises KeyError if unknown."""
    return province_by_code(code).name


def province_choices() -> tuple[tuple[str, str], ...]:
    """(code, short_name) pairs, usable as (callable) choices on Django fields."""
    return tuple((p.code, p.short_name) for p in all_provinces())


PROVINCE_CHOICES: tuple[tuple[str, str], ...] = province_choices()


def slugify_vi(text: str) -> str:
    """Slugify Vietnamese text. Django's slugify drops "đ" (it has no ASCII decomposition)."""
    return slugify(text.replace("đ", "d").replace("Đ", "D"))
