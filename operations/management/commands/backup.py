"""manage.py backup --output DIR: the database and every stored file, with a SHA-256 manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump, or SQLite's backup API) and the stored files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", required=True, type=Path, help="a new folder")

    def handle(self, *args, output: Path, **options) -> None:
        try:
            manifest = backup(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{k} {v}" for k, v in manifest["inventory"]["counts"].items())
        self.stdout.write(
            f"Backed up the {manifest['database']['engine']} database and "
            f"{len(manifest['files'])} files to {output} ({counts})."
        )
