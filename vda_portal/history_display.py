"""How a recorded value reads on the history and audit pages: labels, not codes.

A status shows as its label (`Nháp → Đã nộp`, not `draft → submitted`), a boolean as Có/Không,
a date in Vietnam time, a related row by its name; a field whose value needs its app's words
(eligibility reason codes) registers a display here; the reasons the services record (`closed`,
`conflict of interest`, ...) show translated. Used by `vda_portal.history_admin` (every admin
history page) and judging's audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext

from vda_portal.localtime import format_date, format_datetime

EMPTY = "–"

FieldDisplay = Callable[[Any, Any], str]  # (value, the historical record or None) -> text
_FIELD_DISPLAYS: dict[tuple[str, str], FieldDisplay] = {}
_REASONS: dict[str, Promise | str] = {}
_REASON_PATTERNS: list[tuple[str, str, Callable[[str], str]]] = []


def register_field_display(model: type[models.Model], field_name: str, show: FieldDisplay) -> None:
    """A field whose stored value needs its app's words (e.g. reason codes → messages)."""
    _FIELD_DISPLAYS[model._meta.label_lower, field_name] = show


def register_reasons(reasons: dict[str, Promise | str]) -> None:
    """The change reasons an app's services record, each with its translated label."""
    _REASONS.update(reasons)


def register_reason_pattern(prefix: str, suffix: str, show: Callable[[str], str]) -> None:
    """A change reason made of a fixed prefix/suffix around a value (`attachment added: X`)."""
    _REASON_PATTERNS.append((prefix, suffix, show))


def shown_reason(reason: str | None) -> str:
    if not reason:
        return ""
    if reason in _REASONS:
        return str(_REASONS[reason])
    for prefix, suffix, show in _REASON_PATTERNS:
        if reason.startswith(prefix) and reason.endswith(suffix) and len(reason) > len(prefix):
            return show(reason[len(prefix) : len(reason) - len(suffix) if suffix else None])
    return reason


def shown_value(model: type[models.Model], field_name: str, value: Any, record: Any = None) -> str:
    """`value` of `model.field_name` (a field name, or its `_id` attribute) as people read it."""
    name = field_name.removesuffix("_id") if field_name.endswith("_id") else field_name
    try:
        field = model._meta.get_field(name)
    except Exception:  # not a model field (an annotation, a property): shown as it is
        field = None
    custom = _FIELD_DISPLAYS.get((model._meta.label_lower, name))
    if custom is not None:
        return custom(value, record)
    if value is None or value == "" or value == []:
        return EMPTY
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(field, models.ForeignKey) and not isinstance(value, models.Model):
        return _related(field, value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _related(field: models.ForeignKey, pk: Any) -> str:
    related = field.related_model._default_manager.filter(pk=pk).first()
    return str(related) if related is not None else f"#{pk}"
