"""Seasons in the admin with their lifecycle (judging.services.seasons): the state is shown and
never edited by hand; "open for submissions" and "archive" go through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from categories.admin import SeasonAdmin
from categories.models import Season
from judging import services
from judging.admin.base import REFUSED, attempt, shown_datetime

admin.site.unregister(Season)


@admin.register(Season)
class SeasonLifecycleAdmin(SeasonAdmin):
    list_display = [
        "year",
        "name",
        "lifecycle",
        "submissions_open_at",
        "submission_deadline",
        "ceremony_date",
        "archived",
    ]
    readonly_fields = ["lifecycle", "archived_at"]
    actions = ["open_for_submissions", "archive"]

    @admin.display(description=_("state"))
    def lifecycle(self, obj) -> str:
        return obj.current_state().label

    @admin.display(description=_("archived"), ordering="archived_at")
    def archived(self, obj) -> str:
        return shown_datetime(obj.archived_at)

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f not in ("state", "lifecycle")]
        return ["lifecycle", *fields] if obj else fields

    def get_exclude(self, request, obj=None):
        return ["state"]

    @admin.action(description=_("Open the selected draft seasons for submissions"))
    def open_for_submissions(self, request, queryset):
        for season in queryset:
            done = attempt(
                request, lambda s=season: services.season_open(season=s, by=request.user)
            )
            if done is not REFUSED:
                messages.success(
                    request,
                    gettext("%(season)s: open for submissions until %(deadline)s.")
                    % {"season": season, "deadline": shown_datetime(season.submission_deadline)},
                )

    @admin.action(description=_("Archive the selected published seasons"))
    def archive(self, request, queryset):
        for season in queryset:
            done = attempt(
                request, lambda s=season: services.season_archive(season=s, by=request.user)
            )
            if done is not REFUSED:
                messages.success(request, gettext("%(season)s: archived.") % {"season": season})
