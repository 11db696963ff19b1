"""The restore drill: back up the judged demo season, restore it into a fresh database and
folder, and prove that nothing was lost.

    python -m operations.drill          # or: make restore-drill (PostgreSQL at DATABASE_URL)

Every step is the operator's own command, run as a separate process: migrate and
``seed_demo --judged --force`` into a new database, ``backup``, then ``restore`` into another new
database and an empty media folder. ``restore`` checks every confirmed results snapshot
(judging.results.verify: hash, recomputed results, inputs in the database), every attachment's
SHA-256 and the counts of dossiers, reviews and emails against the inventory that ``backup``
read from the source; the drill then compares the two inventories whole. Both databases are
dropped at the end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent


class DrillFailed(Exception):
    pass


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise DrillFailed(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))


def admin(url: str):
    conninfo = with_database(url, "postgres").replace("postgres://", "postgresql://", 1)
    return psycopg.connect(conninfo, autocommit=True)


def environment(database_url: str, media: Path) -> dict[str, str]:
    """The portal's production settings on the drill's database and folder, tasks in-process."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "PGPASSWORD")
    return {
        **{k: os.environ[k] for k in keep if k in os.environ},
        "SECRET_KEY": "restore-drill-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "EMAIL_URL": "memorymail://",
        "LOG_LEVEL": "WARNING",
    }


def run(*, server_url: str, workdir: Path, template: str | None = None) -> dict:
    """The drill on the PostgreSQL server of ``server_url``; returns the backup's manifest and
    the restored inventory. ``template``: an empty, migrated database to start the source from
    (the test suite's), instead of migrating a new one."""
    suffix = uuid.uuid4().hex[:8]
    source_db, target_db = f"vda_drill_source_{suffix}", f"vda_drill_restored_{suffix}"
    with admin(server_url) as conn:
        from_template = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{source_db}"{from_template}')
        conn.execute(f'CREATE DATABASE "{target_db}"')
    backup = workdir / "backup"
    try:
        source = environment(with_database(server_url, source_db), workdir / "source-media")
        target = environment(with_database(server_url, target_db), workdir / "restored-media")
        if not template:
            manage("migrate", "--noinput", "-v0", env=source)
        manage("seed_demo", "--judged", "--force", env=source)
        manage("backup", "--output", str(backup), env=source)
        output = manage("restore", "--input", str(backup), "--json", env=target)
        restored = json.loads(output.splitlines()[0])
    finally:
        with admin(server_url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{source_db}" WITH (FORCE)')
            conn.execute(f'DROP DATABASE IF EXISTS "{target_db}" WITH (FORCE)')
    manifest = json.loads((backup / "manifest.json").read_text())
    if restored["problems"] or manifest["inventory"] != restored["inventory"]:
        raise DrillFailed("the restored inventory differs from the source's")
    return {"manifest": manifest, "restored": restored}


def main() -> int:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not url.startswith(("postgres://", "postgresql://")):
        print("The restore drill needs PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="vda-drill-") as tmp:
        try:
            report = run(server_url=url, workdir=Path(tmp))
        except DrillFailed as error:
            print(f"Restore drill FAILED: {error}", file=sys.stderr)
            return 1
    inventory = report["restored"]["inventory"]
    snapshots = inventory["snapshots"]
    print(
        f"Restore drill passed: {len(snapshots)} results snapshots verified, "
        f"{len(inventory['attachments'])} attachments with their SHA-256, counts identical: "
        + ", ".join(f"{k} {v}" for k, v in inventory["counts"].items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
