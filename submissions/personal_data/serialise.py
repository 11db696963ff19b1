"""Rows as JSON-ready dicts: every concrete field, by column name, dates as ISO 8601."""

from __future__ import annotations

from typing import Any

from django.db import models

EXCLUDED_FIELDS = frozenset({"password"})


def row(instance: models.Model, *, exclude: frozenset[str] = EXCLUDED_FIELDS) -> dict[str, Any]:
    data = {}
    for field in instance._meta.concrete_fields:
        if field.attname in exclude or field.name in exclude:
            continue
        data[field.attname] = _value(field.value_from_object(instance))
    return data


def rows(queryset, **kwargs) -> list[dict[str, Any]]:
    return [row(instance, **kwargs) for instance in queryset]


def _value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, (str, int, float, bool, list, dict)) or value is None:
        return value
    return str(value)
