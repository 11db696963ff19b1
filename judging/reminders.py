"""The judges' reminder audience: judges with unfinished reviews, before a round closes.

Plugged into the reminder engine of submissions (its audience registry) at start-up. A plan
with audience "judges_preliminary" or "judges_final" reminds the judges of that round of the
season; the slots count back from the round's closing time.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from categories.models import RoundKind
from judging import selectors
from judging.models import Round, RoundState
from submissions.reminders import Audience, Recipient, register_audience

AUDIENCES = {
    RoundKind.PRELIMINARY: (
        "judges_preliminary",
        _("Judges with unfinished reviews (preliminary)"),
    ),
    RoundKind.FINAL: ("judges_final", _("Judges with unfinished reviews (final)")),
}
TEMPLATE = "judging/email/judge_reminder"


def _round(plan, kind: str) -> Round | None:
    return Round.objects.filter(season=plan.season_id, kind=kind).first()


def _closes_at(kind: str):
    def closes_at(plan) -> datetime | None:
        round_ = _round(plan, kind)
        # Only an open round has reviews to finish; otherwise nothing is scheduled.
        return round_.closes_at if round_ and round_.state == RoundState.OPEN else None

    return closes_at


def _users(kind: str):
    def users(plan, at: datetime) -> QuerySet[User]:
        round_ = _round(plan, kind)
        return selectors.judges_with_unfinished_reviews(round_) if round_ else User.objects.none()

    return users


def _recipients(kind: str):
    def recipients(plan, at: datetime, users: QuerySet[User]):
        round_ = _round(plan, kind)
        if round_ is None:
            return []
        unfinished = selectors.unfinished_assignments(round_).select_related("dossier__category")
        people = users.prefetch_related(
            Prefetch(
                "judging_assignments",
                queryset=unfinished.order_by("queue_key"),
                to_attr="unfinished",
            )
        ).order_by("pk")
        queue_url = settings.SITE_URL + reverse("admin:judging_myassignment_changelist")
        return [
            Recipient(person, person.unfinished, {"round": round_, "queue_url": queue_url})
            for person in people
            if person.unfinished
        ]

    return recipients


def register() -> None:
    for kind, (name, label) in AUDIENCES.items():
        register_audience(
            name,
            Audience(
                label=label,
                closes_at=_closes_at(kind),
                users=_users(kind),
                recipients=_recipients(kind),
                template=TEMPLATE,
                duty=True,  # judges cannot unsubscribe from their duties
            ),
        )
