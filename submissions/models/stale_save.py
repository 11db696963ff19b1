from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.models.dossier import Dossier


class StaleSave(models.Model):
    """Text posted from an outdated copy of a dossier (another tab). It is not applied, so
    newer work is not overwritten, but kept here so that the applicant can recover it."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="stale_saves", verbose_name=_("dossier")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    based_on_version = models.PositiveIntegerField(_("based on version"))
    current_version = models.PositiveIntegerField(_("version at the time"))
    data = models.JSONField(_("posted text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    dismissed = models.BooleanField(_("dismissed"), default=False)

    class Meta:
        verbose_name = _("unsaved text from another tab")
        verbose_name_plural = _("unsaved texts from other tabs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.dossier} v{self.based_on_version}"
