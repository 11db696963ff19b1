"""Unsubscribing from a reminder plan: the signed link every reminder carries, and the opt-out."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.db import transaction

from accounts.models import User
from submissions.models import ReminderOptOut, ReminderPlan

UNSUBSCRIBE_SALT = "submissions.reminders.unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)


def unsubscribe_token(*, user_id: int, plan_id: int) -> str:
    return signing.dumps([user_id, plan_id], salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, int]:
    """(user id, plan id); raises signing.BadSignature for a tampered or expired token."""
    user_id, plan_id = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    return int(user_id), int(plan_id)


@transaction.atomic
def reminder_opt_out(*, user: User, plan: ReminderPlan) -> ReminderOptOut:
    opt_out, _created = ReminderOptOut.objects.get_or_create(user=user, plan=plan)
    return opt_out
