"""`manage.py apply_retention [--dry-run] [--at ISO]`: the retention schedule, now."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from submissions.personal_data.retention import apply_retention


class Command(BaseCommand):
    help = "Delete old drafts, anonymise old dossiers that did not win, drop expired exports."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print what would go.")
        parser.add_argument("--at", help="Run as of this moment (ISO 8601, with offset).")

    def handle(self, *args, dry_run: bool, at: str | None, **options) -> None:
        moment = parse_datetime(at) if at else None
        if at and (moment is None or moment.tzinfo is None):
            raise CommandError("--at needs an ISO 8601 moment with its offset.")
        plan = apply_retention(at=moment, dry_run=dry_run)
        lines = plan.lines()
        verb = "Would" if dry_run else "Did"
        for line in lines:
            self.stdout.write(f"{verb} {line}")
        self.stdout.write(f"{len(lines)} item(s).")
