"""manage.py restore --input DIR: a backup into an empty database and an empty storage, then
the check of snapshots, attachments and counts against the backup's manifest."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.backup import BackupError
from operations.inventory import inventory
from operations.restore import check, read_manifest, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an EMPTY database and storage (run "
        "no migrate before it), then verify it. --check verifies what is there without restoring."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", "-i", required=True, type=Path, help="a backup folder")
        parser.add_argument("--check", action="store_true", help="verify only, restore nothing")
        parser.add_argument("--json", action="store_true", help="print the inventory as JSON")

    def handle(self, *args, **options) -> None:
        source: Path = options["input"]
        try:
            issues = check_only(source) if options["check"] else restore(source=source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(dumps({"inventory": inventory(), "problems": issues}))
        if issues:
            raise CommandError("The restored data differs from the backup:\n" + "\n".join(issues))
        self.stdout.write(
            "Verified: every results snapshot, every attachment's SHA-256 and the counts of "
            "dossiers, reviews and emails match the backup."
        )


def check_only(source: Path) -> list[str]:
    return check(read_manifest(source))


def dumps(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
