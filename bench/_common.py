"""Shared helpers of the benchmarks: Django set-up, the database guard, gunicorn and other
processes started and stopped by the scripts, signed-in sessions, percentiles, /proc memory.

Not a benchmark itself. Every process it starts listens on 127.0.0.1 only and is stopped by
the script that started it (by its own pid, never by name).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python")
sys.path.insert(0, str(ROOT))

BENCH_SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789"


def bench_env(**extra: str) -> dict[str, str]:
    """The environment of a bench process: production-like settings (DEBUG off) on 127.0.0.1."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "vda_portal.settings"),
        "SECRET_KEY": BENCH_SECRET_KEY,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "PYTHONPATH": str(ROOT),
    }
    env.update(extra)
    return env


def setup_django(**extra: str) -> None:
    """django.setup() in this process with bench_env()."""
    os.environ.update(bench_env(**extra))
    import django

    django.setup()


def require_bench_database() -> str:
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name and "fault" not in name and "load" not in name:
        sys.exit(f"refusing to write to database {name!r}: its name must contain 'bench'")
    return name


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    today = f"{datetime.now(UTC):%d/%m/%Y} (UTC)"
    return f"{today}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


# --- statistics ----------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0–100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# --- processes -----------------------------------------------------------------------------


class Process:
    """A child process in its own process group, stopped by its pid."""

    def __init__(self, args: list[str], *, env: dict[str, str], log: Path, cwd: Path = ROOT):
        self.args = args
        self.log_path = log
        self._log = open(log, "ab")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            args,
            env=env,
            cwd=cwd,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 15) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self._log.close()

    def kill_group(self) -> None:
        """SIGKILL the whole process group (the process and every child it forked)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self._log.close()


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def wait_http(port: int, path: str = "/__bench__/bare", timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, _body, _headers, _s = get(port, path, timeout=2)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on 127.0.0.1:{port}{path} within {timeout} s")


def start_gunicorn(
    *,
    port: int,
    workers: int,
    env: dict[str, str],
    log: Path,
    wait_path: str = "/__bench__/bare",
    timeout: int = 30,
) -> Process:
    args = [
        str(VENV_BIN / "gunicorn"),
        env.get("BENCH_WSGI", "vda_portal.wsgi"),  # another application: to profile inside
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        "5",
        "--backlog",
        "512",
        "--access-logfile",
        env.get("BENCH_ACCESS_LOG") or "/dev/null",
        # method, path, status, server time in microseconds: queueing is what the client adds
        "--access-logformat",
        "%(m)s %(U)s %(s)s %(D)s",
    ]
    server = Process(args, env=env, log=log)
    wait_http(port, wait_path)
    return server


def collectstatic(env: dict[str, str]) -> None:
    """The manifest that production's static storage needs (var/staticfiles)."""
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


# --- HTTP ----------------------------------------------------------------------------------


def get(
    port: int, path: str, *, cookie: str = "", timeout: float = 30
) -> tuple[int, bytes, dict[str, str], float]:
    """One GET on a fresh connection: (status, body, headers, seconds)."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Host": "127.0.0.1", "Accept-Language": "vi"}
        if cookie:
            headers["Cookie"] = cookie
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        seconds = time.perf_counter() - start
        return response.status, body, {k.lower(): v for k, v in response.getheaders()}, seconds
    finally:
        conn.close()


# --- sessions ------------------------------------------------------------------------------


def _second_factor_passed(user) -> dict:
    from allauth.mfa.models import Authenticator

    from accounts.demo import enrol_demo_totp
    from accounts.mfa.policy import MFA_METHOD

    enrol_demo_totp(user)
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    now = time.time()
    return {
        "account_authentication_methods": [
            {"method": "password", "at": now, "email": user.email},
            {"method": MFA_METHOD, "at": now, "id": totp.pk, "type": "totp"},
        ],
        "account_authentication_methods_user": str(user.pk),
    }


def session_cookie(user) -> str:
    """A signed-in session for `user`, as a Cookie header value (no login view, no axes)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.mfa.policy import requires_second_factor

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if requires_second_factor(user):  # staff: as allauth.mfa records a passed factor
        session.update(_second_factor_passed(user))
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


# --- memory --------------------------------------------------------------------------------


def proc_status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def reset_peak_rss(pid: int) -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0: write 5 to clear_refs)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def table(rows: Iterable[Sequence[object]], headers: Sequence[str]) -> str:
    rows = [[str(c) for c in row] for row in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    rule = "| " + " | ".join("-" * w for w in widths) + " |"
    body = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows
    ]
    return "\n".join([line, rule, *body])


def cpu_seconds(pids: Iterable[int]) -> float:
    """User + system CPU seconds of these processes so far (/proc/<pid>/stat)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks
