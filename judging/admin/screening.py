"""The organisers' dossier admin: screening eligibility (one or many at once), the engine's
outcome with its reasons, history, and each dossier's audit trail.

Registered here, not in submissions/admin.py: screening is the first step of judging.
"""

from __future__ import annotations

from base64 import b64encode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_organiser
from categories.eligibility import reason_message
from judging.admin.base import ListPageMixin, page_context, shown_datetime
from judging.audit import dossier_audit
from judging.selectors import engine_reasons
from judging.services.integrity import TEXT_FIELDS as DOSSIER_WORDS
from submissions.archive import dossier_files_zip
from submissions.models import Attachment, Dossier, DossierStatus, EligibilityDecision
from submissions.pdf_preview import pdf_first_page_png
from submissions.personal_data.access_log import file_access_record
from submissions.selectors import nomination_shown
from submissions.services import DossierError, dossier_decide_eligibility
from vda_portal.admin_rows import object_url
from vda_portal.history_admin import HistoryReadOnlyAdmin


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=EligibilityDecision.choices)
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the decision goes against the eligibility check."),
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Emailed and shown on the dossier page with “ineligible” and “needs changes” "
            "(required with “needs changes”, which only exists before the deadline)."
        ),
    )


class CategoryNumberFilter(admin.SimpleListFilter):
    title = _("category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return [(str(n), str(n)) for n in range(1, 6)]

    def queryset(self, request, queryset):
        return queryset.filter(category__number=self.value()) if self.value() else queryset


@admin.register(Dossier)
class DossierScreeningAdmin(ListPageMixin, HistoryReadOnlyAdmin):
    list_display = [
        "receipt_number",
        "title",
        "applicant_name",
        "category_number",
        "status",
        "received_via",
        "engine_outcome",
        "eligibility_flagged",
        "decision",
        "submitted",
        "audit_link",
    ]
    list_filter = ["season", CategoryNumberFilter, "status", "received_via", "eligibility_flagged"]
    search_fields = [
        "receipt_number",
        "title",
        "product_name",
        "applicant__email",
        "applicant__applicant_profile__legal_name",
        "applicant__applicant_profile__full_name",
    ]
    list_select_related = [
        "category",
        "season",
        "applicant__applicant_profile",
        "nomination__nominator",
    ]
    actions = ["mark_eligible", "mark_ineligible"]
    list_per_page = 50
    # The entry's texts: no column shows them (the eligibility check reads none of them).
    list_defer = (
        *(name for name in DOSSIER_WORDS if name not in ("title", "product_name")),
        "eligibility_justification",
        "screening_message",
        "received_note",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(status=DossierStatus.DRAFT)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Dossier._meta.fields]

    # --- columns ---

    @admin.display(description=_("applicant"))
    def applicant_name(self, obj) -> str:
        profile = getattr(obj.applicant, "applicant_profile", None)
        return (profile.display_name if profile else "") or obj.applicant.email

    @admin.display(description=_("category"), ordering="category__number")
    def category_number(self, obj) -> int:
        return obj.category.number

    @admin.display(description=_("eligibility check"))
    def engine_outcome(self, obj) -> str:
        reasons = engine_reasons(obj)
        if not reasons:
            return format_html('<span class="vda-ok">{}</span>', gettext("Eligible"))
        items = format_html_join(
            "", "<li>{}</li>", ((reason_message(r, category=obj.category.number),) for r in reasons)
        )
        return format_html(
            '<span class="vda-bad">{}</span><ul class="vda-reasons">{}</ul>',
            gettext("Ineligible"),
            items,
        )

    def get_list_display(self, request):
        # A column bound to this request's user: the admin instance is shared between threads.
        @admin.display(description=_("nominated by"))
        def nominated_by(obj) -> str:
            nomination = nomination_shown(request.user, obj)
            return nomination.nominator.email if nomination else "–"

        columns = list(super().get_list_display(request))
        columns.insert(columns.index("decision"), nominated_by)
        return columns

    @admin.display(description=_("organisers' decision"))
    def decision(self, obj) -> str:
        if not obj.eligibility_decided_at:
            return "–"
        against = gettext(" (against the check)") if obj.eligibility_override else ""
        return f"{obj.get_status_display()}{against}"

    @admin.display(description=_("submitted"), ordering="first_submitted_at")
    def submitted(self, obj) -> str:
        return shown_datetime(obj.first_submitted_at)

    @admin.display(description=_("audit"))
    def audit_link(self, obj) -> str:
        url = object_url("admin:submissions_dossier_audit", obj.pk)
        return format_html('<a href="{}">{}</a>', url, gettext("Audit trail"))

    # --- screening ---

    @admin.action(description=_("Mark the selected dossiers eligible"))
    def mark_eligible(self, request, queryset):
        return self._screen_many(request, queryset, EligibilityDecision.ELIGIBLE)

    @admin.action(description=_("Mark the selected dossiers ineligible"))
    def mark_ineligible(self, request, queryset):
        return self._screen_many(request, queryset, EligibilityDecision.INELIGIBLE)

    def _screen_many(self, request, queryset, decision: str):
        """First an intermediate page (justification for those against the check), then apply."""
        dossiers = list(queryset.select_related("category", "applicant__applicant_profile"))
        against = [d for d in dossiers if _engine_decision(d) != decision]
        if "apply" in request.POST:
            justification = request.POST.get("justification", "")
            message = request.POST.get("message", "")
            done = 0
            for dossier in dossiers:
                try:
                    dossier_decide_eligibility(
                        dossier=dossier,
                        decision=decision,
                        justification=justification,
                        message=message,
                        by=request.user,
                    )
                except DossierError as error:
                    self.message_user(request, f"{dossier}: {error.message}", messages.ERROR)
                else:
                    done += 1
            self.message_user(
                request,
                ngettext("%(count)d dossier screened.", "%(count)d dossiers screened.", done)
                % {"count": done},
                messages.SUCCESS if done else messages.WARNING,
            )
            return None
        context = page_context(
            self,
            request,
            gettext("Confirm the screening decision"),
            dossiers=dossiers,
            against=against,
            decision=EligibilityDecision(decision),
            action=request.POST.get("action"),
            selected=request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        )
        return TemplateResponse(request, "admin/judging/screen_many.html", context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/screen/", view(self.screen_view), name="submissions_dossier_screen"),
            path("<int:pk>/audit/", view(self.audit_view), name="submissions_dossier_audit"),
            path("<int:pk>/files.zip", view(self.files_zip_view), name="submissions_dossier_zip"),
            path(
                "<int:pk>/files/<int:attachment_pk>/preview.png",
                view(self.pdf_preview_view),
                name="submissions_dossier_pdf_preview",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = dict(extra_context or {})
        if str(object_id).isdigit():  # else Django answers "does not exist", not a 500
            extra["screen_url"] = reverse("admin:submissions_dossier_screen", args=[object_id])
            extra["audit_url"] = reverse("admin:submissions_dossier_audit", args=[object_id])
        return super().change_view(request, object_id, form_url, extra)

    def screen_view(self, request, pk: int) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        dossier = get_object_or_404(
            self.get_queryset(request).select_related(
                "category", "season", "applicant__applicant_profile", "nomination__nominator"
            ),
            pk=pk,
        )
        form = ScreeningForm(request.POST or None, initial={"decision": _engine_decision(dossier)})
        if request.method == "POST" and form.is_valid():
            try:
                dossier_decide_eligibility(
                    dossier=dossier,
                    decision=form.cleaned_data["decision"],
                    justification=form.cleaned_data["justification"],
                    message=form.cleaned_data["message"],
                    by=request.user,
                )
            except DossierError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, gettext("The screening decision is recorded."))
                return redirect("admin:submissions_dossier_changelist")
        context = page_context(
            self,
            request,
            gettext("Screen %(dossier)s") % {"dossier": dossier},
            dossier=dossier,
            nomination=nomination_shown(request.user, dossier),
            reasons=[
                reason_message(r, category=dossier.category.number) for r in engine_reasons(dossier)
            ],
            form=form,
            attachments=self._with_pdf_previews(request, dossier),
        )
        return TemplateResponse(request, "admin/judging/screen.html", context)

    @staticmethod
    def _with_pdf_previews(request, dossier: Dossier) -> list[Attachment]:
        """The dossier's files, each PDF with its first page inlined (`preview_uri`): rendered
        in this request (each read logged), not fetched by the page one image per request."""
        attachments = list(dossier.attachments.order_by("pk"))
        for attachment in attachments:
            attachment.preview_uri = ""
            if attachment.content_type != "application/pdf" or not attachment.file.name:
                continue
            file_access_record(user=request.user, attachment=attachment, thumbnail=True)
            png = pdf_first_page_png(attachment.file, size=attachment.size)
            if png is not None:
                attachment.preview_uri = "data:image/png;base64," + b64encode(png).decode()
        return attachments

    def files_zip_view(self, request, pk: int) -> HttpResponse:
        """All of a dossier's files as one streamed ZIP: organisers only, each read logged."""
        if not is_organiser(request.user):
            raise PermissionDenied
        dossier = get_object_or_404(Dossier.objects.select_related("category"), pk=pk)
        response = StreamingHttpResponse(
            dossier_files_zip(dossier=dossier, user=request.user), content_type="application/zip"
        )
        name = (dossier.receipt_number or f"dossier-{dossier.pk}").replace("/", "-")
        response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
        return response

    def pdf_preview_view(self, request, pk: int, attachment_pk: int) -> HttpResponse:
        """A PDF's first page as a PNG: organisers only, the read logged; 404 without one."""
        if not is_organiser(request.user):
            raise PermissionDenied
        attachment = get_object_or_404(
            Attachment.objects.select_related("dossier"),
            pk=attachment_pk,
            dossier=pk,
            content_type="application/pdf",
        )
        if not attachment.file.name:
            raise Http404
        file_access_record(user=request.user, attachment=attachment, thumbnail=True)
        png = pdf_first_page_png(attachment.file, size=attachment.size)
        if png is None:  # broken, encrypted, empty or too large: the page's link stays
            raise Http404
        response = HttpResponse(png, content_type="image/png")
        response["Cache-Control"] = "private, max-age=600"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def audit_view(self, request, pk: int) -> HttpResponse:
        if not self.has_view_permission(request) or not is_organiser(request.user):
            raise PermissionDenied
        dossier = get_object_or_404(Dossier.objects.select_related("category"), pk=pk)
        context = page_context(
            self,
            request,
            gettext("Audit trail of %(dossier)s") % {"dossier": dossier},
            dossier=dossier,
            entries=dossier_audit(dossier),
        )
        return TemplateResponse(request, "admin/judging/audit.html", context)


def _engine_decision(dossier: Dossier) -> str:
    return (
        EligibilityDecision.INELIGIBLE if engine_reasons(dossier) else EligibilityDecision.ELIGIBLE
    )
