"""The portal's time zone and how it writes dates and times: dd/mm/yyyy, Vietnam time.

Deadlines are aware datetimes compared in UTC; everything shown to people goes through here."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

PORTAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Deadlines are shown to the second: the last second still counts.
DATETIME_SECONDS_FORMAT = "%d/%m/%Y %H:%M:%S"


def to_portal_time(value: datetime) -> datetime:
    return timezone.localtime(value, PORTAL_TZ)


def format_date(value: date | datetime | None, empty: str = "") -> str:
    if value is None:
        return empty
    if isinstance(value, datetime):
        value = to_portal_time(value)
    return value.strftime(DATE_FORMAT)


def format_datetime(value: datetime | None, empty: str = "", *, seconds: bool = False) -> str:
    if value is None:
        return empty
    return to_portal_time(value).strftime(DATETIME_SECONDS_FORMAT if seconds else DATETIME_FORMAT)
