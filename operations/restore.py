"""Restore a backup (operations/backup.py) into an EMPTY database and an EMPTY storage, then
check what came back against the backup's inventory. Nothing is ever overwritten: a database
with tables or a storage with files is refused before anything is written."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connection

from operations.backup import (
    FILES,
    FORMAT,
    MANIFEST,
    BackupError,
    libpq_env,
    run,
    sha256_of,
    storage_names,
)
from operations.inventory import inventory, problems


def read_manifest(source: Path) -> dict:
    """The manifest, once every file it lists is there with its SHA-256."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{source} has no {MANIFEST}: not a backup") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    dump = source / manifest["database"]["file"]
    if not dump.exists() or sha256_of(dump) != manifest["database"]["sha256"]:
        raise BackupError(f"{dump.name} is missing or damaged (SHA-256 differs)")
    for entry in manifest["files"]:
        path = source / FILES / entry["name"]
        if not path.exists() or sha256_of(path) != entry["sha256"]:
            raise BackupError(f"{entry['name']} is missing or damaged (SHA-256 differs)")
    return manifest


def refuse_unless_empty(storage: Storage) -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"the database is not empty ({len(tables)} tables): restore only into a new one"
        )
    if next(storage_names(storage), None) is not None:
        raise BackupError("the file storage is not empty: restore only into a new one")


def restore_database(dump: Path, engine: str) -> None:
    if engine != connection.vendor:
        raise BackupError(f"a {engine} backup cannot go into a {connection.vendor} database")
    if engine == "postgresql":
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        env = libpq_env(connection.settings_dict)
        run([*command, "--single-transaction", "--dbname", env["PGDATABASE"], str(dump)], env=env)
    else:
        connection.ensure_connection()
        with sqlite3.connect(dump) as copy:
            copy.backup(connection.connection)
        copy.close()
    connection.close()  # the next query sees the restored schema


def restore_files(manifest: dict, source: Path, storage: Storage) -> None:
    for entry in manifest["files"]:
        with (source / FILES / entry["name"]).open("rb") as file:
            saved = storage.save(entry["name"], File(file))
        if saved != entry["name"]:
            raise BackupError(f"{entry['name']} was stored as {saved}")


def restore(*, source: Path) -> list[str]:
    """Restore ``source`` and return what differs from its inventory (nothing, if all is well)."""
    manifest = read_manifest(source)
    storage = storages["default"]
    refuse_unless_empty(storage)
    restore_database(source / manifest["database"]["file"], manifest["database"]["engine"])
    restore_files(manifest, source, storage)
    return check(manifest)


def check(manifest: dict) -> list[str]:
    return problems(manifest["inventory"], inventory())
