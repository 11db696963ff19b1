"""The access log and the anonymised dossiers, read-only, for organisers."""

from __future__ import annotations

from django.contrib import admin

from submissions.models import DossierAnonymisation, FileAccess


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FileAccess)
class FileAccessAdmin(ReadOnlyAdmin):
    list_display = ["accessed_at", "user", "label", "thumbnail"]
    list_filter = ["thumbnail", "accessed_at"]
    search_fields = ["user__email", "label"]
    list_select_related = ["user"]
    date_hierarchy = "accessed_at"


@admin.register(DossierAnonymisation)
class DossierAnonymisationAdmin(ReadOnlyAdmin):
    list_display = ["anonymised_at", "dossier", "reason", "files_deleted"]
    list_filter = ["reason"]
    list_select_related = ["dossier"]
