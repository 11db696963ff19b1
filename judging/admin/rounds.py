"""The organisers' admin of rounds (state, assignment, results) and their panels.
Writes go through judging.services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from judging import results, services
from judging.admin.base import (
    REFUSED,
    JudgeChoicesMixin,
    attempt,
    page_context,
    report,
    shown_datetime,
)
from judging.calibration_report import calibration_report
from judging.models import (
    AssignmentStatus,
    Panel,
    ResultSnapshot,
    ReviewStatus,
    Round,
)
from judging.presentation import results_tables

# --- Rounds and panels ---------------------------------------------------------------------


class PanelInline(JudgeChoicesMixin, admin.TabularInline):
    model = Panel
    extra = 0
    fields = ["category", "judges", "quota", "threshold"]
    filter_horizontal = ["judges"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "category":
            kwargs["queryset"] = db_field.related_model.objects.select_related("season")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "state",
        "opens",
        "closes",
        "judges_per_dossier",
        "progress",
        "results_link",
    ]
    list_filter = ["season", "kind", "state"]
    list_select_related = ["season", "snapshot"]
    readonly_fields = ["state", "assignment_seed"]
    fields = [
        "season",
        "kind",
        "opens_at",
        "closes_at",
        "state",
        "judges_per_dossier",
        "assignment_seed",
        "trimmed_mean",
        "rank_by_normalised",
    ]
    inlines = [PanelInline]
    actions = ["open_rounds", "close_rounds", "assign", "confirm_results", "publish_results"]

    def get_queryset(self, request):
        active = Q(assignments__status=AssignmentStatus.ACTIVE)
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_count=Count("assignments", filter=active),
                final_count=Count(
                    "assignments", filter=active & Q(assignments__review__status=ReviewStatus.FINAL)
                ),
            )
        )

    @admin.display(description=_("opens"), ordering="opens_at")
    def opens(self, obj) -> str:
        return shown_datetime(obj.opens_at)

    @admin.display(description=_("closes"), ordering="closes_at")
    def closes(self, obj) -> str:
        return shown_datetime(obj.closes_at)

    @admin.display(description=_("final reviews"))
    def progress(self, obj) -> str:
        return f"{obj.final_count} / {obj.active_count}"

    @admin.display(description=_("results"))
    def results_link(self, obj) -> str:
        url = reverse("admin:judging_round_results", args=[obj.pk])
        snapshot = getattr(obj, "snapshot", None)  # a missing one raises AttributeError
        label = gettext("Confirmed") if snapshot else gettext("Preview")
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.action(description=_("Open the selected rounds"))
    def open_rounds(self, request, queryset):
        for round_ in queryset:
            report(request, lambda r=round_: services.round_open(round_=r, by=request.user))

    @admin.action(description=_("Close the selected rounds"))
    def close_rounds(self, request, queryset):
        for round_ in queryset:
            report(request, lambda r=round_: services.round_close(round_=r, by=request.user))

    @admin.action(description=_("Assign judges automatically"))
    def assign(self, request, queryset):
        for round_ in queryset:
            report = attempt(
                request,
                lambda r=round_: services.assign_automatically(round_=r, by=request.user),
            )
            if report is REFUSED:
                continue
            messages.success(
                request,
                ngettext(
                    "%(round)s: %(count)d assignment made.",
                    "%(round)s: %(count)d assignments made.",
                    report.created,
                )
                % {"round": round_, "count": report.created},
            )
            if report.shortfall:
                missing = ", ".join(f"{d} ({n})" for d, n in report.shortfall.items())
                messages.warning(
                    request,
                    gettext("Not enough conflict-free panel judges for: %(dossiers)s")
                    % {"dossiers": missing},
                )

    @admin.action(description=_("Confirm the results (stores the snapshot)"))
    def confirm_results(self, request, queryset):
        for round_ in queryset:
            if report(
                request, lambda r=round_: services.results_confirm(round_=r, by=request.user)
            ):
                messages.success(
                    request, gettext("%(round)s: results confirmed.") % {"round": round_}
                )

    @admin.action(description=_("Publish the results (emails the applicants)"))
    def publish_results(self, request, queryset):
        for round_ in queryset:
            count = attempt(
                request, lambda r=round_: services.results_publish(round_=r, by=request.user)
            )
            if count is REFUSED:
                continue
            messages.success(
                request,
                gettext("%(round)s: %(count)d result emails queued.")
                % {"round": round_, "count": count},
            )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/results/", view(self.results_view), name="judging_round_results"),
            *super().get_urls(),
        ]

    def results_view(self, request, pk: int) -> HttpResponse:
        if not request.user.has_perm("judging.view_round"):
            raise PermissionDenied
        round_ = get_object_or_404(Round.objects.select_related("season"), pk=pk)
        if request.method == "POST":
            return self._results_post(request, round_)
        snapshot = ResultSnapshot.objects.filter(round=round_).first()
        payload = snapshot.payload if snapshot else results.build_payload(round_)
        context = page_context(
            self,
            request,
            gettext("Results: %(round)s") % {"round": round_},
            round=round_,
            snapshot=snapshot,
            tables=results_tables(payload),
            calibration=calibration_report(payload),
            verification=results.verify(snapshot) if snapshot and "verify" in request.GET else None,
            can_confirm=request.user.has_perm("judging.add_resultsnapshot"),
        )
        return TemplateResponse(request, "admin/judging/results.html", context)

    def _results_post(self, request, round_: Round) -> HttpResponse:
        if not request.user.has_perm("judging.add_resultsnapshot"):
            raise PermissionDenied
        if "confirm" in request.POST and report(
            request, lambda: services.results_confirm(round_=round_, by=request.user)
        ):
            messages.success(request, gettext("Results confirmed and snapshot stored."))
        if "publish" in request.POST:
            count = attempt(
                request, lambda: services.results_publish(round_=round_, by=request.user)
            )
            if count is not REFUSED:
                messages.success(
                    request, gettext("%(count)d result emails queued.") % {"count": count}
                )
        return redirect("admin:judging_round_results", round_.pk)


@admin.register(Panel)
class PanelAdmin(JudgeChoicesMixin, SimpleHistoryAdmin):
    list_display = ["round", "category", "judge_count", "quota", "threshold"]
    list_filter = ["round__season", "round__kind", "category__number"]
    list_select_related = ["round__season", "category"]
    filter_horizontal = ["judges"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(judge_total=Count("judges"))

    @admin.display(description=_("judges"))
    def judge_count(self, obj) -> int:
        return obj.judge_total
