"""The organisers' judging admin: rounds (state, assignment, results), panels, assignments,
conflicts of interest, reviews and the confirmed results. Writes go through judging.services."""

from __future__ import annotations

from django import forms
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
from judging.forms import ReassignForm, judge_choices
from judging.models import (
    Assignment,
    AssignmentStatus,
    ConflictOfInterest,
    DossierResult,
    Panel,
    ResultSnapshot,
    Review,
    ReviewStatus,
    Round,
    Score,
)
from judging.presentation import results_tables

ICT_DATETIME = "%d/%m/%Y %H:%M"


def ict(value) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime(ICT_DATETIME) if value else "–"


REFUSED = object()


def _attempt(request, action):
    """Run a service call, turning a refusal into an error message; its result, or REFUSED."""
    try:
        return action()
    except services.JudgingError as error:
        messages.error(request, error.message)
        return REFUSED


def _report(request, action) -> bool:
    """Run a service call as _attempt does; True when it worked."""
    return _attempt(request, action) is not REFUSED


# --- Rounds and panels ---------------------------------------------------------------------


class PanelInline(admin.TabularInline):
    model = Panel
    extra = 0
    fields = ["category", "judges", "quota", "threshold"]
    filter_horizontal = ["judges"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "judges":
            kwargs["queryset"] = judge_choices()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

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
                    "assignments", filter=active & Q(assignments__review__status="final")
                ),
            )
        )

    @admin.display(description=_("opens"), ordering="opens_at")
    def opens(self, obj) -> str:
        return ict(obj.opens_at)

    @admin.display(description=_("closes"), ordering="closes_at")
    def closes(self, obj) -> str:
        return ict(obj.closes_at)

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
            _report(request, lambda r=round_: services.round_open(round_=r, by=request.user))

    @admin.action(description=_("Close the selected rounds"))
    def close_rounds(self, request, queryset):
        for round_ in queryset:
            _report(request, lambda r=round_: services.round_close(round_=r, by=request.user))

    @admin.action(description=_("Assign judges automatically"))
    def assign(self, request, queryset):
        for round_ in queryset:
            report = _attempt(
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
            if _report(
                request, lambda r=round_: services.results_confirm(round_=r, by=request.user)
            ):
                messages.success(
                    request, gettext("%(round)s: results confirmed.") % {"round": round_}
                )

    @admin.action(description=_("Publish the results (emails the applicants)"))
    def publish_results(self, request, queryset):
        for round_ in queryset:
            count = _attempt(
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
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Results: %(round)s") % {"round": round_},
            "round": round_,
            "snapshot": snapshot,
            "tables": results_tables(payload),
            "verification": results.verify(snapshot)
            if snapshot and "verify" in request.GET
            else None,
            "can_confirm": request.user.has_perm("judging.add_resultsnapshot"),
        }
        return TemplateResponse(request, "admin/judging/results.html", context)

    def _results_post(self, request, round_: Round) -> HttpResponse:
        if not request.user.has_perm("judging.add_resultsnapshot"):
            raise PermissionDenied
        if "confirm" in request.POST and _report(
            request, lambda: services.results_confirm(round_=round_, by=request.user)
        ):
            messages.success(request, gettext("Results confirmed and snapshot stored."))
        if "publish" in request.POST:
            count = _attempt(
                request, lambda: services.results_publish(round_=round_, by=request.user)
            )
            if count is not REFUSED:
                messages.success(
                    request, gettext("%(count)d result emails queued.") % {"count": count}
                )
        return redirect("admin:judging_round_results", round_.pk)


@admin.register(Panel)
class PanelAdmin(SimpleHistoryAdmin):
    list_display = ["round", "category", "judge_count", "quota", "threshold"]
    list_filter = ["round__season", "round__kind", "category__number"]
    list_select_related = ["round__season", "category"]
    filter_horizontal = ["judges"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(judge_total=Count("judges"))

    @admin.display(description=_("judges"))
    def judge_count(self, obj) -> int:
        return obj.judge_total

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "judges":
            kwargs["queryset"] = judge_choices()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# --- Assignments ---------------------------------------------------------------------------


class AssignmentAddForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["round", "dossier", "judge"]

    def clean(self):
        data = super().clean()
        if all(data.get(name) for name in ("round", "dossier", "judge")):
            problem = services.assignment_problem(
                round_=data["round"], dossier=data["dossier"], judge=data["judge"]
            )
            if problem:
                raise forms.ValidationError(problem)
        return data


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "dossier",
        "category_number",
        "judge",
        "round",
        "status",
        "review_status",
        "review_total",
        "reassign_link",
    ]
    list_filter = ["round__season", "round__kind", "status", "dossier__category__number", "judge"]
    search_fields = [
        "dossier__title",
        "dossier__receipt_number",
        "judge__email",
        "judge__full_name",
    ]
    list_select_related = ["dossier__category", "judge", "round__season", "review"]
    raw_id_fields = ["dossier"]
    readonly_fields = ["round", "dossier", "judge", "status", "queue_key", "note"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = AssignmentAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        return ["round", "dossier", "judge"] if obj is None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "judge":
            kwargs["queryset"] = judge_choices()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return  # nothing is editable here; moves go through "reassign"
        created = services.assignment_create(
            round_=obj.round, dossier=obj.dossier, judge=obj.judge, by=request.user
        )
        obj.pk = created.pk

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # rows stay: their status tells the story

    @admin.display(description=_("category"), ordering="dossier__category__number")
    def category_number(self, obj) -> int:
        return obj.dossier.category.number

    @admin.display(description=_("review"))
    def review_status(self, obj) -> str:
        review = getattr(obj, "review", None)
        return review.get_status_display() if review else "–"

    @admin.display(description=_("total"))
    def review_total(self, obj) -> str:
        review = getattr(obj, "review", None)
        return f"{review.total:.2f}" if review and review.total is not None else "–"

    @admin.display(description=_("move"))
    def reassign_link(self, obj) -> str:
        if not obj.is_active:
            return ""
        url = reverse("admin:judging_assignment_reassign", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Reassign"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/reassign/", view(self.reassign_view), name="judging_assignment_reassign"
            ),
            *super().get_urls(),
        ]

    def reassign_view(self, request, pk: int) -> HttpResponse:
        if not request.user.has_perm("judging.change_assignment"):
            raise PermissionDenied
        assignment = get_object_or_404(
            Assignment.objects.select_related("round__season", "dossier", "judge"), pk=pk
        )
        form = ReassignForm(request.POST or None, assignment=assignment)
        if request.method == "POST" and form.is_valid():
            ok = _report(
                request,
                lambda: services.assignment_reassign(
                    assignment=assignment,
                    judge=form.cleaned_data["judge"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                ),
            )
            if ok:
                messages.success(request, gettext("The dossier was reassigned."))
                return redirect("admin:judging_assignment_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Reassign %(assignment)s") % {"assignment": assignment},
            "assignment": assignment,
            "form": form,
        }
        return TemplateResponse(request, "admin/judging/reassign.html", context)


# --- Conflicts of interest -----------------------------------------------------------------


class ConflictForm(forms.ModelForm):
    class Meta:
        model = ConflictOfInterest
        fields = ["judge", "dossier", "applicant", "reason"]

    def clean(self):
        data = super().clean()
        if bool(data.get("dossier")) == bool(data.get("applicant")):
            raise forms.ValidationError(gettext("Name either a dossier or an applicant."))
        return data


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(SimpleHistoryAdmin):
    form = ConflictForm
    list_display = ["judge", "target", "reason", "declared_by", "declared"]
    list_filter = ["judge"]
    search_fields = [
        "judge__email",
        "dossier__title",
        "dossier__receipt_number",
        "applicant__email",
    ]
    list_select_related = ["judge", "dossier", "applicant", "declared_by"]
    raw_id_fields = ["dossier", "applicant"]

    def get_readonly_fields(self, request, obj=None):
        return ["judge", "dossier", "applicant", "reason", "declared_by"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "judge":
            kwargs["queryset"] = judge_choices()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("conflict with"))
    def target(self, obj) -> str:
        return str(obj.dossier or obj.applicant)

    @admin.display(description=_("declared"), ordering="created_at")
    def declared(self, obj) -> str:
        return ict(obj.created_at)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return
        conflict = services.conflict_declare(
            judge=obj.judge,
            dossier=obj.dossier,
            applicant=obj.applicant,
            reason=obj.reason,
            by=request.user,
        )
        obj.pk = conflict.pk

    def delete_model(self, request, obj) -> None:
        services.conflict_remove(conflict=obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for conflict in queryset:
            services.conflict_remove(conflict=conflict, by=request.user)


# --- Reviews and results -------------------------------------------------------------------


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    fields = ["criterion", "value"]
    readonly_fields = ["criterion", "value"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "judge", "round", "status", "total", "submitted"]
    list_per_page = 50
    list_filter = ["assignment__round", "status", "assignment__dossier__category__number"]
    search_fields = ["assignment__dossier__title", "assignment__dossier__receipt_number"]
    list_select_related = ["assignment__dossier", "assignment__judge", "assignment__round__season"]
    inlines = [ScoreInline]
    actions = ["reopen"]

    def has_change_permission(self, request, obj=None) -> bool:
        # Only to run the "reopen" action; the form itself is read-only.
        return obj is None and request.user.has_perm("judging.change_review")

    @admin.display(description=_("judge"))
    def judge(self, obj):
        return obj.assignment.judge

    @admin.display(description=_("round"))
    def round(self, obj):
        return obj.assignment.round

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted(self, obj) -> str:
        return ict(obj.submitted_at)

    @admin.action(description=_("Return to the judge (final → draft)"))
    def reopen(self, request, queryset):
        done = 0
        for review in queryset.filter(status=ReviewStatus.FINAL):
            done += _report(
                request, lambda r=review: services.review_reopen(review=r, by=request.user)
            )
        messages.info(request, gettext("%(count)d reviews reopened.") % {"count": done})


@admin.register(DossierResult)
class DossierResultAdmin(ReadOnlyAdmin):
    list_display = [
        "dossier",
        "round",
        "rank",
        "score",
        "raw_score",
        "normalised_score",
        "review_count",
        "disagreement",
        "selected",
    ]
    list_filter = ["round", "selected", "disagreement", "dossier__category__number"]
    list_select_related = ["dossier", "round__season"]
    search_fields = ["dossier__title", "dossier__receipt_number"]


@admin.register(ResultSnapshot)
class ResultSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["round", "sha256", "confirmed_by", "confirmed", "published", "verify_link"]
    list_select_related = ["round__season", "confirmed_by"]
    exclude = ["payload"]
    readonly_fields = [
        "round",
        "sha256",
        "confirmed_by",
        "confirmed_at",
        "published_by",
        "published_at",
    ]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("confirmed"), ordering="confirmed_at")
    def confirmed(self, obj) -> str:
        return ict(obj.confirmed_at)

    @admin.display(description=_("published"))
    def published(self, obj) -> str:
        return ict(obj.published_at)

    @admin.display(description=_("verify"))
    def verify_link(self, obj) -> str:
        url = reverse("admin:judging_round_results", args=[obj.round_id]) + "?verify=1"
        return format_html('<a href="{}">{}</a>', url, gettext("Verify"))
