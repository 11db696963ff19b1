"""Vietnam's provinces and centrally-run cities: the 63 of 2024 and the 34 in force from
1 July 2025 (see data/README.md). A form offers the map in force on its season's opening day."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from django.utils.text import slugify

DATA_FILE = Path(__file__).resolve().parent / "data" / "provinces_2024.json"
DATA_FILE_2025 = Path(__file__).resolve().parent / "data" / "provinces_2025.json"
MAP_2025_FROM = date(2025, 7, 1)  # Resolution 202/2025/QH15: 34 units from this day


@dataclass(frozen=True, slots=True)
class Province:
    code: str  # two-digit GSO administrative code, e.g. "01"
    name: str  # official name, e.g. "Thành phố Hà Nội"
    short_name: str  # e.g. "Hà Nội"
    name_en: str  # ASCII, e.g. "Ha Noi"
    kind: Literal["city", "province"]
    region: str = ""  # GSO socio-economic region (Vietnamese); informational only
    merged_from: tuple[str, ...] = field(default=())  # 2025 map: the 2024 codes it joins


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


@cache
def provinces_2025() -> tuple[Province, ...]:
    """The 34 units in force from 1/7/2025, sorted by code."""
    rows = json.loads(DATA_FILE_2025.read_text(encoding="utf-8"))
    units = (Province(**{**row, "merged_from": tuple(row["merged_from"])}) for row in rows)
    return tuple(sorted(units, key=lambda p: p.code))


def provinces_on(day: date) -> tuple[Province, ...]:
    """The map in force on ``day``: 63 until 30/6/2025, 34 from 1/7/2025."""
    return provinces_2025() if day >= MAP_2025_FROM else all_provinces()


def alphabetical_key(name: str) -> str:
    """Sort Vietnamese names as people look for them: letters without their marks, đ after d."""
    base = unicodedata.normalize("NFD", name.replace("đ", "dz").replace("Đ", "Dz"))
    return "".join(c for c in base if not unicodedata.combining(c)).casefold()


def province_choices_on(day: date) -> tuple[tuple[str, str], ...]:
    """(code, short name) of the map in force on ``day``, in alphabetical order."""
    units = sorted(provinces_on(day), key=lambda p: alphabetical_key(p.short_name))
    return tuple((p.code, p.short_name) for p in units)


def province_name_on(code: str, day: date) -> str:
    """Official name of ``code`` in the map in force on ``day``; KeyError if not in it."""
    return {p.code: p.name for p in provinces_on(day)}[code]


def code_in_2025_map(code_2024: str) -> str:
    """The 2025 unit that a 2024 province became (demo data, reports across the change)."""
    return next(p.code for p in provinces_2025() if code_2024 in p.merged_from)


PROVINCE_CHOICES: tuple[tuple[str, str], ...] = province_choices()


def slugify_vi(text: str) -> str:
    """Slugify Vietnamese text. Django's slugify drops "đ" (it has no ASCII decomposition)."""
    return slugify(text.replace("đ", "d").replace("Đ", "D"))
