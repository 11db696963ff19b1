"""Expertise in the admin: judges declare their fields and ties (their own page, reached from
their queue); organisers read every judge's declarations and, per round, how the automatic
assignment matched expertise ("2 of 3 judges know fintech")."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from judging import selectors, services
from judging.admin.base import ReadOnlyAdmin, page_context, report, shown_datetime
from judging.forms import ExpertiseForm, TieFormSet
from judging.models import ConflictSuggestion, JudgeProfile, JudgeTie, Round
from submissions.models import ProductField
from vda_portal.admin_labels import LabelledInlineMixin


def explanation_text(explanation) -> str:
    """ "2 of 3 judges know fintech" — or why there is nothing to match."""
    judges = len(explanation.judges)
    if not explanation.field:
        return gettext("The dossier names no field (%(count)d judges).") % {"count": judges}
    field = dict(ProductField.choices).get(explanation.field, explanation.field)
    return ngettext(
        "%(experts)d of %(judges)d judge knows %(field)s",
        "%(experts)d of %(judges)d judges know %(field)s",
        judges,
    ) % {"experts": len(explanation.experts), "judges": judges, "field": field}


class JudgeTieInline(LabelledInlineMixin, admin.TabularInline):
    model = JudgeTie
    fk_name = "judge"
    fields = ["organisation", "tax_code", "email_domain", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(JudgeProfile)
class JudgeProfileAdmin(ReadOnlyAdmin):
    """Organisers read what judges declared; judges declare on their own page."""

    list_display = ["judge", "field_list", "tie_list", "updated_at"]
    search_fields = ["judge__email", "judge__full_name", "judge__judge_ties__organisation"]
    list_select_related = ["judge"]
    fields = ["judge", "fields", "updated_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("judge__judge_ties")

    @admin.display(description=_("fields of expertise"))
    def field_list(self, obj) -> str:
        return ", ".join(obj.field_labels()) or "–"

    @admin.display(description=_("tied to"))
    def tie_list(self, obj) -> str:
        return "; ".join(str(t) for t in obj.judge.judge_ties.all()) or "–"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "round/<int:pk>/",
                view(self.round_view),
                name="judging_judgeprofile_round",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        rounds = Round.objects.select_related("season").order_by("-season__year", "kind")
        extra_context = {**(extra_context or {}), "rounds": rounds}
        return super().changelist_view(request, extra_context)

    def round_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Per dossier of the round: its field, its judges and who of them knows the field."""
        if not request.user.has_perm("judging.view_round"):
            raise PermissionDenied
        round_ = get_object_or_404(Round.objects.select_related("season"), pk=pk)
        rows = [
            {**row, "text": explanation_text(row["explanation"])}
            for row in selectors.expertise_explanations(round_)
        ]
        matched = sum(len(r["experts"]) for r in rows)
        total = sum(len(r["judges"]) for r in rows)
        context = page_context(
            self,
            request,
            gettext("Assignment by expertise: %(round)s") % {"round": round_},
            round=round_,
            rows=rows,
            matched=matched,
            total=total,
        )
        return TemplateResponse(request, "admin/judging/expertise_round.html", context)


def expertise_view(model_admin, request: HttpRequest) -> HttpResponse:
    """A judge's own page: the fields they know and the organisations they are tied to."""
    judge = request.user
    profile = JudgeProfile.objects.filter(judge=judge).first()
    ties = JudgeTie.objects.filter(judge=judge).order_by("pk")
    initial_ties = [
        {"organisation": t.organisation, "tax_code": t.tax_code, "email_domain": t.email_domain}
        for t in ties
    ]
    if request.method == "POST":
        form = ExpertiseForm(request.POST)
        formset = TieFormSet(request.POST, prefix="ties")
        if form.is_valid() and formset.is_valid():
            tie_data = [
                services.TieData(
                    f.cleaned_data.get("organisation", ""),
                    f.cleaned_data.get("tax_code", ""),
                    f.cleaned_data.get("email_domain", ""),
                )
                for f in formset.forms
                if f.cleaned_data
            ]
            if report(
                request,
                lambda: services.judge_expertise_save(
                    judge=judge, fields=form.cleaned_data["fields_"], ties=tie_data, by=judge
                ),
            ):
                messages.success(request, gettext("Your expertise and ties are saved."))
                return redirect("admin:judging_myassignment_expertise")
    else:
        form = ExpertiseForm(initial={"fields_": profile.fields if profile else []})
        formset = TieFormSet(initial=initial_ties, prefix="ties")
    context = page_context(
        model_admin,
        request,
        gettext("My expertise and ties"),
        form=form,
        formset=formset,
    )
    return TemplateResponse(request, "admin/judging/my_expertise.html", context)


@admin.register(ConflictSuggestion)
class ConflictSuggestionAdmin(ReadOnlyAdmin):
    """Organisers see every suggested conflict and what the judge decided."""

    list_display = [
        "judge",
        "dossier",
        "reason",
        "declared",
        "applicant_value",
        "decision",
        "decided",
    ]
    list_filter = ["decision", "reason", "dossier__season"]
    search_fields = ["judge__email", "dossier__receipt_number", "declared", "applicant_value"]
    list_select_related = ["judge", "dossier"]

    @admin.display(description=_("decided"), ordering="decided_at")
    def decided(self, obj) -> str:
        return shown_datetime(obj.decided_at)
