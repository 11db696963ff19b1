"""The record of exports in the admin: read-only, for organisers to see who exported what."""

from __future__ import annotations

from django.contrib import admin

from judging.admin.base import NoWritesMixin
from organisers.models import ExportRecord


@admin.register(ExportRecord)
class ExportRecordAdmin(NoWritesMixin, admin.ModelAdmin):
    """A record is evidence: nobody adds, changes or deletes one by hand."""

    list_display = [
        "created_at",
        "exported_by",
        "channel",
        "season",
        "kind",
        "format",
        "row_count",
        "short_sha",
        "detail",
    ]
    list_filter = ["season", "kind", "format", "channel"]
    list_select_related = ["season", "exported_by"]
    search_fields = ["exported_by__email", "snapshot_sha256", "detail"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "exported_by",
        "channel",
        "season",
        "kind",
        "format",
        "row_count",
        "snapshot",
        "snapshot_sha256",
        "detail",
    ]
    readonly_fields = fields

    @admin.display(description="SHA-256")
    def short_sha(self, obj: ExportRecord) -> str:
        return obj.snapshot_sha256[:12]
