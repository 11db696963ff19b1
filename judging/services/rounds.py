"""Opening and closing a judging round (organisers)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from judging import rules
from judging.models import (
    ResultSnapshot,
    Round,
    RoundState,
)
from judging.services.base import JudgingError, _save, ensure_allowed


@transaction.atomic
def round_open(*, round_: Round, by: User) -> Round:
    ensure_allowed(rules.can_manage_round, by)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.state == RoundState.OPEN:
        return round_
    if ResultSnapshot.objects.filter(round=round_).exists():
        raise JudgingError(_("The results of this round are confirmed; it cannot reopen."))
    round_.state = RoundState.OPEN
    _save(round_, by=by, reason="opened")
    return round_


@transaction.atomic
def round_close(*, round_: Round, by: User) -> Round:
    ensure_allowed(rules.can_manage_round, by)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.state != RoundState.CLOSED:
        round_.state = RoundState.CLOSED
        _save(round_, by=by, reason="closed")
    return round_
