"""Retention, run daily by Celery beat (settings.CELERY_BEAT_SCHEDULE["retention"]):

- drafts never submitted are deleted RETENTION_DRAFT_MONTHS after their season closes;
- dossiers that did not win are anonymised, files deleted, RETENTION_DOSSIER_YEARS after their
  season is archived (Season.archived_at, set by organisers in the admin);
- export ZIPs whose link has expired are deleted.

`manage.py apply_retention --dry-run` prints what would go."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from accounts.models import DataRequest, DataRequestKind
from categories.models import Season
from submissions.models import AnonymisationReason, Dossier, DossierStatus
from submissions.personal_data.anonymise import dossier_anonymise, dossier_delete
from submissions.storage import private_storage
from vda_portal.localtime import to_portal_time


def add_months(moment: datetime, months: int) -> datetime:
    """The same wall-clock moment `months` later, counted in Vietnam time."""
    moment = to_portal_time(moment)
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass
class RetentionPlan:
    drafts: list[Dossier] = field(default_factory=list)
    anonymise: list[Dossier] = field(default_factory=list)
    exports: list[DataRequest] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"delete draft #{d.pk} ({d.season.year}, {d.title or '-'})" for d in self.drafts]
        out += [f"anonymise dossier {d} ({d.season.year}, {d.status})" for d in self.anonymise]
        out += [f"delete expired export #{r.pk} ({r.file})" for r in self.exports]
        return out


def retention_due(at: datetime | None = None) -> RetentionPlan:
    at = at or timezone.now()
    plan = RetentionPlan()
    for season in Season.objects.all():
        if add_months(season.submissions_close_at, settings.RETENTION_DRAFT_MONTHS) <= at:
            plan.drafts += list(
                Dossier.objects.filter(
                    season=season, status=DossierStatus.DRAFT, first_submitted_at__isnull=True
                ).select_related("season")
            )
        archived = season.archived_at
        if archived and add_months(archived, 12 * settings.RETENTION_DOSSIER_YEARS) <= at:
            plan.anonymise += list(
                Dossier.objects.filter(season=season, anonymisation__isnull=True)
                .exclude(status=DossierStatus.HONOREE)
                .exclude(first_submitted_at__isnull=True, status=DossierStatus.DRAFT)
                .select_related("season")
                .order_by("pk")
            )
    plan.exports = list(
        DataRequest.objects.filter(kind=DataRequestKind.EXPORT, expires_at__lte=at).exclude(file="")
    )
    return plan


def apply_retention(*, at: datetime | None = None, dry_run: bool = False) -> RetentionPlan:
    plan = retention_due(at)
    if dry_run:
        return plan
    for dossier in plan.drafts:
        dossier_delete(dossier=dossier)
    for dossier in plan.anonymise:
        dossier_anonymise(dossier=dossier, reason=AnonymisationReason.RETENTION, keep_title=False)
    storage = private_storage()
    for data_request in plan.exports:
        if storage.exists(data_request.file):
            storage.delete(data_request.file)
        DataRequest.objects.filter(pk=data_request.pk).update(file="")
    return plan
