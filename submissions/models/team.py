"""The people who work on a dossier besides its owner (the applicant): editors and viewers."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from submissions.models.dossier import Dossier


def new_invitation_nonce() -> str:
    return secrets.token_urlsafe(16)


class MemberRole(models.TextChoices):
    EDITOR = "editor", pgettext_lazy("team role", "Editor")
    VIEWER = "viewer", pgettext_lazy("team role", "Viewer")


class MemberState(models.TextChoices):
    INVITED = "invited", pgettext_lazy("team member state", "Invited")
    ACTIVE = "active", pgettext_lazy("team member state", "Active")
    REMOVED = "removed", pgettext_lazy("team member state", "Removed")


class DossierMember(models.Model):
    """One colleague invited by email. Only an active membership opens the dossier; the
    invitation link carries `nonce`, cleared once used, so that a link works once."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="members", verbose_name=_("dossier")
    )
    email = models.EmailField(_("email"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dossier_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=MemberState.choices, default=MemberState.INVITED
    )
    nonce = models.CharField(max_length=40, blank=True, default=new_invitation_nonce)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["nonce"])

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["invited_at", "id"]
        constraints = [
            # One live membership per person and dossier (a removed one may be invited again).
            models.UniqueConstraint(
                fields=["dossier", "email"],
                condition=~Q(state="removed"),
                name="dossier_member_unique_live_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"
