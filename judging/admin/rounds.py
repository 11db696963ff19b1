"""The organisers' admin of rounds (state, assignment, results) and their panels.
Writes go through judging.services."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from judging import results, services
from judging.admin.base import (
    REFUSED,
    JudgeChoicesMixin,
    attempt,
    dry_run,
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
    RoundPublication,
)
from judging.presentation import (
    INPUTS_SECONDS,
    SNAPSHOT_SECONDS,
    results_for_page,
    results_tables,
)
from vda_portal.admin_labels import LabelledFormMixin, LabelledInlineMixin
from vda_portal.history_admin import HistoryReadOnlyAdmin

# --- Rounds and panels ---------------------------------------------------------------------

# One category's ranking at a time, a page of rows each: 1,950 rows at once made the page
# 800 KB; the complete ranking is the export's (organisers.exports.ranking).
RESULTS_PER_PAGE = 50


def _confirmed(round_: Round) -> bool:
    """Whether the round is confirmed, asked once per page: the admin asks it for every
    permission of the form and of each inline (the instance lives for one request)."""
    if not hasattr(round_, "_vda_confirmed"):
        round_._vda_confirmed = services.is_confirmed(round_)
    return round_._vda_confirmed


class PanelInline(LabelledInlineMixin, JudgeChoicesMixin, admin.TabularInline):
    model = Panel
    extra = 0
    fields = ["category", "judges", "quota", "threshold"]
    filter_horizontal = ["judges"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "category":
            kwargs["queryset"] = db_field.related_model.objects.select_related("season")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # A confirmed round's panels (judges, N, threshold) are read-only.
    def has_add_permission(self, request, obj=None) -> bool:
        return not (obj and _confirmed(obj)) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        locked = obj and _confirmed(obj)
        return not locked and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        locked = obj and _confirmed(obj)
        return not locked and super().has_delete_permission(request, obj)


@admin.register(Round)
class RoundAdmin(LabelledFormMixin, HistoryReadOnlyAdmin):
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
    list_select_related = ["season", "snapshot", "publication"]
    readonly_fields = ["state", "assignment_seed", "reconfirmation_reason"]
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
        "reconfirmation_reason",
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
        published = getattr(obj, "publication", None)
        label = (
            gettext("Published")
            if published
            else gettext("Confirmed")
            if snapshot
            else gettext("Preview")
        )
        return format_html('<a href="{}">{}</a>', url, label)

    # --- Bulk actions: a confirmation page saying what will change, then what did ---------

    def _confirm_page(self, request, queryset, *, action: str, title, button, plan, run):
        """`plan(round_)` -> dict for the page (`lines`, `refusal`, extras), computed without
        writing; on "post" `run(round_)` does it and returns the message of what was done."""
        rounds = list(queryset.select_related("season"))
        if request.POST.get("post") == "yes":
            for round_ in rounds:
                done = attempt(request, lambda r=round_: run(r))
                if done is not REFUSED:
                    messages.success(request, done)
            return None
        items = [{"round": round_, **plan(round_)} for round_ in rounds]
        context = page_context(
            self,
            request,
            title,
            items=items,
            action=action,
            button=button,
            any_allowed=any(not item["refusal"] for item in items),
            selected=[round_.pk for round_ in rounds],
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
        )
        return TemplateResponse(request, "admin/judging/round_action.html", context)

    @admin.action(description=_("Open the selected rounds"))
    def open_rounds(self, request, queryset):
        def plan(round_):
            _done, refusal = dry_run(lambda: services.round_open(round_=round_, by=request.user))
            lines = [
                gettext("Opens now: its judges can score until %(closes)s.")
                % {"closes": shown_datetime(round_.closes_at)}
            ]
            return {"refusal": refusal, "lines": lines}

        def run(round_):
            services.round_open(round_=round_, by=request.user)
            return gettext("%(round)s: opened.") % {"round": round_}

        return self._confirm_page(
            request,
            queryset,
            action="open_rounds",
            title=gettext("Open rounds"),
            button=gettext("Open"),
            plan=plan,
            run=run,
        )

    @admin.action(description=_("Close the selected rounds"))
    def close_rounds(self, request, queryset):
        def plan(round_):
            missing = services.missing_reviews(round_)
            _done, refusal = dry_run(
                lambda: services.round_close(
                    round_=round_, by=request.user, missing_accepted=[a.pk for a in missing]
                )
            )
            lines = [gettext("Closes now: judges can no longer score or change their reviews.")]
            if missing:
                lines.append(
                    ngettext(
                        "Close with %(count)d review missing:",
                        "Close with %(count)d reviews missing:",
                        len(missing),
                    )
                    % {"count": len(missing)}
                )
            return {"refusal": refusal, "lines": lines, "missing": missing}

        def run(round_):
            accepted = [int(pk) for pk in request.POST.getlist(f"missing-{round_.pk}") if pk]
            services.round_close(round_=round_, by=request.user, missing_accepted=accepted)
            if accepted:
                return ngettext(
                    "%(round)s: closed with %(count)d review missing.",
                    "%(round)s: closed with %(count)d reviews missing.",
                    len(accepted),
                ) % {"round": round_, "count": len(accepted)}
            return gettext("%(round)s: closed.") % {"round": round_}

        return self._confirm_page(
            request,
            queryset,
            action="close_rounds",
            title=gettext("Close rounds"),
            button=gettext("Close"),
            plan=plan,
            run=run,
        )

    @admin.action(description=_("Assign judges automatically"))
    def assign(self, request, queryset):
        def plan(round_):
            report, refusal = dry_run(
                lambda: services.assign_automatically(round_=round_, by=request.user)
            )
            lines = []
            if report is not None:
                lines.append(
                    ngettext(
                        "%(count)d assignment will be made.",
                        "%(count)d assignments will be made.",
                        report.created,
                    )
                    % {"count": report.created}
                )
                if report.shortfall:
                    lines.append(
                        gettext("Not enough conflict-free panel judges for: %(dossiers)s")
                        % {"dossiers": ", ".join(f"{d} ({n})" for d, n in report.shortfall.items())}
                    )
            return {"refusal": refusal, "lines": lines}

        def run(round_):
            report = services.assign_automatically(round_=round_, by=request.user)
            if report.shortfall:
                messages.warning(
                    request,
                    gettext("Not enough conflict-free panel judges for: %(dossiers)s")
                    % {"dossiers": ", ".join(f"{d} ({n})" for d, n in report.shortfall.items())},
                )
            return ngettext(
                "%(round)s: %(count)d assignment made.",
                "%(round)s: %(count)d assignments made.",
                report.created,
            ) % {"round": round_, "count": report.created}

        return self._confirm_page(
            request,
            queryset,
            action="assign",
            title=gettext("Assign judges automatically"),
            button=gettext("Assign"),
            plan=plan,
            run=run,
        )

    @admin.action(description=_("Confirm the results (stores the snapshot)"))
    def confirm_results(self, request, queryset):
        def plan(round_):
            counts, refusal = dry_run(
                lambda: services.results_confirm(round_=round_, by=request.user),
                lambda snapshot: _ranked_and_selected(snapshot.payload),
            )
            lines = []
            if counts:
                lines = [
                    gettext(
                        "%(ranked)d dossiers ranked, %(selected)d selected; their statuses are "
                        "set (not shown to applicants until publication)."
                    )
                    % counts,
                    gettext(
                        "The round becomes read-only: its settings, panels, assignments and "
                        "reviews."
                    ),
                ]
            return {"refusal": refusal, "lines": lines}

        def run(round_):
            services.results_confirm(round_=round_, by=request.user)
            return gettext("%(round)s: results confirmed.") % {"round": round_}

        return self._confirm_page(
            request,
            queryset,
            action="confirm_results",
            title=gettext("Confirm results"),
            button=gettext("Confirm the results"),
            plan=plan,
            run=run,
        )

    @admin.action(description=_("Publish the results (emails the applicants)"))
    def publish_results(self, request, queryset):
        def plan(round_):
            preview = services.publication_preview(round_=round_)
            return {"refusal": preview.refusal, "lines": [], "preview": preview}

        def run(round_):
            count = services.results_publish(round_=round_, by=request.user)
            return gettext("%(round)s: %(count)d result emails queued.") % {
                "round": round_,
                "count": count,
            }

        return self._confirm_page(
            request,
            queryset,
            action="publish_results",
            title=gettext("Publish results"),
            button=gettext("Send the emails"),
            plan=plan,
            run=run,
        )

    # --- Read-only once confirmed -----------------------------------------------------------

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and _confirmed(obj):
            return False  # the page shows it read-only; a superuser may unconfirm it
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and _confirmed(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        services.round_save_settings(round_=obj, by=request.user)

    def save_formset(self, request, form, formset, change) -> None:
        services.ensure_round_unlocked(form.instance)
        super().save_formset(request, form, formset, change)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/results/", view(self.results_view), name="judging_round_results"),
            path("<int:pk>/publish/", view(self.publish_view), name="judging_round_publish"),
            path("<int:pk>/unconfirm/", view(self.unconfirm_view), name="judging_round_unconfirm"),
            *super().get_urls(),
        ]

    def results_view(self, request, pk: int) -> HttpResponse:
        if not request.user.has_perm("judging.view_round"):
            raise PermissionDenied
        round_ = get_object_or_404(Round.objects.select_related("season"), pk=pk)
        if request.method == "POST":
            return self._results_post(request, round_)
        # The payload (every score) is read only when the cache has not got its tables.
        snapshots = ResultSnapshot.objects.filter(round=round_).select_related("confirmed_by")
        snapshot = snapshots.defer("payload").first()
        name, seconds, payload = self._results_source(round_, snapshot)
        try:
            summaries, table, calibration = results_for_page(
                name,
                lambda: self._results_computed(payload()),
                request.GET.get("category"),
                seconds=seconds,
            )
        except LookupError:
            raise Http404 from None  # a category the round has not got
        rows = Paginator(table.rows, RESULTS_PER_PAGE) if table else None
        context = page_context(
            self,
            request,
            gettext("Results: %(round)s") % {"round": round_},
            round=round_,
            snapshot=snapshot,
            summaries=summaries,
            table=table,
            page=rows.get_page(request.GET.get("page")) if rows else None,
            line_page=(table.line_index // RESULTS_PER_PAGE) + 1 if table else None,
            calibration=calibration,
            verification=results.verify(snapshot) if snapshot and "verify" in request.GET else None,
            can_confirm=request.user.has_perm("judging.add_resultsnapshot"),
            can_unconfirm=request.user.is_superuser,
            published=RoundPublication.objects.filter(round=round_).first(),
        )
        return TemplateResponse(request, "admin/judging/results.html", context)

    @staticmethod
    def _results_source(round_: Round, snapshot) -> tuple[str, int, Callable[[], dict]]:
        """(what names the page's results, how long to keep them, their payload when not)."""
        if snapshot:
            name = f"snapshot:{snapshot.pk}:{snapshot.sha256}"
            return name, SNAPSHOT_SECONDS, lambda: snapshot.payload
        # An open round: its current inputs name it (cheap to read; ranking them is not).
        inputs = results.preview_inputs(round_, with_reviews=True)
        name = f"round:{round_.pk}:{inputs.digest()}"
        return name, INPUTS_SECONDS, lambda: results.ranked(inputs)

    @staticmethod
    def _results_computed(payload: dict) -> tuple:
        return results_tables(payload), calibration_report(payload)

    def publish_view(self, request, pk: int) -> HttpResponse:
        """The publication preview (who will be told what, each email in each language), then
        "send to N people"."""
        if not request.user.has_perm("judging.add_resultsnapshot"):
            raise PermissionDenied
        round_ = get_object_or_404(Round.objects.select_related("season"), pk=pk)
        if request.method == "POST":
            count = attempt(
                request, lambda: services.results_publish(round_=round_, by=request.user)
            )
            if count is not REFUSED:
                messages.success(
                    request, gettext("%(count)d result emails queued.") % {"count": count}
                )
            return redirect("admin:judging_round_results", round_.pk)
        preview = services.publication_preview(round_=round_)
        context = page_context(
            self,
            request,
            gettext("Publish: %(round)s") % {"round": round_},
            round=round_,
            preview=preview,
        )
        return TemplateResponse(request, "admin/judging/publish.html", context)

    def unconfirm_view(self, request, pk: int) -> HttpResponse:
        """A superuser takes back the confirmation, with a reason (recorded)."""
        if not request.user.is_superuser:
            raise PermissionDenied
        round_ = get_object_or_404(Round.objects.select_related("season"), pk=pk)
        error = None
        if request.method == "POST":
            done = attempt(
                request,
                lambda: services.results_unconfirm(
                    round_=round_, by=request.user, reason=request.POST.get("reason", "")
                ),
            )
            if done is not REFUSED:
                messages.success(
                    request,
                    gettext("%(round)s: confirmation withdrawn; confirm the results again.")
                    % {"round": round_},
                )
                return redirect("admin:judging_round_results", round_.pk)
            error = True
        context = page_context(
            self,
            request,
            gettext("Unconfirm: %(round)s") % {"round": round_},
            round=round_,
            error=error,
            reason=request.POST.get("reason", ""),
        )
        return TemplateResponse(request, "admin/judging/unconfirm.html", context)

    def _results_post(self, request, round_: Round) -> HttpResponse:
        if not request.user.has_perm("judging.add_resultsnapshot"):
            raise PermissionDenied
        if "confirm" in request.POST and report(
            request, lambda: services.results_confirm(round_=round_, by=request.user)
        ):
            messages.success(request, gettext("Results confirmed and snapshot stored."))
        return redirect("admin:judging_round_results", round_.pk)


def _ranked_and_selected(payload: dict) -> dict[str, int]:
    rows = [row for category in payload["results"] for row in category["ranking"]]
    return {"ranked": len(rows), "selected": sum(1 for row in rows if row["selected"])}


@admin.register(Panel)
class PanelAdmin(JudgeChoicesMixin, HistoryReadOnlyAdmin):
    list_display = ["round", "category", "judge_count", "quota", "threshold"]
    list_filter = ["round__season", "round__kind", "category__number"]
    list_select_related = ["round__season", "category"]
    filter_horizontal = ["judges"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(judge_total=Count("judges"))

    @admin.display(description=_("judges"))
    def judge_count(self, obj) -> int:
        return obj.judge_total

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and _confirmed(obj.round):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and _confirmed(obj.round):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        services.panel_save(panel=obj, by=request.user)
