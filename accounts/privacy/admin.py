"""Organisers see data-subject requests with their deadlines and state, and consent records."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.privacy.models import ConsentEvent, DataRequest, DataRequestState


class OverdueFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Open and past its deadline"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                state__in=[DataRequestState.RECEIVED, DataRequestState.IN_PROGRESS],
                due_at__lt=timezone.now(),
            )
        return queryset


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    list_display = ["requested_at", "user", "kind", "state", "due_at", "completed_at", "progress"]
    list_filter = ["kind", "state", OverdueFilter]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    date_hierarchy = "requested_at"
    readonly_fields = [
        "user",
        "kind",
        "requested_at",
        "due_at",
        "completed_at",
        "progress",
        "file",
        "expires_at",
    ]
    fields = ["user", "kind", "state", "reason", *readonly_fields[2:]]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ConsentEvent)
class ConsentEventAdmin(admin.ModelAdmin):
    list_display = ["recorded_at", "user", "purpose", "granted", "notice_version", "source"]
    list_filter = ["purpose", "granted", "notice_version", "source"]
    search_fields = ["user__email"]
    list_select_related = ["user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
