"""A round's lifecycle (organisers): not started → open → closed → results confirmed
(judging.services.results) → published.

- The preliminary round comes first; the final round opens only once the preliminary results
  are confirmed. Rounds run only in a season past its deadline and not yet over
  (judging.services.seasons).
- A round closes when every active assignment has a final review, or when the organiser
  confirms closing with the missing ones named (`missing_accepted`).
- A closed round may reopen until its results are confirmed. Judges see each other's scores
  only once the results are confirmed (judging.selectors.peer_reviews), so a round that was
  ever confirmed never reopens, even after a superuser's unconfirmation.
- A confirmed round is read-only: its settings, panels, assignments and reviews
  (`ensure_round_unlocked`, asked by every service that writes them).
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from categories.models import RoundKind, SeasonState
from judging import rules, selectors
from judging.models import (
    Assignment,
    Panel,
    ResultSnapshot,
    Round,
    RoundState,
    RoundUnconfirmation,
)
from judging.reminders import AUDIENCES
from judging.selectors import is_confirmed
from judging.services.base import JudgingError, _save, ensure_allowed
from judging.services.seasons import ensure_season, season_advance
from submissions.reminders import ensure_default_plan

ROUNDS_RUN_IN = (SeasonState.CLOSED, SeasonState.JUDGING)
CONFIRMED = _("The results of this round are confirmed: it is read-only.")


class ReviewsMissing(JudgingError):
    """Closing refused: these active assignments have no final review yet."""

    def __init__(self, message, missing: list[Assignment]) -> None:
        super().__init__(message)
        self.missing = missing


def ensure_round_unlocked(round_: Round) -> None:
    """Refuse any change to a confirmed round (its settings, panels, assignments, reviews) or
    to a round of an archived season."""
    if is_confirmed(round_):
        raise JudgingError(CONFIRMED)
    if round_.season.state == SeasonState.ARCHIVED:
        raise JudgingError(_("The season is archived: nothing in it changes."))


def missing_reviews(round_: Round) -> list[Assignment]:
    """Active assignments of the round without a final review (conflicted ones excluded)."""
    return list(
        selectors.unfinished_assignments(round_)
        .select_related("dossier", "judge")
        .order_by("dossier__receipt_number", "judge__email")
    )


def _locked(round_: Round) -> Round:
    return Round.objects.select_for_update().select_related("season").get(pk=round_.pk)


@transaction.atomic
def round_open(*, round_: Round, by: User) -> Round:
    ensure_allowed(rules.can_manage_round, by)
    round_ = _locked(round_)
    if round_.state == RoundState.OPEN:
        raise JudgingError(_("The round is already open."))
    if is_confirmed(round_):
        raise JudgingError(_("The results of this round are confirmed; it cannot reopen."))
    if RoundUnconfirmation.objects.filter(round=round_).exists():
        raise JudgingError(
            _("Judges have seen each other's scores in this round; it cannot reopen.")
        )
    ensure_season(round_.season, ROUNDS_RUN_IN)
    if round_.kind == RoundKind.FINAL:
        preliminary = Round.objects.filter(season=round_.season, kind=RoundKind.PRELIMINARY)
        if not ResultSnapshot.objects.filter(round__in=preliminary).exists():
            raise JudgingError(
                _("The final round opens only after the preliminary results are confirmed.")
            )
    round_.state = RoundState.OPEN
    _save(round_, by=by, reason="opened")
    season_advance(season=round_.season, to=SeasonState.JUDGING, by=by)
    round_ensure_reminder_plan(round_=round_)
    return round_


@transaction.atomic
def round_close(*, round_: Round, by: User, missing_accepted: Collection[int] = ()) -> Round:
    """Close an open round. With reviews missing, only when `missing_accepted` names every one
    of them (the assignments' ids the organiser saw on the confirmation page)."""
    ensure_allowed(rules.can_manage_round, by)
    round_ = _locked(round_)
    if round_.state == RoundState.NOT_STARTED:
        raise JudgingError(_("The round has not opened yet."))
    if round_.state == RoundState.CLOSED:
        raise JudgingError(_("The round is already closed."))
    missing = missing_reviews(round_)
    unaccepted = [a for a in missing if a.pk not in set(missing_accepted)]
    if unaccepted:
        raise ReviewsMissing(
            ngettext(
                "%(count)d review is not final yet: %(list)s. Close with it missing only "
                "after confirming.",
                "%(count)d reviews are not final yet: %(list)s. Close with them missing only "
                "after confirming.",
                len(unaccepted),
            )
            % {
                "count": len(unaccepted),
                "list": "; ".join(f"{a.dossier} – {a.judge}" for a in unaccepted),
            },
            missing,
        )
    round_.state = RoundState.CLOSED
    reason = f"closed with {len(missing)} reviews missing" if missing else "closed"
    _save(round_, by=by, reason=reason)
    return round_


@transaction.atomic
def round_save_settings(*, round_: Round, by: User) -> Round:
    """Save a round's dates and settings (ranking rule, judges per dossier) from the admin:
    refused once its results are confirmed. A new round gets its judges' reminder plan."""
    ensure_allowed(rules.can_manage_round, by)
    if round_.pk:
        ensure_round_unlocked(_locked(round_))
    _save(round_, by=by, reason="settings changed")
    round_ensure_reminder_plan(round_=round_)
    return round_


def round_ensure_reminder_plan(*, round_: Round) -> None:
    """Every round has its judges' reminder plan by default (14, 7, 3, 1 and 0 days before it
    closes, to judges with unfinished reviews); organisers may change its slots."""
    ensure_default_plan(round_.season, AUDIENCES[RoundKind(round_.kind)][0])


@transaction.atomic
def panel_save(*, panel: Panel, by: User) -> Panel:
    """Save a panel's judges, quota (N) and threshold: refused once the round is confirmed."""
    ensure_allowed(rules.can_manage_round, by)
    ensure_round_unlocked(_locked(panel.round))
    _save(panel, by=by, reason="panel changed")
    return panel
