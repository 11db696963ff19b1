"""gunicorn (2 workers) behind Debian's nginx on loopback ports, run from deploy/nginx.conf,
against a database of their own (PostgreSQL when the suite runs on it, else an SQLite file)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psycopg
import requests
from django.conf import settings
from django.db import connections
from requests.adapters import HTTPAdapter

from tests.deploy.stack_seed import SEED_SCRIPT

ROOT = Path(settings.BASE_DIR)
SITE_FILE = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if os.access(p, os.X_OK)), None
)
MAIN_CONF = """\
{user}
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{site}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_config(*, upstream: int, http: int, https: int, tmp: Path) -> str:
    """deploy/nginx.conf with the test's ports, certificate and log path. Every substitution
    must apply: a changed site file fails here rather than being tested half."""
    text = SITE_FILE.read_text()
    substitutions = [
        (r"server 127\.0\.0\.1:8000;", f"server 127.0.0.1:{upstream};"),
        (r"\n\s*listen 80;", f"\n    listen 127.0.0.1:{http};"),
        (r"\n\s*listen \[::\]:80;", ""),
        (r"\n\s*# listen 443 ssl;", f"\n    listen 127.0.0.1:{https} ssl;"),
        (r"\n\s*# listen \[::\]:443 ssl;", ""),
        (r"# ssl_certificate (\s*)\S+;", f"ssl_certificate {tmp}/cert.pem;"),
        (r"# ssl_certificate_key \S+;", f"ssl_certificate_key {tmp}/key.pem;"),
        (r"access_log /var/log/nginx/vda-portal\.access\.log", f"access_log {tmp}/access.log"),
    ]
    for pattern, replacement in substitutions:
        text, count = re.subn(pattern, replacement, text)
        assert count == 1, f"deploy/nginx.conf no longer has {pattern!r}"
    return text


def clone_test_database(tmp: Path) -> tuple[str, str | None]:
    """A copy of the suite's migrated, empty test database for the stack (migrating a new one
    takes most of half a minute), and its name on PostgreSQL to drop it afterwards."""
    connection = connections["default"]
    db = connection.settings_dict
    assert db["NAME"].startswith(("test_", "file:memorydb")), f"not a test database: {db['NAME']}"
    if db["ENGINE"] != "django.db.backends.postgresql":
        path = tmp / "stack.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}", None
    name = f"vda_stack_{uuid.uuid4().hex[:8]}"
    copy_database(db, db["NAME"], name)
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}/{name}", name


def copy_database(db: dict, template: str, name: str) -> None:
    """CREATE DATABASE … TEMPLATE: the template must have no other session, so this process
    closes its own and ends any other left open (a live server thread's persistent one)."""
    connections.close_all()
    with psycopg.connect(**admin_params(db), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [template],
        )
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def admin_params(db: dict) -> dict:
    return {
        "dbname": "postgres",
        "user": db["USER"],
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
    }


def drop_database(name: str) -> None:
    db = connections["default"].settings_dict
    with psycopg.connect(**admin_params(db), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class SourceAddressAdapter(HTTPAdapter):
    """Connections from one loopback address (127.0.0.2, 127.0.0.3 …): distinct clients."""

    def __init__(self, address: str, **kwargs):
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


@dataclass
class Stack:
    tmp: Path
    http: int
    https: int
    upstream: int
    seed: dict
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.https}"

    def client(self, address: str = "127.0.0.2") -> requests.Session:
        session = requests.Session()
        session.trust_env = False  # no proxy, no CA bundle from the environment
        session.verify = False  # the test's own self-signed certificate
        adapter = SourceAddressAdapter(address)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

    def gunicorn_log(self) -> str:
        return (self.tmp / "gunicorn.access.log").read_text()

    def ssl_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def start(tmp: Path, *, db_url: str) -> Stack:
    http, https, upstream = free_port(), free_port(), free_port()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp),  # gunicorn's control socket goes under $HOME/.gunicorn
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.deploy.stack_settings",
        "SECRET_KEY": "stack-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https}",
        "DATABASE_URL": db_url,
        "MEDIA_ROOT": str(tmp / "media"),
        "TRUSTED_PROXY_COUNT": "1",
        "SECURE_SSL_REDIRECT": "1",
        "LOG_FORMAT": "json",
    }
    seeded = subprocess.run(
        [sys.executable, "-c", SEED_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert seeded.returncode == 0, seeded.stderr
    stack = Stack(tmp, http, https, upstream, json.loads(seeded.stdout.strip().splitlines()[-1]))
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = site_config(upstream=upstream, http=http, https=https, tmp=tmp)
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(MAIN_CONF.format(user=user, tmp=tmp, site=site))
    (tmp / "gunicorn.out").touch()
    gunicorn = [sys.executable, "-m", "gunicorn", "vda_portal.wsgi", "--workers", "2",
                "--bind", f"127.0.0.1:{upstream}", "--timeout", "60",
                "--access-logfile", str(tmp / "gunicorn.access.log")]  # fmt: skip
    with open(tmp / "gunicorn.out", "w") as out:
        stack.processes.append(
            subprocess.Popen(gunicorn, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        )
    nginx = [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")]
    stack.processes.append(subprocess.Popen(nginx, stdout=subprocess.DEVNULL))
    try:
        wait_until_ready(stack)
    except BaseException:
        stack.stop()
        raise
    return stack


def wait_until_ready(stack: Stack, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    session = stack.client()
    while time.monotonic() < deadline:
        for process in stack.processes:
            assert process.poll() is None, (stack.tmp / "gunicorn.out").read_text() + (
                (stack.tmp / "error.log").read_text() if (stack.tmp / "error.log").exists() else ""
            )
        try:
            if session.get(stack.base + "/healthz/live", timeout=10).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise AssertionError("gunicorn behind nginx did not answer in time")
