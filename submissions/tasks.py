"""Thin Celery tasks: load by id, return quietly if gone, call the service."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from submissions import mail
from submissions.models import OutboundEmail, OutboundEmailStatus
from submissions.reminders import reminders_dispatch, reminders_send_batch
from submissions.services.extensions import extension_reminders_send
from submissions.services.nominations import nominations_expire

MAX_ATTEMPTS = 6
SWEEP_AFTER_SECONDS = 120  # default of settings.OUTBOX_SWEEP_AFTER_SECONDS


@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1, acks_late=True)
def deliver_email(self, email_id: int) -> None:
    try:
        mail.deliver(email_id)
    except Exception as error:
        if self.request.retries >= self.max_retries:
            mail.mark_failed(email_id, f"{type(error).__name__}: {error}")
            return
        # Exponential backoff: 30 s, 1 min, 2 min, 4 min, 8 min.
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error


@shared_task
def sweep_outbox() -> int:
    """Deliver outbox rows whose task never ran (broker down at commit time)."""
    after = getattr(settings, "OUTBOX_SWEEP_AFTER_SECONDS", SWEEP_AFTER_SECONDS)
    cutoff = timezone.now() - timedelta(seconds=after)
    pending = OutboundEmail.objects.filter(
        status=OutboundEmailStatus.PENDING, created_at__lt=cutoff
    ).values_list("pk", flat=True)[:500]
    ids = list(pending)
    for email_id in ids:
        deliver_email.delay(email_id)
    return len(ids)


# --- Deadline reminders (submissions.reminders) --------------------------------------------


@shared_task(acks_late=True)
def dispatch_deadline_reminders() -> int:
    """Beat, every few minutes: fan out the due reminder slots (two queries when none is)."""
    return reminders_dispatch()


@shared_task(
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=30,
    retry_jitter=False,
    max_retries=5,
)
def send_reminder_batch(slot_id: int, user_ids: list[int]) -> int:
    """One batch of a slot; safe to run twice (see reminders_send_batch)."""
    return reminders_send_batch(slot_id=slot_id, user_ids=user_ids)


# --- Nominations ---------------------------------------------------------------------------


@shared_task(acks_late=True)
def expire_nominations() -> int:
    """Beat, hourly: open nominations past their link's expiry become expired."""
    return nominations_expire()


@shared_task(acks_late=True)
def remind_extended_drafts() -> int:
    """Beat, hourly: drafts with their own deadline less than 48 hours away get one reminder."""
    return extension_reminders_send()
