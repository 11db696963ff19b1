"""One dossier's own deadline: the season's (`Season.accepts_submissions`, the one rule), or a
later one an organiser granted to the dossier or its applicant. Every caller (services'
window check, the dossier page, the dashboard, reminders) asks here.

Extensions end when the preliminary round opens: judging, a higher app, tells this one when
that is with `register_extension_cutoff` (from its AppConfig.ready)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from categories.models import Season
from submissions.models import DeadlineExtension, Dossier

Cutoff = Callable[[Season], datetime | None]
_cutoffs: list[Cutoff] = []


def register_extension_cutoff(cutoff: Cutoff) -> None:
    """`cutoff(season)` gives the instant from which no extension applies (or None)."""
    if cutoff not in _cutoffs:
        _cutoffs.append(cutoff)


def extensions_cutoff(season: Season) -> datetime | None:
    instants = [instant for cutoff in _cutoffs if (instant := cutoff(season)) is not None]
    return min(instants) if instants else None


def _live(season: Season, at: datetime) -> bool:
    cutoff = extensions_cutoff(season)
    return cutoff is None or at < cutoff


def active_extensions(*, season: Season, at: datetime | None = None):
    """The season's extensions in force now (not revoked, preliminary round not open)."""
    at = at or timezone.now()
    if not _live(season, at):
        return DeadlineExtension.objects.none()
    return DeadlineExtension.objects.filter(season=season, revoked_at__isnull=True)


def extended_deadline(
    *,
    season: Season,
    dossier: Dossier | None = None,
    applicant_id: int | None = None,
    at: datetime | None = None,
) -> datetime | None:
    """The latest extended deadline in force for this dossier or applicant, else None."""
    applicant_id = applicant_id or (dossier.applicant_id if dossier else None)
    scope = Q(applicant=applicant_id) if applicant_id else Q(pk__in=[])
    if dossier is not None and dossier.pk:
        scope |= Q(dossier=dossier.pk)
    rows = active_extensions(season=season, at=at).filter(scope)
    return rows.order_by("-deadline").values_list("deadline", flat=True).first()


def dossier_deadline(dossier: Dossier, at: datetime | None = None) -> datetime:
    """The last second this dossier is accepted (shown on its page, used by the submit check)."""
    return dossier.season.deadline_for(
        extended_deadline(season=dossier.season, dossier=dossier, at=at)
    )


def counted_instant(dossier: Dossier | None, at: datetime | None, by=None) -> datetime:
    """The instant the deadline is checked at: now (or `at`), except for a dossier received by
    email, post or in person, which organisers file: its date of receipt counts."""
    if (
        dossier is not None
        and dossier.is_filed_offline
        and dossier.received_at is not None
        and by is not None
        and getattr(by, "is_organiser", False)
    ):
        return dossier.received_at
    return at or timezone.now()


def dossier_accepts(dossier: Dossier, at: datetime | None = None, *, by=None) -> bool:
    at = counted_instant(dossier, at, by)
    until = extended_deadline(season=dossier.season, dossier=dossier, at=at)
    return dossier.season.accepts_submissions(at, extended_until=until)


@dataclass(frozen=True)
class DossierWindow:
    """A dossier's deadline as its page shows it, from one reading of its extensions."""

    deadline: datetime  # the last second it is accepted
    time_left: timedelta
    accepts: bool  # for its applicant and team, now
    accepts_for_by: bool  # for the user asking (an organiser filing it: its date of receipt)


def dossier_window(dossier: Dossier, *, by=None) -> DossierWindow:
    now = timezone.now()
    season = dossier.season
    until = extended_deadline(season=season, dossier=dossier, at=now)
    at = counted_instant(dossier, now, by)
    return DossierWindow(
        deadline=season.deadline_for(until),
        time_left=season.time_left(now, extended_until=until),
        accepts=season.accepts_submissions(now, extended_until=until),
        accepts_for_by=season.accepts_submissions(at, extended_until=until)
        if at == now
        else dossier_accepts(dossier, at, by=by),
    )


def annotate_deadlines(dossiers: Iterable[Dossier], at: datetime | None = None) -> None:
    """Set `own_deadline`, `is_open` and `time_left` on each row: one query for all rows."""
    dossiers = list(dossiers)
    if not dossiers:
        return
    at = at or timezone.now()
    granted: dict[tuple[str, int], datetime] = {}
    seasons = {dossier.season_id: dossier.season for dossier in dossiers}
    live = [pk for pk, season in seasons.items() if _live(season, at)]
    rows = DeadlineExtension.objects.filter(season__in=live, revoked_at__isnull=True).filter(
        Q(dossier__in=[d.pk for d in dossiers])
        | Q(applicant__in={d.applicant_id for d in dossiers})
    )
    for dossier_id, applicant_id, deadline in rows.values_list("dossier", "applicant", "deadline"):
        key = ("d", dossier_id) if dossier_id else ("a", applicant_id)
        granted[key] = max(deadline, granted.get(key, deadline))
    for dossier in dossiers:
        candidates = [
            granted.get(("d", dossier.pk)),
            granted.get(("a", dossier.applicant_id)),
        ]
        until = max((c for c in candidates if c), default=None)
        dossier.own_deadline = dossier.season.deadline_for(until)
        dossier.is_extended = until is not None and until > dossier.season.submission_deadline
        dossier.is_open = dossier.season.accepts_submissions(at, extended_until=until)
        dossier.time_left = dossier.season.time_left(at, extended_until=until)
