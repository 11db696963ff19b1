"""The reminder engine: which slot is due, who gets it, and sending it exactly once.

- Beat runs `reminders_dispatch` every few minutes. Per enabled plan it finds the due slot, claims
  it with a conditional UPDATE (so two beats dispatch once) and enqueues batch tasks of
  BATCH_SIZE users. When nothing is due it costs two queries.
- A batch (`reminders_send_batch`) inserts ReminderDelivery rows tagged with a fresh run token,
  ignoring conflicts on (slot, user); it sends only the rows that carry its own token. A task
  run twice, a redelivered message or a second dispatcher therefore sends nothing more.
- Due slot at instant T: the latest slot with send_at <= T, if T is before the deadline's close.
  A later slot supersedes an earlier one, so after an outage only the latest missed slot goes.
- Who is reminded comes from an audience registry: each app registers its own audience
  (`register_audience`, from its AppConfig.ready) without this app importing it; the
  applicants' audience is in `submissions.reminders.applicants`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import partial
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import Consent, ConsentPurpose, User
from categories.models import Season
from submissions import mail
from submissions.models import (
    OutboundEmail,
    OutboundEmailStatus,
    ReminderDelivery,
    ReminderOptOut,
    ReminderPlan,
    ReminderSlot,
)
from submissions.models.reminders import APPLICANTS
from submissions.reminders.unsubscribe import unsubscribe_token
from vda_portal.localtime import PORTAL_TZ

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A dispatch whose batches have not all run within this time is taken up again (broker lost a
# message, worker pool stuck); the next dispatch that finds nobody left marks the slot completed.
DISPATCH_LEASE = timedelta(minutes=15)
DEFAULT_SLOTS = tuple((days, time(9, 0)) for days in (14, 7, 3, 1, 0))
EMAIL_TEMPLATE = "submissions/email/reminder"


# --- Audience registry ---------------------------------------------------------------------


@dataclass(slots=True)
class Recipient:
    """One person to remind, with the items the email lists (rendered by the audience's
    template as `items`) and any extra template context."""

    user: User
    items: Sequence[Any] = ()
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Audience:
    """Who a plan reminds of what.

    closes_at(plan): first instant at which nothing more is sent (None: no reminders yet);
        slots are counted back from the Vietnam-time day of the last moment before it.
    users(plan, at): a User queryset of everyone who should be reminded now; one query.
        The engine adds: active, not opted out, not yet reminded for the slot.
    recipients(plan, at, users): the same people restricted to one batch (a queryset), with
        their items loaded in a constant number of queries. Whoever is left out gets nothing.
    template: email templates `<template>_subject.txt`, `_message.txt`, `_message.html`.
    """

    label: str
    closes_at: Callable[[ReminderPlan], datetime | None]
    users: Callable[[ReminderPlan, datetime], QuerySet[User]]
    recipients: Callable[[ReminderPlan, datetime, QuerySet[User]], list[Recipient]]
    template: str = EMAIL_TEMPLATE
    # A duty (judges' unfinished reviews), not an extra: no unsubscribe link, and neither an
    # opt-out nor the reminder emails' consent stops it.
    duty: bool = False


_AUDIENCES: dict[str, Audience] = {}


def register_audience(name: str, audience: Audience) -> None:
    """Make an audience available to reminder plans (call it from an AppConfig.ready)."""
    _AUDIENCES[name] = audience


def get_audience(name: str) -> Audience | None:
    return _AUDIENCES.get(name)


def audience_choices() -> list[tuple[str, str]]:
    return [(name, str(audience.label)) for name, audience in sorted(_AUDIENCES.items())]


# --- Schedule ------------------------------------------------------------------------------


def slot_send_at(*, closes_at: datetime, days_before: int, time_of_day: time) -> datetime:
    """The slot's instant: `days_before` days before the deadline's day, Vietnam time."""
    last_day = (closes_at - timedelta(microseconds=1)).astimezone(PORTAL_TZ).date()
    return datetime.combine(last_day - timedelta(days=days_before), time_of_day, tzinfo=PORTAL_TZ)


@dataclass(slots=True)
class Due:
    plan: ReminderPlan
    slot: ReminderSlot
    audience: Audience
    closes_at: datetime


def _plans() -> QuerySet[ReminderPlan]:
    return (
        ReminderPlan.objects.filter(enabled=True)
        .select_related("season")
        .prefetch_related("slots")
        .order_by("pk")
    )


def _refresh(plan: ReminderPlan, closes_at: datetime | None) -> list[ReminderSlot]:
    """Bring each slot's send_at in step with the deadline (in memory); return the changed.

    A slot whose instant moved is a new appointment: its dispatch markers are reset."""
    changed = []
    for slot in plan.slots.all():
        send_at = closes_at and slot_send_at(
            closes_at=closes_at, days_before=slot.days_before, time_of_day=slot.time_of_day
        )
        if slot.send_at != send_at:
            slot.send_at, slot.dispatched_at, slot.completed_at = send_at, None, None
            changed.append(slot)
    return changed


def _save_refreshed(slots: list[ReminderSlot]) -> None:
    if slots:
        ReminderSlot.objects.bulk_update(slots, ["send_at", "dispatched_at", "completed_at"])


def _due_slot(plan: ReminderPlan, closes_at: datetime, at: datetime) -> ReminderSlot | None:
    if at >= closes_at:
        return None
    reached = [slot for slot in plan.slots.all() if slot.send_at and slot.send_at <= at]
    return max(reached, key=lambda slot: slot.send_at, default=None)


def _due(plan: ReminderPlan, at: datetime, *, write: bool) -> Due | None:
    audience = get_audience(plan.audience)
    if audience is None:
        logger.warning("Reminder plan %s: unknown audience %r", plan.pk, plan.audience)
        return None
    closes_at = audience.closes_at(plan)
    changed = _refresh(plan, closes_at)
    if write:
        _save_refreshed(changed)
    slot = closes_at and _due_slot(plan, closes_at, at)
    return Due(plan, slot, audience, closes_at) if slot else None


def due_reminders(*, at: datetime, write: bool = True) -> list[Due]:
    """The due slot of every enabled plan at `at` (at most one per plan)."""
    return [due for plan in _plans() if (due := _due(plan, at, write=write))]


def plan_refresh_slots(*, plan: ReminderPlan) -> None:
    """Store each slot's send_at for the plan's current deadline (admin, seeding)."""
    audience = get_audience(plan.audience)
    closes_at = audience.closes_at(plan) if audience else None
    _save_refreshed(_refresh(plan, closes_at))


@transaction.atomic
def ensure_default_plan(season: Season, audience: str = APPLICANTS) -> ReminderPlan:
    """The season's plan for `audience` (the applicants' by default); new plans get 14, 7, 3,
    1 and 0 days before, at 09:00. An existing plan keeps its slots."""
    plan, created = ReminderPlan.objects.get_or_create(season=season, audience=audience)
    if created:
        ReminderSlot.objects.bulk_create(
            ReminderSlot(plan=plan, days_before=days, time_of_day=at) for days, at in DEFAULT_SLOTS
        )
    plan_refresh_slots(plan=plan)
    return plan


# --- Who is due ----------------------------------------------------------------------------


def _due_users(due: Due, at: datetime) -> QuerySet[User]:
    opted_out = ReminderOptOut.objects.filter(plan=due.plan, user=OuterRef("pk"))
    reminded = ReminderDelivery.objects.filter(slot=due.slot, user=OuterRef("pk"))
    # Declined or withdrew the reminder emails' consent (accounts.privacy); never asked: sent.
    declined = Consent.objects.filter(
        user=OuterRef("pk"), purpose=ConsentPurpose.REMINDER_EMAILS, granted=False
    )
    users = due.audience.users(due.plan, at).filter(is_active=True).exclude(Exists(reminded))
    if due.audience.duty:
        return users
    return users.exclude(Exists(opted_out)).exclude(Exists(declined))


def _pending_ids(due: Due, at: datetime) -> list[int]:
    return list(_due_users(due, at).order_by("pk").values_list("pk", flat=True))


def _chunks(ids: list[int], size: int = BATCH_SIZE) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# --- Dispatch (beat) and run (command) -----------------------------------------------------


def reminders_dispatch(*, at: datetime | None = None) -> int:
    """Fan out every due slot in batch tasks; returns how many people were queued."""
    at = at or timezone.now()
    return sum(_dispatch(due, at) for due in due_reminders(at=at) if not due.slot.completed_at)


def _dispatch(due: Due, at: datetime) -> int:
    slot = due.slot
    if slot.dispatched_at and slot.dispatched_at > at - DISPATCH_LEASE:
        return 0  # its batches are (probably) still running
    with transaction.atomic():
        if not _claim(slot, at):
            return 0  # another dispatcher (a second beat) took it
        ids = _pending_ids(due, at)
        if not ids:
            ReminderSlot.objects.filter(pk=slot.pk).update(completed_at=at)
            return 0
        for chunk in _chunks(ids):
            transaction.on_commit(partial(_enqueue_batch, slot.pk, chunk))
    batches = -(-len(ids) // BATCH_SIZE)
    logger.info("Reminder slot %s: %s recipients in %s batches", slot.pk, len(ids), batches)
    return len(ids)


def _claim(slot: ReminderSlot, at: datetime) -> bool:
    free = Q(dispatched_at__isnull=True) | Q(dispatched_at__lte=at - DISPATCH_LEASE)
    claimed = ReminderSlot.objects.filter(
        free, pk=slot.pk, send_at=slot.send_at, completed_at__isnull=True
    ).update(dispatched_at=at)
    return claimed == 1


def _enqueue_batch(slot_id: int, user_ids: list[int]) -> None:
    # Breaks a real cycle: submissions.tasks imports this engine.
    from submissions.tasks import send_reminder_batch

    try:
        send_reminder_batch.delay(slot_id, user_ids)
    except Exception:  # broker down: the lease runs out and the next dispatch takes them again
        logger.warning("Could not enqueue a reminder batch of slot %s", slot_id)


@dataclass(frozen=True, slots=True)
class SlotResult:
    plan: ReminderPlan
    slot: ReminderSlot
    count: int


def reminders_run(*, at: datetime | None = None, dry_run: bool = False) -> list[SlotResult]:
    """Send (or, dry, count) the due reminders at `at` synchronously, batch by batch."""
    at = at or timezone.now()
    results = []
    for due in due_reminders(at=at, write=not dry_run):
        ids = _pending_ids(due, at)
        count = len(ids)
        if not dry_run:
            count = sum(
                reminders_send_batch(slot_id=due.slot.pk, user_ids=chunk, at=at)
                for chunk in _chunks(ids)
            )
        results.append(SlotResult(due.plan, due.slot, count))
    return results


# --- One batch -----------------------------------------------------------------------------


def reminders_send_batch(
    *, slot_id: int, user_ids: Sequence[int], at: datetime | None = None
) -> int:
    """Queue the slot's reminder for these users, each at most once ever; returns how many
    this call queued. Nothing when the slot is gone, superseded or past the deadline."""
    at = at or timezone.now()
    due = _due_for_slot(slot_id, at)
    if due is None:
        return 0
    users = _due_users(due, at).filter(pk__in=list(user_ids))
    recipients = due.audience.recipients(due.plan, at, users)
    if not recipients:
        return 0
    with transaction.atomic():
        mine = _insert_deliveries(due.slot, recipients)
        emails = [_render(due, recipient) for recipient in recipients if recipient.user.pk in mine]
        _queue(emails)
    return len(emails)


def _due_for_slot(slot_id: int, at: datetime) -> Due | None:
    plan = _plans().filter(slots=slot_id).first()
    due = plan and _due(plan, at, write=False)
    return due if due and due.slot.pk == slot_id else None


def _insert_deliveries(slot: ReminderSlot, recipients: list[Recipient]) -> set[int]:
    """Insert a delivery per recipient; return the users whose row this call inserted."""
    token = uuid4()
    ReminderDelivery.objects.bulk_create(
        [
            ReminderDelivery(
                slot=slot,
                user=recipient.user,
                run_token=token,
                email_id=delivery_key(slot.pk, recipient.user.pk),
            )
            for recipient in recipients
        ],
        ignore_conflicts=True,
    )
    inserted = ReminderDelivery.objects.filter(run_token=token)
    return set(inserted.values_list("user_id", flat=True))


def delivery_key(slot_id: int, user_id: int) -> str:
    return f"reminder:{slot_id}:{user_id}"


def _queue(emails: list[OutboundEmail]) -> None:
    if not emails:
        return
    OutboundEmail.objects.bulk_create(emails, ignore_conflicts=True)
    keys = [email.key for email in emails]
    pending = OutboundEmail.objects.filter(key__in=keys, status=OutboundEmailStatus.PENDING)
    ids = list(pending.values_list("pk", flat=True))
    transaction.on_commit(partial(_enqueue_deliveries, ids))


def _enqueue_deliveries(email_ids: list[int]) -> None:
    for email_id in email_ids:
        mail.enqueue_delivery(email_id)


def _render(due: Due, recipient: Recipient) -> OutboundEmail:
    user = recipient.user
    unsubscribe = (
        ""
        if due.audience.duty
        else settings.SITE_URL
        + reverse(
            "submissions:reminder_unsubscribe",
            args=[unsubscribe_token(user_id=user.pk, plan_id=due.plan.pk)],
        )
    )
    context = {
        "user": user,
        "plan": due.plan,
        "season": due.plan.season,
        "slot": due.slot,
        "closes_at": due.closes_at,
        "items": recipient.items,
        "home_url": settings.SITE_URL + reverse("submissions:home"),
        "unsubscribe_url": unsubscribe,
        **recipient.context,
    }
    template = due.audience.template
    rendered = mail.render_email(template=template, context=context, language=user.language)
    return OutboundEmail(
        key=delivery_key(due.slot.pk, user.pk),
        to_email=user.email,
        subject=rendered.subject,
        text_body=rendered.text,
        html_body=rendered.html,
        expires_at=due.closes_at,
        headers=(
            {
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
            if unsubscribe
            else None
        ),
    )
