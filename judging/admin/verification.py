"""Site verification in the admin. Organisers schedule (finalists by default), read every
report and override a "not confirmed" verdict with a reason; verifiers (judges or staff) list
and report on only the verifications they are named in. Writes go through judging.services;
who may do what is judging.rules."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from categories.models import Season
from judging import rules, selectors, services
from judging.admin.base import ReadOnlyAdmin, page_context, report
from judging.forms import ReasonForm, ScheduleVerificationForm, VerificationReportForm
from judging.models import SiteVerification, VerificationDocument, VerificationFinding
from submissions.models import Dossier, DossierStatus
from submissions.storage import download_response
from vda_portal.admin_labels import LabelledInlineMixin


class FindingInline(LabelledInlineMixin, admin.TabularInline):
    model = VerificationFinding
    fields = ["label", "declared", "finding"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SiteVerification)
class SiteVerificationAdmin(ReadOnlyAdmin):
    list_display = [
        "dossier",
        "scheduled_for_shown",
        "mode",
        "verifier_list",
        "verdict",
        "override",
    ]
    list_filter = ["dossier__season", "verdict", "mode"]
    search_fields = ["dossier__receipt_number", "dossier__title", "verifiers__email"]
    list_select_related = ["dossier"]
    fields = [
        "dossier",
        "scheduled_for",
        "mode",
        "place",
        "held_on",
        "attendees",
        "summary",
        "verdict",
        "reported_by",
        "reported_at",
        "override_reason",
        "override_by",
        "override_at",
    ]
    readonly_fields = fields
    inlines = [FindingInline]
    change_list_template = "admin/judging/siteverification/change_list.html"
    change_form_template = "admin/judging/siteverification/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("verifiers")

    @admin.display(description=_("date"), ordering="scheduled_for")
    def scheduled_for_shown(self, obj) -> str:
        return obj.scheduled_for.strftime("%d/%m/%Y")

    @admin.display(description=_("verifiers"))
    def verifier_list(self, obj) -> str:
        return ", ".join(str(v) for v in obj.verifiers.all())

    @admin.display(description=_("override"))
    def override(self, obj) -> str:
        return obj.override_reason or "–"

    def get_urls(self):
        view = self.admin_site.admin_view
        name = "judging_siteverification_"
        return [
            path("schedule/", view(self.schedule_view), name=name + "schedule"),
            path("mine/", view(self.mine_view), name=name + "mine"),
            path("<int:pk>/report/", view(self.report_view), name=name + "report"),
            path("<int:pk>/override/", view(self.override_view), name=name + "override"),
            path("document/<int:pk>/", view(self.document_view), name=name + "document"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        verification = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "documents": verification.documents.all() if verification else [],
            "override_form": ReasonForm(),
            "can_override": verification is not None and verification.blocks_honour,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    # --- organisers ---

    def schedule_view(self, request: HttpRequest) -> HttpResponse:
        if not rules.can_schedule_verification.test(request.user):
            raise PermissionDenied
        season = Season.objects.order_by("-year").first()
        year = request.GET.get("season")
        if year and year.isdigit():
            season = get_object_or_404(Season, year=int(year))
        dossiers = Dossier.objects.filter(
            season=season,
            status__in=[DossierStatus.IN_REVIEW, DossierStatus.FINALIST, DossierStatus.HONOREE],
        ).order_by("category__number", "receipt_number")
        finalists = [d.pk for d in dossiers if d.status != DossierStatus.IN_REVIEW]
        form = ScheduleVerificationForm(
            request.POST or None, dossiers=dossiers, initial={"dossiers": finalists}
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            done = report(
                request,
                lambda: services.verifications_schedule(
                    dossiers=data["dossiers"],
                    scheduled_for=data["scheduled_for"],
                    mode=data["mode"],
                    place=data["place"],
                    verifiers=list(data["verifiers"]),
                    by=request.user,
                ),
            )
            if done:
                messages.success(request, gettext("Site verifications scheduled."))
                return redirect("admin:judging_siteverification_changelist")
        context = page_context(
            self, request, gettext("Schedule site verifications"), form=form, season=season
        )
        return TemplateResponse(request, "admin/judging/verification_schedule.html", context)

    def override_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.method != "POST" or not rules.can_override_verification.test(request.user):
            raise PermissionDenied
        verification = get_object_or_404(SiteVerification, pk=pk)
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Please give a reason."))
        elif report(
            request,
            lambda: services.verification_override(
                verification=verification, reason=form.cleaned_data["reason"], by=request.user
            ),
        ):
            messages.success(request, gettext("Override recorded."))
        return redirect("admin:judging_siteverification_change", verification.pk)

    # --- verifiers: only their own verifications ---

    def _own(self, request, pk) -> SiteVerification:
        verification = selectors.verifications_of(request.user).filter(pk=pk).first()
        if verification is None:
            raise Http404(gettext("You are not a verifier of this dossier."))
        return verification

    def mine_view(self, request: HttpRequest) -> HttpResponse:
        context = page_context(
            self,
            request,
            gettext("My site verifications"),
            verifications=selectors.verifications_of(request.user),
        )
        return TemplateResponse(request, "admin/judging/verification_mine.html", context)

    def report_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        verification = self._own(request, pk)
        findings = list(verification.findings.all())
        initial = {
            "held_on": verification.held_on,
            "attendees": verification.attendees,
            "summary": verification.summary,
            "verdict": verification.verdict,
        }
        form = VerificationReportForm(
            request.POST or None, request.FILES or None, findings=findings, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            document = data.get("document")
            if report(
                request,
                lambda: services.verification_report(
                    verification=verification,
                    held_on=data["held_on"],
                    attendees=data["attendees"],
                    summary=data["summary"],
                    verdict=data["verdict"],
                    findings=form.findings(),
                    documents=[document] if document else [],
                    by=request.user,
                ),
            ):
                messages.success(request, gettext("Report saved."))
                return redirect("admin:judging_siteverification_report", verification.pk)
        context = page_context(
            self,
            request,
            gettext("Site verification report: %(dossier)s") % {"dossier": verification.dossier},
            verification=verification,
            form=form,
            documents=verification.documents.all(),
        )
        return TemplateResponse(request, "admin/judging/verification_report.html", context)

    def document_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = get_object_or_404(
            VerificationDocument.objects.select_related("verification"), pk=pk
        )
        if not rules.can_view_verification.test(request.user, document.verification):
            raise Http404(gettext("No such document."))
        return download_response(
            storage_name=document.file.name,
            filename=document.original_name,
            content_type=document.content_type,
        )
