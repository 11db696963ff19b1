"""The organisers' admin of assignments and conflicts of interest. Writes go through
judging.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from judging import services
from judging.admin.base import (
    JudgeChoicesMixin,
    page_context,
    report,
    shown_datetime,
)
from judging.forms import ReassignForm
from judging.models import (
    Assignment,
    ConflictOfInterest,
)
from vda_portal.history_admin import HistoryReadOnlyAdmin

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
class AssignmentAdmin(JudgeChoicesMixin, HistoryReadOnlyAdmin):
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
            ok = report(
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
        context = page_context(
            self,
            request,
            gettext("Reassign %(assignment)s") % {"assignment": assignment},
            assignment=assignment,
            form=form,
        )
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
class ConflictOfInterestAdmin(JudgeChoicesMixin, HistoryReadOnlyAdmin):
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

    @admin.display(description=_("conflict with"))
    def target(self, obj) -> str:
        return str(obj.dossier or obj.applicant)

    @admin.display(description=_("declared"), ordering="created_at")
    def declared(self, obj) -> str:
        return shown_datetime(obj.created_at)

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
