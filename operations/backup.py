"""A backup of the portal: the database and every stored file, with a manifest.

The folder it writes::

    manifest.json       what is in it: each file's size and SHA-256, and the inventory
    database.dump       PostgreSQL: `pg_dump --format=custom` (one consistent snapshot)
    database.sqlite3    SQLite: a copy made with SQLite's online backup API
    files/<name>        every object of the default storage (media folder or S3 bucket)

The database is dumped first, the files copied after: stored names are never reused
(`file_overwrite` off), so every attachment in the dump finds its file in the backup.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import Storage, storages
from django.db import connection
from django.utils import timezone

from operations.inventory import inventory

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    sha256: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def storage_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in a storage, through Django's storage API (folders or S3 prefixes)."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(names):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from storage_names(storage, f"{folder}/{sub}" if folder else sub)


def libpq_env(settings_dict: dict) -> dict[str, str]:
    """pg_dump's and pg_restore's connection, from Django's settings (password not in argv)."""
    values = {
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
        "PGDATABASE": settings_dict["NAME"],
    }
    return {**os.environ, **{k: v for k, v in values.items() if v}}


def run(command: list[str], *, env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)") from error
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def dump_database(target: Path) -> None:
    vendor = connection.vendor
    if vendor == "postgresql":
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file"]
        run([*command, str(target)], env=libpq_env(connection.settings_dict))
    elif vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        raise BackupError(f"backups of a {vendor} database are not supported")


def copy_files(storage: Storage, folder: Path) -> list[Entry]:
    entries = []
    for name in storage_names(storage):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy, CHUNK)
        entries.append(Entry(name, target.stat().st_size, sha256_of(target)))
    return entries


def backup(*, output: Path) -> dict:
    """Write a backup into ``output`` (a new or empty folder) and return its manifest."""
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty")
    output.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(f"backups of a {vendor} database are not supported")
    started = timezone.now()
    dump = output / DUMPS[vendor]
    dump_database(dump)
    entries = copy_files(storages["default"], output / FILES)
    manifest = {
        "format": FORMAT,
        "created_at": started.isoformat(),
        "database": {"engine": vendor, "file": dump.name, "sha256": sha256_of(dump)},
        "files": [entry.__dict__ for entry in entries],
        "inventory": inventory(),
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest
