"""Printed names: what honorees' certificates and the honoree list print, frozen at the final
round's confirmation; a later profile change shows here as a pending correction that organisers
accept or decline (judging.services.printed_names, recorded in the history)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from judging import services
from judging.admin.base import ReadOnlyAdmin, report, shown_datetime
from judging.models import PrintedName
from judging.printed_names import pending_correction


@admin.register(PrintedName)
class PrintedNameAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "name", "title", "province", "correction", "frozen"]
    list_filter = ["snapshot__round"]
    search_fields = ["name", "title", "dossier__receipt_number"]
    list_select_related = [
        "snapshot__round__season",
        "dossier__applicant__applicant_profile",
    ]
    actions = ["accept_corrections", "decline_corrections"]

    def has_change_permission(self, request, obj=None) -> bool:
        # Only to run the actions below; the form itself is read-only.
        return obj is None and request.user.has_perm("judging.change_printedname")

    @admin.display(description=_("pending correction (the profile now says)"))
    def correction(self, obj) -> str:
        return pending_correction(obj) or "–"

    @admin.display(description=_("frozen"), ordering="frozen_at")
    def frozen(self, obj) -> str:
        return shown_datetime(obj.frozen_at)

    @admin.action(description=_("Accept the pending corrections (print the profile's name)"))
    def accept_corrections(self, request, queryset):
        self._each(request, queryset, services.printed_name_accept_correction)

    @admin.action(description=_("Decline the pending corrections (keep the printed name)"))
    def decline_corrections(self, request, queryset):
        self._each(request, queryset, services.printed_name_decline_correction)

    def _each(self, request, queryset, action) -> None:
        pending = [p for p in queryset if pending_correction(p)]
        done = sum(report(request, lambda p=p: action(printed=p, by=request.user)) for p in pending)
        messages.info(
            request,
            ngettext("%(count)d name updated.", "%(count)d names updated.", done) % {"count": done}
            if done
            else gettext("None of the selected names has a pending correction."),
        )
