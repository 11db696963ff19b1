"""A 50 MB upload through the real upload view: the gunicorn worker's peak RSS before and after.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vda_bench_scale \
        .venv/bin/python bench/upload_bench.py [--mb 50]

Needs the database of bench/seed_scale.py. One gunicorn sync worker on 127.0.0.1 (DEBUG off,
files in a temporary MEDIA_ROOT). The multipart POST is streamed from a file on disk (a valid
PDF of --mb MB) to /applicant/dossiers/<draft>/attachments/ as a page-bench applicant, twice:

- accepted: MAX_UPLOAD_MB above the file's size — the file is inspected, hashed and stored;
- refused: the default 20 MB limit — UploadLimitHandler stops storing it at 20 MB.

Memory is the worker's VmHWM (/proc/<pid>/status) after a warm-up request and after the upload.
The attachment row it adds is deleted at the end; the temporary files are removed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    bench_env,
    children,
    collectstatic,
    get,
    machine,
    proc_status_kb,
    session_cookie,
    setup_django,
    start_gunicorn,
    table,
)

LOG_DIR = Path(os.environ.get("BENCH_LOG_DIR", "/tmp/vda-bench"))
LOG_DIR.mkdir(parents=True, exist_ok=True)
FILE_NAME = "bench-upload.pdf"


def make_pdf(path: Path, megabytes: int) -> None:
    block = (b"% filler line of a large bench PDF, not content\n" * 1400)[:65536]
    with open(path, "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
        while f.tell() < megabytes * 1024 * 1024 - 64:
            f.write(block)
        f.write(b"\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def post_file(port: int, path: str, cookie: str, file: Path) -> tuple[int, float, str]:
    boundary = "----vdabench" + secrets.token_hex(8)
    csrf = secrets.token_hex(16)
    head = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="document_type"\r\n\r\nother\r\n'
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{FILE_NAME}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    length = len(head) + file.stat().st_size + len(tail)

    def body():
        yield head
        with open(file, "rb") as f:
            while chunk := f.read(256 * 1024):
                yield chunk
        yield tail

    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request(
        "POST",
        path,
        body=body(),
        headers={
            "Host": "127.0.0.1",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(length),
            "Cookie": f"{cookie}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
        },
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, time.perf_counter() - start, response.getheader("Location") or ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--port", type=int, default=8711)
    options = parser.parse_args()
    media = Path(tempfile.mkdtemp(prefix="vda-bench-media-"))
    setup_django(REDIS_URL="", MEDIA_ROOT=str(media))
    from accounts.models import User
    from submissions.models import Attachment, Dossier, DossierStatus

    print(machine())
    user = User.objects.get(email="bench-app-01@bench.example")
    dossier = Dossier.objects.get(applicant=user, status=DossierStatus.DRAFT)
    cookie = session_cookie(user)
    page = f"/applicant/dossiers/{dossier.pk}/"
    upload = f"/applicant/dossiers/{dossier.pk}/attachments/"
    file = media / "source.pdf"
    make_pdf(file, options.mb)
    rows = []
    try:
        for label, limit in (
            (f"accepted (MAX_UPLOAD_MB={options.mb + 10})", options.mb + 10),
            ("refused at the 20 MB default", 20),
        ):
            env = bench_env(REDIS_URL="", MEDIA_ROOT=str(media), MAX_UPLOAD_MB=str(limit))
            collectstatic(env)
            server = start_gunicorn(
                port=options.port, workers=1, env=env, log=LOG_DIR / "upload.log", wait_path="/"
            )
            try:
                (worker,) = children(server.pid)
                for _ in range(3):
                    get(options.port, page, cookie=cookie)
                before = proc_status_kb(worker, "VmHWM")
                status, seconds, location = post_file(options.port, upload, cookie, file)
                after = proc_status_kb(worker, "VmHWM")
                rss = proc_status_kb(worker, "VmRSS")
            finally:
                server.stop()
            stored = Attachment.objects.filter(dossier=dossier, original_name=FILE_NAME)
            rows.append(
                [
                    label,
                    f"{options.mb} MB",
                    status,
                    f"{seconds:.2f}",
                    "yes" if stored.exists() else "no",
                    f"{before / 1024:.1f}",
                    f"{after / 1024:.1f}",
                    f"{(after - before) / 1024:.1f}",
                    f"{rss / 1024:.1f}",
                ]
            )
            print(f"  {label}: HTTP {status} {location} in {seconds:.2f} s", flush=True)
            stored.delete()
    finally:
        shutil.rmtree(media, ignore_errors=True)
    print()
    print(
        table(
            rows,
            [
                "upload",
                "file",
                "status",
                "seconds",
                "stored",
                "VmHWM before MB",
                "VmHWM after MB",
                "growth MB",
                "VmRSS after MB",
            ],
        )
    )


if __name__ == "__main__":
    main()
