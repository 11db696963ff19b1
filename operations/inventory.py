"""What a backup must bring back, read from the database and storage the portal uses now:
the counts of dossiers, reviews, emails and attachments, every confirmed results snapshot's
hash and whether it still verifies, every attachment's SHA-256 as recorded and as stored."""

from __future__ import annotations

import hashlib

from django.core.files.storage import storages

from judging.models import ResultSnapshot, Review
from judging.results import verify
from submissions.models import Attachment, Dossier, OutboundEmail

CHUNK = 1024 * 1024


def file_sha256(name: str) -> str:
    digest = hashlib.sha256()
    with storages["default"].open(name, "rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def counts() -> dict[str, int]:
    return {
        "dossiers": Dossier.objects.count(),
        "reviews": Review.objects.count(),
        "emails": OutboundEmail.objects.count(),
        "attachments": Attachment.objects.count(),
        "snapshots": ResultSnapshot.objects.count(),
    }


def snapshots() -> dict[str, dict]:
    """Each confirmed round's snapshot: its stored hash, and the judging check of it (the hash
    of the payload, the results recomputed, the database's inputs now)."""
    found = {}
    for snapshot in ResultSnapshot.objects.select_related("round").order_by("round_id"):
        check = verify(snapshot)
        found[str(snapshot.round_id)] = {"sha256": snapshot.sha256, "verified": check.ok}
    return found


def attachments() -> dict[str, dict]:
    found = {}
    for attachment in Attachment.objects.order_by("pk").only("pk", "sha256", "file"):
        try:
            stored = file_sha256(attachment.file.name)
        except FileNotFoundError:
            stored = None
        found[str(attachment.pk)] = {"recorded": attachment.sha256, "stored": stored}
    return found


def inventory() -> dict:
    return {"counts": counts(), "snapshots": snapshots(), "attachments": attachments()}


def problems(expected: dict, found: dict) -> list[str]:
    """What differs between the inventory at backup time and the one after a restore."""
    issues = []
    for name, count in expected["counts"].items():
        if found["counts"].get(name) != count:
            issues.append(f"{name}: {found['counts'].get(name)} instead of {count}")
    for round_id, snapshot in expected["snapshots"].items():
        now = found["snapshots"].get(round_id)
        if now is None or now["sha256"] != snapshot["sha256"]:
            issues.append(f"round {round_id}: the results snapshot's hash differs")
        elif not now["verified"]:
            issues.append(f"round {round_id}: the results snapshot no longer verifies")
    for pk, attachment in expected["attachments"].items():
        now = found["attachments"].get(pk)
        if now is None or now["stored"] != attachment["recorded"]:
            issues.append(f"attachment {pk}: the stored file's SHA-256 differs")
        elif now["recorded"] != attachment["recorded"]:
            issues.append(f"attachment {pk}: the recorded SHA-256 differs")
    return issues
