"""Organisers' admin for the entry paths: every nomination (resend, decline with a reason),
dossier teams (read only), deadline extensions (grant, revoke). Writes go through the
services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.utils.translation import gettext_lazy as _

from submissions.models import DeadlineExtension, DossierMember, Nomination
from submissions.services import (
    NominationError,
    extension_grant,
    extension_revoke,
    nomination_decline,
    nomination_resend,
)
from submissions.services.extensions import extension_problem
from vda_portal.history_admin import HistoryReadOnlyAdmin


class NominationActionForm(ActionForm):
    reason = forms.CharField(label=_("Reason (for declining)"), required=False)


@admin.register(Nomination)
class NominationAdmin(HistoryReadOnlyAdmin):
    list_display = [
        "nominee_name",
        "nominee_email",
        "category",
        "nominator",
        "state",
        "created_at",
        "sent_at",
        "expires_at",
    ]
    list_filter = ["season", "state", "category__number"]
    search_fields = ["nominee_name", "nominee_email", "nominator__email", "product_name"]
    list_select_related = ["category", "nominator"]
    action_form = NominationActionForm
    actions = ["resend", "decline"]
    readonly_fields = [field.name for field in Nomination._meta.fields if field.name != "nonce"]
    exclude = ["nonce"]

    def has_add_permission(self, request) -> bool:
        return False  # nominations are made on the site, by the nominator

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # they stay in the record

    @admin.action(description=_("Send the invitation again"))
    def resend(self, request, queryset):
        self._each(request, queryset, lambda n: nomination_resend(nomination=n, by=request.user))

    @admin.action(description=_("Decline (give the reason above)"))
    def decline(self, request, queryset):
        reason = request.POST.get("reason", "")
        self._each(
            request,
            queryset,
            lambda n: nomination_decline(nomination=n, reason=reason, by=request.user),
        )

    def _each(self, request, queryset, action) -> None:
        done = 0
        for nomination in queryset:
            try:
                action(nomination)
            except NominationError as error:
                self.message_user(request, f"{nomination}: {error.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(count)d nominations updated.") % {"count": done})


@admin.register(DossierMember)
class DossierMemberAdmin(HistoryReadOnlyAdmin):
    """Read only: the team is the owner's to manage, on the dossier page."""

    list_display = ["email", "dossier", "role", "state", "invited_at", "joined_at", "removed_at"]
    list_filter = ["role", "state"]
    search_fields = ["email", "dossier__receipt_number", "dossier__title"]
    list_select_related = ["dossier"]
    exclude = ["nonce"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DeadlineExtensionForm(forms.ModelForm):
    class Meta:
        model = DeadlineExtension
        fields = ["season", "dossier", "applicant", "deadline", "reason"]

    def clean(self):
        data = super().clean()
        problem = extension_problem(
            deadline=data.get("deadline"),
            reason=data.get("reason") or "",
            dossier=data.get("dossier"),
            applicant=data.get("applicant"),
            season=data.get("season"),
        )
        if problem:
            raise forms.ValidationError(problem)
        return data


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(HistoryReadOnlyAdmin):
    """Organisers grant (through `extension_grant`) and revoke; an extension is never edited."""

    form = DeadlineExtensionForm
    list_display = ["__str__", "season", "deadline", "reason", "granted_by", "revoked_at"]
    list_filter = ["season", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["dossier__receipt_number", "dossier__title", "applicant__email", "reason"]
    list_select_related = ["season", "dossier", "applicant", "granted_by"]
    raw_id_fields = ["dossier", "applicant"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:  # granted once, never edited: revoke instead
            fields += [*DeadlineExtensionForm.Meta.fields, "granted_by", "granted_at", "revoked_at"]
        return fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return
        data = form.cleaned_data
        granted = extension_grant(
            deadline=data["deadline"],
            reason=data["reason"],
            by=request.user,
            dossier=data.get("dossier"),
            applicant=data.get("applicant"),
            season=data.get("season"),
        )
        obj.pk = granted.pk

    @admin.action(description=_("Revoke the extension"))
    def revoke(self, request, queryset):
        for extension in queryset:
            extension_revoke(extension=extension, by=request.user)
