"""What judging's services share: the refusal they raise, saving with the history's who and
why, and asking the permission authority (judging.rules) before a write."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from rules import Predicate

from accounts.models import User


class JudgingError(Exception):
    """A refused judging action; `message` is shown to the user."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


class ReviewInvalid(JudgingError):
    """Scores refused; `errors` maps a criterion id (or "comment") to its message."""

    def __init__(self, message, errors: dict) -> None:
        super().__init__(message)
        self.errors = errors


def _save(obj: Model, *, by: User | None, reason: str = "", **kwargs) -> None:
    """Save with the history's who and why (services run without a request)."""
    obj._history_user = by
    if reason:
        obj._change_reason = reason[:100]
    obj.save(**kwargs)


ONLY_ORGANISERS = _("Only organisers may do this.")


def ensure_allowed(
    predicate: Predicate, user: User | None, obj: object = None, message=ONLY_ORGANISERS
) -> None:
    """Refuse with `message` unless the predicate (one of judging.rules) holds."""
    if not predicate.test(user, obj):
        raise JudgingError(message)


def save_once(obj: Model, *, by: User | None, reason: str, **unique) -> Model:
    """Insert a new row whose `unique` fields a unique constraint covers; when a request running
    at the same time inserted it first, return that row instead (one row, no IntegrityError)."""
    try:
        with transaction.atomic():  # a savepoint: the outer transaction survives the refusal
            _save(obj, by=by, reason=reason)
    except IntegrityError:
        return type(obj)._default_manager.get(**unique)
    return obj
