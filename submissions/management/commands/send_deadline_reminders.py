"""`manage.py send_deadline_reminders [--at ISO-8601] [--dry-run]`: the reminder service, now."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from submissions.reminders import reminders_run
from vda_portal.localtime import PORTAL_TZ, format_datetime


def parse_instant(value: str) -> datetime:
    """ISO 8601; without an offset the time is Vietnam time."""
    try:
        instant = datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--at: not an ISO 8601 date and time: {value!r}") from error
    return instant if timezone.is_aware(instant) else instant.replace(tzinfo=PORTAL_TZ)


class Command(BaseCommand):
    help = (
        "Send the deadline reminders due at an instant (default: now), synchronously. "
        "Each person gets each slot once, whatever ran before."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--at", help="the instant, ISO 8601 (e.g. 2024-06-16T09:00:00+07:00); default now"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="count who is due; send and change nothing"
        )

    def handle(self, *args, at: str | None, dry_run: bool, **options) -> None:
        instant = parse_instant(at) if at else timezone.now()
        results = reminders_run(at=instant, dry_run=dry_run)
        for result in results:
            send_at = format_datetime(result.slot.send_at)
            self.stdout.write(
                f"{result.plan.season.year} {result.plan.audience}: "
                f"{result.slot.days_before} days before ({send_at}): {result.count}"
            )
        label = "reminders due" if dry_run else "reminders sent"
        self.stdout.write(f"{label}: {sum(result.count for result in results)}")
