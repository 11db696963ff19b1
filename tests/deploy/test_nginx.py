"""Through a real nginx (deploy/nginx.conf) in front of gunicorn with 2 workers: uploads at and
over the limit, a streamed export, HTTPS seen behind the proxy, the lockout per client address.
Skipped only when nginx is not installed (.ci/run installs Debian's package)."""

from __future__ import annotations

import http.client
import re
import time

import pytest

from tests.deploy import stack as stacks
from tests.mfa import totp_code
from tests.submissions import files

pytestmark = [
    pytest.mark.deployment,
    pytest.mark.django_db,  # so that pytest-django sets up the test database the stack copies
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),
]
MIB = 1024 * 1024
TOO_LARGE_VI = "Tệp quá lớn: mỗi tệp chỉ được tối đa 20 MB."
PASSWORD = "pw-123456789"


@pytest.fixture(scope="module")
def stack(tmp_path_factory, django_db_setup, django_db_blocker):
    if stacks.NGINX is None:
        pytest.skip("nginx is not installed (apt-get install nginx)")
    tmp = tmp_path_factory.mktemp("stack")
    with django_db_blocker.unblock():
        db_url, pg_name = stacks.clone_test_database(tmp)
    running = None
    try:
        running = stacks.start(tmp, db_url=db_url)
        yield running
    finally:
        if running is not None:
            running.stop()
        if pg_name:
            with django_db_blocker.unblock():
                stacks.drop_database(pg_name)


def csrf(session, stack, path: str) -> str:
    page = session.get(stack.base + path, timeout=10)
    assert page.status_code == 200, page.status_code
    return session.cookies["csrftoken"]


def sign_in(session, stack, email: str, password: str = PASSWORD, **kwargs):
    token = csrf(session, stack, "/accounts/login/")
    return session.post(
        stack.base + "/accounts/login/",
        data={"login": email, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": stack.base + "/accounts/login/", **kwargs.pop("headers", {})},
        allow_redirects=False,
        timeout=10,
    )


def pass_second_factor(session, stack) -> None:
    """Staff type their authenticator's code after the password (allauth.mfa)."""
    page = "/accounts/2fa/authenticate/"
    token = csrf(session, stack, page)
    answer = session.post(
        stack.base + page,
        data={"code": totp_code(), "csrfmiddlewaretoken": token},
        headers={"Referer": stack.base + page},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.status_code


def test_a_20_mb_upload_is_accepted_and_a_21_mb_one_refused_by_the_portal(stack):
    session = stack.client()
    assert sign_in(session, stack, "owner@example.com").status_code == 302
    page = f"/applicant/dossiers/{stack.seed['draft']}/"
    token = csrf(session, stack, page)

    def upload(size: int):
        return session.post(
            stack.base + page + "attachments/",
            data={"document_type": "other", "csrfmiddlewaretoken": token},
            files={"file": ("bao-cao.pdf", files.big_pdf(size), "application/pdf")},
            headers={"Referer": stack.base + page},
            allow_redirects=False,
            timeout=60,
        )

    accepted = upload(20 * MIB)
    assert accepted.status_code == 302
    assert accepted.headers["Location"] == page

    refused = upload(21 * MIB)
    assert refused.status_code == 200  # the dossier page again, the error at the file's field
    assert TOO_LARGE_VI in refused.text
    # Not nginx's own error page (a bare "413" may occur in the page's random ids).
    assert "Request Entity Too Large" not in refused.text
    assert "nginx" not in refused.text
    assert session.get(stack.base + page, timeout=10).text.count("bao-cao.pdf") == 1


def test_the_10000_row_csv_export_streams_through_the_proxy(stack):
    session = stack.client()
    assert sign_in(session, stack, "btc@example.com").status_code == 302
    pass_second_factor(session, stack)
    path = f"/organisers/exports/{stack.seed['year']}/dossiers.csv"
    conn = http.client.HTTPSConnection(
        "127.0.0.1", stack.https, context=stack.ssl_context(), source_address=("127.0.0.2", 0)
    )
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    started = time.monotonic()
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    first = response.read(4096)
    first_at = time.monotonic() - started
    # The first bytes are here while gunicorn is still writing rows: it logs a request only
    # once the whole response has left, and nginx holds nothing back (proxy_buffering off).
    assert path not in stack.gunicorn_log()
    assert response.status == 200
    assert response.getheader("Content-Length") is None
    assert response.getheader("Transfer-Encoding") == "chunked"
    assert first.startswith("\ufeffMã hồ sơ,".encode())
    rest = response.read()
    total = time.monotonic() - started
    conn.close()
    body = first + rest
    assert body.count(b"\nVDA2024-C2-") == 10_000
    assert b"\nVDA2024-C2-10000,2," in body
    assert first_at < total
    for _ in range(50):  # the access line follows the last byte
        if path in stack.gunicorn_log():
            break
        time.sleep(0.1)
    assert path in stack.gunicorn_log()


def test_https_at_the_proxy_makes_the_request_secure_and_the_header_cannot_be_forged(stack):
    session = stack.client()
    plain = f"http://127.0.0.1:{stack.http}/"

    redirected = session.get(plain, allow_redirects=False, timeout=10)
    assert redirected.status_code == 301
    assert redirected.headers["Location"] == "https://127.0.0.1/"
    forged = session.get(
        plain, headers={"X-Forwarded-Proto": "https"}, allow_redirects=False, timeout=10
    )
    assert forged.status_code == 301  # nginx sets the header itself from its own scheme

    secure = session.get(stack.base + "/", allow_redirects=False, timeout=10)
    assert secure.status_code == 200
    # SecurityMiddleware sends HSTS only on a request it sees as secure.
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert re.fullmatch(r"[0-9a-f]{32}", secure.headers["X-Request-ID"])


def test_five_wrong_passwords_lock_that_address_not_another(stack):
    attacker, neighbour = stack.client("127.0.0.2"), stack.client("127.0.0.3")
    tries = [sign_in(attacker, stack, "khoa@example.com", "wrong") for _ in range(5)]
    assert [r.status_code for r in tries] == [200, 200, 200, 200, 429]  # the fifth locks
    assert sign_in(attacker, stack, "khoa@example.com").status_code == 429
    # Writing another address into X-Forwarded-For does not help: nginx appends the real one.
    forged = sign_in(
        attacker, stack, "khoa@example.com", headers={"X-Forwarded-For": "198.51.100.7"}
    )
    assert forged.status_code == 429

    assert sign_in(neighbour, stack, "khoa@example.com").status_code == 302
    assert sign_in(stack.client("127.0.0.2"), stack, "khoa@example.com").status_code == 429
