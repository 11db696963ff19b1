"""A season's lifecycle, the one home of its transitions:

draft → open for submissions → closed (at the deadline, to the second: `Season.current_state`)
→ judging (the preliminary round opened) → honorees confirmed (the final round's results) →
published (the final round's results sent) → archived.

Organisers open a draft and archive a published season here; the round and result services
move the season forward through `season_advance` (and back from "confirmed" to "judging" only
when a superuser unconfirms the final round). Lives in judging because those transitions follow
rounds; the state itself is a field of categories.Season so that lower layers can read it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from categories.models import SEASON_ORDER, Season, SeasonState
from judging import rules
from judging.services.base import JudgingError, _save, ensure_allowed
from vda_portal.localtime import format_datetime

# Why nothing of judging may happen in a season in this state.
NOT_JUDGING = {
    SeasonState.DRAFT: _("The season is a draft: open it for submissions first."),
    SeasonState.OPEN: _("Submissions are open until %(deadline)s; judging starts after it."),
    SeasonState.CONFIRMED: _("The season's honorees are confirmed: judging is over."),
    SeasonState.PUBLISHED: _("The season's results are published: judging is over."),
    SeasonState.ARCHIVED: _("The season is archived: nothing in it changes."),
}


def _locked(season: Season) -> Season:
    return Season.objects.select_for_update().get(pk=season.pk)


def refusal(season: Season, allowed: tuple[SeasonState, ...]) -> str | None:
    """Why a judging action is refused in the season's current state, or None."""
    state = season.current_state()
    if state in allowed:
        return None
    message = NOT_JUDGING.get(state, _("Not possible in this season's state."))
    return str(message) % {"deadline": format_datetime(season.submission_deadline)}


def ensure_season(season: Season, allowed: tuple[SeasonState, ...]) -> None:
    message = refusal(season, allowed)
    if message:
        raise JudgingError(message)


def season_advance(*, season: Season, to: SeasonState, by: User | None) -> Season:
    """Move the season forward to `to` (never back; nothing when it is already there)."""
    season = _locked(season)
    if SEASON_ORDER.index(season.current_state()) < SEASON_ORDER.index(to):
        season.state = to
        _save(season, by=by, reason=f"season {to}")
    return season


@transaction.atomic
def season_open(*, season: Season, by: User) -> Season:
    """A draft season opens for submissions (from its opening date to its deadline)."""
    ensure_allowed(rules.can_manage_round, by)
    season = _locked(season)
    if season.state != SeasonState.DRAFT:
        raise JudgingError(_("Only a draft season can be opened for submissions."))
    if not season.categories.exists():
        raise JudgingError(_("Add the season's categories before opening it."))
    season.state = SeasonState.OPEN
    _save(season, by=by, reason="opened for submissions")
    return season


@transaction.atomic
def season_archive(*, season: Season, by: User) -> Season:
    """A published season is archived: read-only, and retention counts from now."""
    ensure_allowed(rules.can_manage_round, by)
    season = _locked(season)
    if season.current_state() != SeasonState.PUBLISHED:
        raise JudgingError(_("Only a season whose results are published can be archived."))
    season.state = SeasonState.ARCHIVED
    season.archived_at = timezone.now()
    _save(season, by=by, reason="archived")
    return season


def season_back_to_judging(*, season: Season, by: User) -> Season:
    """Only for a superuser's unconfirmation of the final round."""
    season = _locked(season)
    if season.state == SeasonState.CONFIRMED:
        season.state = SeasonState.JUDGING
        _save(season, by=by, reason="final results unconfirmed")
    return season
