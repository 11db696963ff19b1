"""Deadline reminders: the engine (`engine`), the applicants' audience (`applicants`, registered
in `SubmissionsConfig.ready()`) and unsubscribing (`unsubscribe`)."""

from submissions.reminders.engine import (
    BATCH_SIZE,
    DEFAULT_SLOTS,
    DISPATCH_LEASE,
    EMAIL_TEMPLATE,
    Audience,
    Due,
    Recipient,
    SlotResult,
    audience_choices,
    delivery_key,
    due_reminders,
    ensure_default_plan,
    get_audience,
    plan_refresh_slots,
    register_audience,
    reminders_dispatch,
    reminders_run,
    reminders_send_batch,
    slot_send_at,
)
from submissions.reminders.unsubscribe import (
    read_unsubscribe_token,
    reminder_opt_out,
    unsubscribe_token,
)

__all__ = [
    "BATCH_SIZE",
    "DEFAULT_SLOTS",
    "DISPATCH_LEASE",
    "EMAIL_TEMPLATE",
    "Audience",
    "Due",
    "Recipient",
    "SlotResult",
    "audience_choices",
    "delivery_key",
    "due_reminders",
    "ensure_default_plan",
    "get_audience",
    "plan_refresh_slots",
    "read_unsubscribe_token",
    "register_audience",
    "reminder_opt_out",
    "reminders_dispatch",
    "reminders_run",
    "reminders_send_batch",
    "slot_send_at",
    "unsubscribe_token",
]
