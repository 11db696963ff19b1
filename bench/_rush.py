"""What bench/loadtest.py and bench/faulttest.py share: their own PostgreSQL cluster and Redis
(started and stopped here, never the shared ones), the portal's processes on them, seeding
applicants, a simulated applicant in a browser-like HTTP session, and counting sent emails.

Every address is 127.0.0.1; every wait is bounded.
"""

from __future__ import annotations

import email
import email.policy
import os
import random
import re
import shutil
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests
from _common import PYTHON, ROOT, VENV_BIN, Process, bench_env, collectstatic

PG_BIN = Path("/usr/lib/postgresql/15/bin")
SETTINGS = "bench.fault_settings"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"%" * 20_000 + b"\n%%EOF\n"
RECEIPT = re.compile(r"VDA\d{4}-C\d-\d{4}")
VERSION = re.compile(r'name="version" value="(\d+)"')


def run(args: list[str], *, timeout: float = 60, check: bool = True, **kw):
    return subprocess.run(args, timeout=timeout, check=check, capture_output=True, text=True, **kw)


# --- our own PostgreSQL cluster and Redis --------------------------------------------------


class OwnPostgres:
    """A throw-away cluster in /tmp, run by the postgres OS user, on its own port."""

    def __init__(self, port: int, name: str):
        self.port = port
        self.datadir = Path(f"/tmp/vda-{name}-pg")
        self.log = Path(f"/tmp/vda-{name}-pg.log")

    def _as_postgres(self, command: str, timeout: float = 120) -> None:
        run(["su", "postgres", "-c", command], timeout=timeout)

    def init(self) -> None:
        self.stop(quiet=True)
        shutil.rmtree(self.datadir, ignore_errors=True)
        self._as_postgres(
            f"{PG_BIN}/initdb -D {self.datadir} -A trust -U postgres --no-sync -E UTF8 "
            "--locale=C.UTF-8 >/dev/null"
        )
        self.start()
        run(
            [
                f"{PG_BIN}/createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "vda_fault",
            ]
        )

    def start(self) -> None:
        options = f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._as_postgres(
            f"{PG_BIN}/pg_ctl -D {self.datadir} -o '{options}' -l {self.log} -w -t 60 start"
        )

    def stop(self, *, mode: str = "fast", quiet: bool = False) -> None:
        if not (self.datadir / "postmaster.pid").exists():
            return
        try:
            self._as_postgres(f"{PG_BIN}/pg_ctl -D {self.datadir} -m {mode} -w -t 60 stop")
        except subprocess.CalledProcessError:
            if not quiet:
                raise

    def destroy(self) -> None:
        self.stop(quiet=True)
        shutil.rmtree(self.datadir, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/vda_fault"


class OwnRedis:
    def __init__(self, port: int):
        self.port = port
        self.pidfile = Path(f"/tmp/vda-bench-redis-{port}.pid")

    def start(self) -> None:
        run(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--pidfile",
                str(self.pidfile),
                "--logfile",
                f"/tmp/vda-bench-redis-{self.port}.log",
            ]
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.ping():
                return
            time.sleep(0.1)
        raise RuntimeError(f"our Redis on {self.port} did not start")

    def ping(self) -> bool:
        result = run(
            ["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), "ping"], check=False, timeout=5
        )
        return result.stdout.strip() == "PONG"

    def stop(self) -> None:
        """Shut down OUR instance (its own port), without saving."""
        if self.ping():
            run(
                ["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), "shutdown", "nosave"],
                check=False,
                timeout=10,
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.ping():
            time.sleep(0.1)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


# --- the portal on them --------------------------------------------------------------------


@dataclass
class Stack:
    pg: OwnPostgres
    redis: OwnRedis
    mail_dir: Path
    media_dir: Path
    log_dir: Path
    web_port: int
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self, **extra: str) -> dict[str, str]:
        return bench_env(
            DJANGO_SETTINGS_MODULE=SETTINGS,
            DATABASE_URL=self.pg.url,
            REDIS_URL=self.redis.url,
            CACHE_KEY_PREFIX="vda-bench",
            EMAIL_URL=f"filemail:///{self.mail_dir}",  # django-environ drops one "/"
            MEDIA_ROOT=str(self.media_dir),
            CONN_MAX_AGE="60",
            **self.extra_env,
            **extra,
        )

    def prepare_dirs(self) -> None:
        for path in (self.mail_dir, self.media_dir):
            shutil.rmtree(path, ignore_errors=True)
            path.mkdir(parents=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        (self.log_dir / "access.log").unlink(missing_ok=True)  # server times of this run only

    def migrate(self) -> None:
        run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.env(),
            timeout=300,
        )
        collectstatic(self.env())

    def gunicorn(self, workers: int, *, timeout: int = 30) -> Process:
        from _common import start_gunicorn

        env = self.env(BENCH_ACCESS_LOG=str(self.log_dir / "access.log"))
        return start_gunicorn(
            port=self.web_port,
            workers=workers,
            env=env,
            log=self.log_dir / "gunicorn.log",
            wait_path="/",
            timeout=timeout,
        )

    def postgres_pids(self) -> list[int]:
        from _common import children

        try:
            master = int((self.pg.datadir / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return []
        return [master, *children(master)]

    def worker(
        self, *, concurrency: int, name: str, production: bool = False, **extra: str
    ) -> Process:
        """A prefork worker; `production`: started as deploy/vda-worker.service starts it
        (gossip, mingle and heartbeat on), else without them for quicker fault scenarios."""
        args = [
            str(VENV_BIN / "celery"),
            "-A",
            "vda_portal",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(concurrency),
            "--loglevel",
            "INFO",
            "-n",
            f"{name}@bench",
        ]
        if not production:
            args += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        return Process(args, env=self.env(**extra), log=self.log_dir / f"celery-{name}.log")

    def beat(self) -> Process:
        args = [
            str(VENV_BIN / "celery"),
            "-A",
            "vda_portal",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(self.log_dir / "beat-schedule"),
        ]
        return Process(args, env=self.env(), log=self.log_dir / "celery-beat.log")


# --- seeding -------------------------------------------------------------------------------

CONTENT = {
    "title": "Nền tảng số An Phát",
    "summary": "Nền tảng quản lý hồ sơ trực tuyến cho doanh nghiệp vừa và nhỏ.",
    "contact_name": "Nguyễn Văn An",
    "contact_email": "an@bench.example",
    "contact_phone": "0912345678",
    "product_name": "An Phát Cloud",
    "product_type": "solution",
    "product_field": "e_government",
    "user_count": 12000,
    "users_customers": "1.200 doanh nghiệp",
    "technology": "Điện toán đám mây, AI",
    "ip_ownership": "Sở hữu toàn bộ mã nguồn",
    "impact": "Giảm 40% thời gian xử lý hồ sơ",
    "beneficiaries": "Người khuyết tật, người cao tuổi",  # category 4
    "reach": "20 tỉnh",  # category 4
    "owns_solution": True,
    "declaration_true": True,
    "consent_publish": True,
}
REQUIRED_DOCS = ("application_form", "business_registration", "ip_commitment")


def form_data(version: int, action: str, n: int) -> dict[str, str]:
    data = {k: ("true" if v is True else str(v)) for k, v in CONTENT.items()}
    data.update(launch_date="01/03/2022", version=str(version), action=action)
    data["impact"] = f"Giảm 40% thời gian xử lý hồ sơ (lần sửa {n})"
    return data


def seed_applicants(prefix: str, count: int, *, drafts: bool, complete: bool) -> list:
    """Applicants (Vietnamese ICT enterprises) with profiles; optionally a category-3 draft
    each, complete with its three required document rows (fake keys) when `complete`."""
    from datetime import date

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import Role
    from categories.models import Season
    from submissions.models import ApplicantProfile, Attachment, Dossier

    password = make_password("bench-password-2024")
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{n:05d}@bench.example",
                full_name=f"Người nộp {prefix}{n}",
                password=password,
                language=("vi", "en")[n % 5 == 0],
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    group = Group.objects.get(name=Role.APPLICANT)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=2000
    )
    ApplicantProfile.objects.bulk_create(
        [
            ApplicantProfile(
                user=u,
                kind="enterprise",
                legal_name=f"Công ty Cổ phần Số {u.pk}",
                established_in_vietnam=True,
                country="Việt Nam",
                legal_representative_in_vietnam=True,
                legal_representative_name="Nguyễn Văn An",
                legal_representative_position="Giám đốc",
                tax_code="0105668884",
                province_code="01",
                province_name="Thành phố Hà Nội",
                address="Số 8 Phạm Hùng",
                works_in_ict=True,
                phone="0912345678",
                contact_person="Nguyễn Văn An",
            )
            for u in users
        ],
        batch_size=2000,
    )
    if drafts:
        season = Season.objects.get(year=2024)
        category = season.categories.get(number=3)
        content = {**CONTENT, "launch_date": date(2022, 3, 1)} if complete else {"title": "Nháp"}
        dossiers = Dossier.objects.bulk_create(
            [Dossier(season=season, category=category, applicant=u, **content) for u in users],
            batch_size=2000,
        )
        if complete:
            Attachment.objects.bulk_create(
                [
                    Attachment(
                        dossier=d,
                        document_type=t,
                        file=f"seed/{d.pk}/{t}.pdf",
                        original_name=f"{t}.pdf",
                        content_type="application/pdf",
                        size=len(PDF),
                        sha256="0" * 64,
                        uploaded_by_id=d.applicant_id,
                    )
                    for d in dossiers
                    for t in REQUIRED_DOCS
                ],
                batch_size=2000,
            )
    return users


# --- a simulated applicant -----------------------------------------------------------------


@dataclass
class Call:
    kind: str
    status: int  # 0: no answer (connection error or timeout)
    seconds: float
    at: float  # monotonic start
    error: str = ""


class Recorder:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.lock = threading.Lock()

    def add(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)


class Applicant:
    """A browser-like session: signed in by its session cookie, CSRF by cookie + header."""

    def __init__(self, base: str, cookie: str, recorder: Recorder, *, timeout: float = 30):
        self.base = base
        self.http = requests.Session()
        name, value = cookie.split("=", 1)
        self.http.cookies.set(name, value, domain="127.0.0.1")
        self.csrf = os.urandom(16).hex()
        self.http.cookies.set("csrftoken", self.csrf, domain="127.0.0.1")
        self.recorder = recorder
        self.timeout = timeout

    def request(self, kind: str, method: str, path: str, **kw) -> requests.Response | None:
        start = time.monotonic()
        try:
            response = self.http.request(
                method,
                self.base + path,
                allow_redirects=False,
                timeout=self.timeout,
                headers={"X-CSRFToken": self.csrf, "Accept-Language": "vi"},
                **kw,
            )
        except requests.RequestException as error:
            self.recorder.add(Call(kind, 0, time.monotonic() - start, start, type(error).__name__))
            return None
        self.recorder.add(Call(kind, response.status_code, time.monotonic() - start, start))
        return response

    def version(self, page: str) -> int | None:
        response = self.request("GET dossier page", "GET", page)
        if response is None or response.status_code != 200:
            return None
        match = VERSION.search(response.text)
        return int(match.group(1)) if match else None

    def submit(self, page: str, version: int, n: int = 0) -> bool:
        response = self.request("POST submit", "POST", page, data=form_data(version, "submit", n))
        return (
            response is not None
            and response.status_code == 302
            and response.headers.get("Location", "").rstrip("/").endswith(page.rstrip("/"))
        )


def summarise(calls: list[Call]) -> dict:
    from _common import percentile

    times = [c.seconds * 1000 for c in calls if c.status]
    return {
        "requests": len(calls),
        "5xx": sum(1 for c in calls if c.status >= 500),
        "no answer": sum(1 for c in calls if c.status == 0),
        "4xx": sum(1 for c in calls if 400 <= c.status < 500),
        "p50_ms": round(percentile(times, 50), 1) if times else None,
        "p95_ms": round(percentile(times, 95), 1) if times else None,
        "max_ms": round(max(times), 1) if times else None,
    }


def think(low: float, high: float, rng: random.Random, until: float) -> bool:
    """Sleep like a person between two clicks; False when time is up."""
    pause = rng.uniform(low, high)
    if time.monotonic() + pause >= until:
        return False
    time.sleep(pause)
    return True


# --- sent emails ---------------------------------------------------------------------------


def sent_messages(mail_dir: Path) -> list[email.message.EmailMessage]:
    """Every message Django's file backend wrote (several may share a file)."""
    separator = b"\n" + b"-" * 79 + b"\n"
    messages = []
    for path in sorted(mail_dir.glob("*")):
        for part in path.read_bytes().split(separator):
            if part.strip():
                messages.append(email.message_from_bytes(part, policy=email.policy.default))
    return messages


def confirmation_receipts(mail_dir: Path) -> Counter:
    """How many confirmation emails were sent per receipt number (from the subject)."""
    counts: Counter = Counter()
    for message in sent_messages(mail_dir):
        match = RECEIPT.search(str(message["subject"]))
        if match:
            counts[match.group(0)] += 1
    return counts


def wait_until(predicate, *, timeout: float, every: float = 1.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()


def server_times(access_log: Path) -> dict[str, list[float]]:
    """Server-side milliseconds per request kind, from gunicorn's access log (%(D)s)."""
    kinds: dict[str, list[float]] = {}
    patterns = [
        (re.compile(r"^GET /applicant/$"), "GET dashboard"),
        (re.compile(r"^POST /applicant/dossiers/new/$"), "POST new dossier"),
        (re.compile(r"^GET /applicant/dossiers/\d+/$"), "GET dossier page"),
        (re.compile(r"^POST /applicant/dossiers/\d+/attachments/$"), "POST upload"),
        (re.compile(r"^POST /applicant/dossiers/\d+/$"), "POST save or submit"),
    ]
    if not access_log.exists():
        return kinds
    for line in access_log.read_text().splitlines():
        parts = line.split()
        if len(parts) != 4:
            continue
        request = f"{parts[0]} {parts[1]}"
        for pattern, kind in patterns:
            if pattern.match(request):
                kinds.setdefault(kind, []).append(int(parts[3]) / 1000)
                break
    return kinds
