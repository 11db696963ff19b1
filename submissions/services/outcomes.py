"""Publishing judging outcomes to applicants (what they then see: `submissions.outcome`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from accounts.models import User
from submissions.models import Dossier
from submissions.services.errors import ensure_permission


@transaction.atomic
def dossiers_publish_outcome(*, dossiers: Iterable[Dossier], by: User) -> int:
    """Show each dossier's current outcome to its applicant; returns how many changed.

    Each change is saved through the dossier's history (who published, and when), never by
    a bulk update; publishing again changes nothing.
    """
    ensure_permission(by, "submissions.publish_outcome")
    ids = [dossier.pk for dossier in dossiers]
    changed = 0
    for dossier in Dossier.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
        if dossier.published_status == dossier.status:
            continue
        dossier.published_status = dossier.status
        dossier._change_reason = f"outcome published: {dossier.status}"
        dossier._history_user = by
        dossier.save(update_fields=["published_status"])
        changed += 1
    return changed
