"""Integrity findings for organisers: near-duplicate dossiers with their overlapping passages,
and identical files; a check per season runs from the list (judging.services.integrity)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from categories.models import Season
from judging import services
from judging.admin.base import REFUSED, ReadOnlyAdmin, attempt
from judging.models import IntegrityFinding


@admin.register(IntegrityFinding)
class IntegrityFindingAdmin(ReadOnlyAdmin):
    list_display = ["dossier_label", "other_label", "kind", "overlap", "shared", "checked_at"]
    list_filter = ["season", "kind"]
    list_select_related = ["dossier__season", "other__season"]
    search_fields = ["dossier__receipt_number", "other__receipt_number", "dossier__title"]
    fields = ["season", "kind", "dossier", "other", "score", "jaccard", "shared", "evidence"]
    readonly_fields = fields
    change_list_template = "admin/judging/integrityfinding/change_list.html"

    @admin.display(description=_("dossier"), ordering="dossier__receipt_number")
    def dossier_label(self, obj) -> str:
        return f"{obj.dossier.receipt_number} {obj.dossier.title}"

    @admin.display(description=_("similar to"))
    def other_label(self, obj) -> str:
        return f"{obj.other.receipt_number} {obj.other.title} ({obj.other.season.year})"

    @admin.display(description=_("overlap"), ordering="score")
    def overlap(self, obj) -> str:
        return f"{obj.score:.0%}" if obj.score is not None else "–"

    @admin.display(description=_("evidence"))
    def evidence(self, obj) -> str:
        if obj.sha256:
            return format_html_join("", "<p><code>{}</code></p>", ((d,) for d in obj.sha256))
        return format_html_join(
            "",
            '<div class="vda-passage"><p><strong>{}</strong> ↔ <strong>{}</strong> ({} {})</p>'
            "<blockquote>{}</blockquote><blockquote>{}</blockquote></div>",
            (
                (
                    p["field_a"],
                    p["field_b"],
                    p["words"],
                    gettext("words"),
                    p["text_a"],
                    p["text_b"],
                )
                for p in obj.passages
            ),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("run/<int:pk>/", view(self.run_view), name="judging_integrityfinding_run"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        seasons = Season.objects.order_by("-year")
        return super().changelist_view(request, {**(extra_context or {}), "seasons": seasons})

    def run_view(self, request, pk: int):
        if request.method != "POST" or not request.user.has_perm("judging.view_integrityfinding"):
            raise PermissionDenied
        season = get_object_or_404(Season, pk=pk)
        result = attempt(request, lambda: services.integrity_check(season=season, by=request.user))
        if result is not REFUSED:
            messages.success(
                request,
                gettext(
                    "%(season)s checked: %(texts)d near-duplicate pairs, %(files)d pairs with "
                    "identical files."
                )
                % {"season": season.year, "texts": result.texts, "files": result.files},
            )
        changelist = reverse("admin:judging_integrityfinding_changelist")
        return redirect(f"{changelist}?season__id__exact={season.pk}")
