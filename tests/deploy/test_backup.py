"""manage.py backup and restore: what a backup holds, what restore refuses, a round trip on
the suite's database engine, and the restore drill of the judged demo on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connections

from operations import drill
from operations.backup import BackupError, backup
from operations.restore import restore
from submissions.models import Attachment, DocumentType, Dossier
from submissions.services import attachment_add
from tests.deploy.stack import copy_database, drop_database
from tests.factories import DossierFactory, applicant
from tests.submissions import files

pytestmark = pytest.mark.deployment
ROOT = Path(settings.BASE_DIR)
POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.fixture
def dossier_with_files(transactional_db, season, time_machine):
    """Committed (backup and restore run in other processes): a draft with two documents."""
    time_machine.move_to("2024-06-20T10:00:00+07:00", tick=False)
    owner = applicant("owner@example.com")
    dossier = DossierFactory(applicant=owner, category=season.categories.get(number=3))
    for kind, name in [(DocumentType.APPLICATION_FORM, "don.pdf"), (DocumentType.OTHER, "a.png")]:
        content = files.pdf() if name.endswith(".pdf") else files.png()
        attachment_add(
            dossier=dossier,
            document_type=kind,
            uploaded_file=SimpleUploadedFile(name, content),
            by=owner,
        )
    return dossier


def test_a_backup_holds_the_dump_every_file_with_its_sha256_and_the_inventory(
    dossier_with_files, tmp_path
):
    manifest = backup(output=tmp_path / "backup")

    attachments = list(Attachment.objects.order_by("file"))
    stored = {e["name"]: e["sha256"] for e in manifest["files"]}
    image = next(a for a in attachments if a.thumbnail)
    assert sorted(stored) == sorted([a.file.name for a in attachments] + [image.thumbnail.name])
    assert all(stored[a.file.name] == a.sha256 for a in attachments)
    for entry in manifest["files"]:
        assert (tmp_path / "backup" / "files" / entry["name"]).stat().st_size == entry["size"]
    dump = tmp_path / "backup" / manifest["database"]["file"]
    assert dump.name == ("database.dump" if POSTGRES else "database.sqlite3")
    assert dump.stat().st_size > 0
    assert manifest["inventory"]["counts"] == {
        "dossiers": 1,
        "reviews": 0,
        "emails": 0,
        "attachments": 2,
        "snapshots": 0,
    }
    assert manifest["inventory"]["attachments"] == {
        str(a.pk): {"recorded": a.sha256, "stored": a.sha256} for a in attachments
    }
    written = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert written == manifest


def test_backup_refuses_a_folder_that_is_not_empty(db, tmp_path):
    (tmp_path / "old.txt").write_text("an earlier backup")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", "--output", str(tmp_path))


def test_restore_refuses_a_database_or_storage_that_is_not_empty(dossier_with_files, tmp_path):
    backup(output=tmp_path / "backup")

    with pytest.raises(BackupError, match="the database is not empty"):
        restore(source=tmp_path / "backup")
    assert Dossier.objects.count() == 1
    assert Attachment.objects.count() == 2


def test_restore_refuses_a_damaged_backup_before_touching_anything(dossier_with_files, tmp_path):
    manifest = backup(output=tmp_path / "backup")
    damaged = tmp_path / "backup" / "files" / manifest["files"][0]["name"]
    damaged.write_bytes(b"%PDF-1.4 changed")

    with pytest.raises(BackupError, match="missing or damaged"):
        restore(source=tmp_path / "backup")
    with pytest.raises(CommandError, match="missing or damaged"):
        call_command("restore", "--input", str(tmp_path / "backup"), "--check")


def restore_elsewhere(source: Path, database_url: str, media: Path) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "SECRET_KEY": "restore-test-" + "k" * 50,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
    }
    command = [sys.executable, "manage.py", "restore", "--input", str(source), "--json"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.mark.skipif(POSTGRES, reason="the SQLite round trip; PostgreSQL has the drill below")
def test_sqlite_round_trip_into_a_new_file_and_folder(dossier_with_files, tmp_path):
    manifest = backup(output=tmp_path / "backup")
    restored_db, media = tmp_path / "restored.sqlite3", tmp_path / "restored-media"

    result = restore_elsewhere(tmp_path / "backup", f"sqlite:///{restored_db}", media)

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[0])
    assert report == {"inventory": manifest["inventory"], "problems": []}
    names = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    assert names == sorted(e["name"] for e in manifest["files"])
    again = restore_elsewhere(tmp_path / "backup", f"sqlite:///{restored_db}", media)
    assert again.returncode == 1
    assert "the database is not empty" in again.stderr


@pytest.mark.skipif(not POSTGRES, reason="the restore drill runs on PostgreSQL")
def test_restore_drill_of_the_judged_demo(django_db_setup, django_db_blocker, tmp_path):
    db = connections["default"].settings_dict
    template = f"{db['NAME']}_drill_template"
    server = f"postgres://{db['USER']}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    with django_db_blocker.unblock():
        copy_database(db, db["NAME"], template)  # a migrated start, without migrating again
    try:
        report = drill.run(server_url=server, workdir=tmp_path, template=template)
    finally:
        with django_db_blocker.unblock():
            drop_database(template)

    inventory = report["restored"]["inventory"]
    assert report["restored"]["problems"] == []
    assert inventory == report["manifest"]["inventory"]
    assert len(inventory["snapshots"]) == 3  # both rounds of 2024 (--judged), the final of 2023
    assert all(s["verified"] for s in inventory["snapshots"].values())
    assert inventory["counts"]["dossiers"] > 50
    assert inventory["counts"]["reviews"] > 100
    assert inventory["counts"]["emails"] >= 1
    assert inventory["attachments"]
    assert all(a["stored"] == a["recorded"] for a in inventory["attachments"].values())
    # Every attachment's file is in the backup, beside the other stored files (the award's
    # logo and signatures, site verification documents).
    assert len(report["manifest"]["files"]) >= inventory["counts"]["attachments"]
