"""The record of exports in the admin: read-only, for organisers to see who exported what."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from judging.admin.base import NoWritesMixin
from organisers.models import (
    Certificate,
    ExportRecord,
    RoundFeedback,
    SeasonAwardSettings,
    Signatory,
)
from organisers.rules import is_organiser
from organisers.services import CertificateError, certificate_revoke, round_feedback_set
from vda_portal.admin_labels import LabelledInlineMixin
from vda_portal.history_admin import HistoryReadOnlyAdmin


@admin.register(ExportRecord)
class ExportRecordAdmin(NoWritesMixin, admin.ModelAdmin):
    """A record is evidence: nobody adds, changes or deletes one by hand."""

    list_display = [
        "created_at",
        "exported_by",
        "channel",
        "season",
        "kind",
        "format",
        "row_count",
        "short_sha",
        "detail",
    ]
    list_filter = ["season", "kind", "format", "channel"]
    list_select_related = ["season", "exported_by"]
    search_fields = ["exported_by__email", "snapshot_sha256", "detail"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "exported_by",
        "channel",
        "season",
        "kind",
        "format",
        "row_count",
        "snapshot",
        "snapshot_sha256",
        "detail",
    ]
    readonly_fields = fields

    @admin.display(description="SHA-256")
    def short_sha(self, obj: ExportRecord) -> str:
        return obj.snapshot_sha256[:12]


class SignatoryInline(LabelledInlineMixin, admin.TabularInline):
    model = Signatory
    extra = 1
    fields = ["position", "name", "title_vi", "title_en", "signature"]


@admin.register(SeasonAwardSettings)
class SeasonAwardSettingsAdmin(admin.ModelAdmin):
    """The certificate's logo, seal and signature block; the gallery's anonymous honorees."""

    list_display = ["season", "anonymous_honorees"]
    list_select_related = ["season"]
    inlines = [SignatoryInline]

    def has_module_permission(self, request) -> bool:
        return is_organiser(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_organiser(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"), widget=forms.Textarea, max_length=2000
    )


@admin.register(Certificate)
class CertificateAdmin(NoWritesMixin, HistoryReadOnlyAdmin):
    """Certificates as issued: nobody edits one; organisers revoke with a reason (the
    service records who and when)."""

    list_display = [
        "code",
        "honoree_name",
        "category_number",
        "rank",
        "issued_at",
        "revoked_at",
    ]
    list_filter = ["snapshot__round__season", "category_number"]
    list_select_related = ["snapshot__round__season"]
    search_fields = ["code", "honoree_name", "entry_title"]
    readonly_fields = [
        "code",
        "snapshot",
        "dossier",
        "honoree_name",
        "entry_title",
        "category_number",
        "category_name_vi",
        "category_name_en",
        "rank",
        "issued_at",
        "revoked_at",
        "revoked_by",
        "revoke_reason",
    ]
    fields = readonly_fields

    def has_module_permission(self, request) -> bool:
        return is_organiser(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_organiser(request.user)

    def get_urls(self):
        revoke = self.admin_site.admin_view(self.revoke_view)
        return [
            path("<int:pk>/revoke/", revoke, name="organisers_certificate_revoke"),
            *super().get_urls(),
        ]

    def revoke_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        certificate = get_object_or_404(Certificate, pk=pk)
        if not request.user.has_perm("organisers.revoke_certificate", certificate):
            raise PermissionDenied
        form = RevokeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                certificate_revoke(
                    certificate=certificate, reason=form.cleaned_data["reason"], by=request.user
                )
            except CertificateError as refusal:
                form.add_error("reason", refusal.message)
            else:
                messages.success(request, _("The certificate is revoked."))
                return redirect("admin:organisers_certificate_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revoke certificate"),
            "certificate": certificate,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/organisers/certificate_revoke.html", context)


@admin.register(RoundFeedback)
class RoundFeedbackAdmin(admin.ModelAdmin):
    """Per round, what entrants see of their scores once results are published; saved
    through the service."""

    list_display = ["round", "level"]
    list_select_related = ["round__season"]
    fields = ["round", "level"]

    def has_module_permission(self, request) -> bool:
        return is_organiser(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_organiser(request.user)

    has_add_permission = has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["round"] if obj else []

    def save_model(self, request, obj, form, change) -> None:
        saved = round_feedback_set(round_=obj.round, level=obj.level, by=request.user)
        obj.pk = saved.pk
