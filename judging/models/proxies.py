"""The judges' own views of their assignments and conflicts in the admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from judging.models.assignment import Assignment, ConflictOfInterest


class MyAssignment(Assignment):
    class Meta:
        proxy = True
        verbose_name = _("my assignment")
        verbose_name_plural = _("my assignments")


class MyConflict(ConflictOfInterest):
    class Meta:
        proxy = True
        verbose_name = _("my conflict of interest")
        verbose_name_plural = _("my conflicts of interest")
