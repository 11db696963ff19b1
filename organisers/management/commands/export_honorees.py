"""`manage.py export_honorees --season 2024 --format csv|xlsx|pdf -o FILE`: the honoree list
from the final round's confirmed results snapshot, recorded like an export from the web."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from categories.models import Season
from organisers.exports import honorees
from organisers.models import ExportChannel, ExportFormat


class Command(BaseCommand):
    help = "Export the honoree list of a season from its confirmed final results."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--season", type=int, required=True, help="The season's year.")
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=[ExportFormat.CSV, ExportFormat.XLSX, ExportFormat.PDF],
            default=ExportFormat.CSV,
        )
        parser.add_argument("-o", "--output", required=True, help="The file to write.")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the headers and category names (default: Vietnamese).",
        )

    def handle(self, *args, season: int, fmt: str, output: str, language: str, **options):
        found = Season.objects.filter(year=season).first()
        if found is None:
            raise CommandError(f"No season {season}.")
        with translation.override(language):
            try:
                export = honorees.honoree_export(
                    season=found, fmt=ExportFormat(fmt), by=None, channel=ExportChannel.COMMAND
                )
            except honorees.NoConfirmedResults as refusal:
                raise CommandError(str(refusal.message)) from refusal
            with open(output, "wb") as file:
                honorees.write_honorees(export, ExportFormat(fmt), file)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {len(export.rows)} honorees of {season} to {output}.")
        )
