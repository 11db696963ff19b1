"""The record of every export: written before a file is sent."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from categories.models import Season
from judging.models import ResultSnapshot
from organisers.models import ExportChannel, ExportFormat, ExportKind, ExportRecord


@transaction.atomic
def record_export(
    *,
    by: User | None,
    season: Season,
    kind: ExportKind,
    fmt: ExportFormat,
    rows: int,
    snapshot: ResultSnapshot | None = None,
    detail: str = "",
    channel: ExportChannel = ExportChannel.WEB,
) -> ExportRecord:
    return ExportRecord.objects.create(
        season=season,
        kind=kind,
        format=fmt,
        snapshot=snapshot,
        snapshot_sha256=snapshot.sha256 if snapshot else "",
        detail=detail[:200],
        row_count=rows,
        exported_by=by,
        channel=channel,
    )
