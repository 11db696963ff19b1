"""Session activity (/accounts/sessions/) is recorded at most once a minute per session, at once
when the address or browser changes, and ending a session still signs it out at once."""

import pytest
from allauth.usersessions.models import UserSession
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.sessions.middleware import SESSION_KEY
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.raw_login]
PAGE = "/healthz/live"  # any page: the middleware runs before every view


def usersession_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "usersessions_usersession" in q["sql"]]


def get(client, **extra):
    with CaptureQueriesContext(connection) as captured:
        client.get(PAGE, **extra)
    return captured


def set_back(client, seconds: int) -> None:
    session = client.session
    session[SESSION_KEY][0] -= seconds
    session.save()


@pytest.fixture
def user():
    return UserFactory(role=Role.APPLICANT)


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)  # Django's login: allauth records no session yet
    return client


def test_the_first_request_records_the_session(signed_in, user):
    assert not UserSession.objects.exists()
    get(signed_in, HTTP_USER_AGENT="Firefox/1")
    row = UserSession.objects.get()
    assert (row.user, row.session_key) == (user, signed_in.session.session_key)
    assert (row.ip, row.user_agent) == ("127.0.0.1", "Firefox/1")


def test_a_second_request_within_the_interval_reads_and_writes_no_user_session(signed_in):
    get(signed_in)
    seen = UserSession.objects.get().last_seen_at
    captured = get(signed_in)
    assert usersession_queries(captured) == []
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in captured.captured_queries]
    assert tables == ['"django_session"', '"accounts_user"', '"auth_group"']  # the page's own
    assert UserSession.objects.get().last_seen_at == seen


def test_after_the_interval_the_last_seen_time_is_updated(signed_in, settings):
    get(signed_in)
    seen = UserSession.objects.get().last_seen_at
    set_back(signed_in, settings.USERSESSIONS_ACTIVITY_INTERVAL)
    captured = get(signed_in)
    assert any(sql.startswith("UPDATE") for sql in usersession_queries(captured))
    assert UserSession.objects.get().last_seen_at > seen
    assert usersession_queries(get(signed_in)) == []  # and then quiet again


def test_a_new_address_or_browser_is_recorded_at_once(signed_in):
    from allauth.usersessions.signals import session_client_changed

    changes = []

    def receiver(sender, from_session, to_session, **kwargs):
        changes.append((from_session.user_agent, to_session.user_agent, to_session.ip))

    session_client_changed.connect(receiver)
    try:
        get(signed_in, HTTP_USER_AGENT="Firefox/1")
        get(signed_in, HTTP_USER_AGENT="Chromium/2")
        get(signed_in, HTTP_USER_AGENT="Chromium/2", REMOTE_ADDR="10.0.0.7")
    finally:
        session_client_changed.disconnect(receiver)
    assert changes == [
        ("Firefox/1", "Chromium/2", "127.0.0.1"),
        ("Chromium/2", "Chromium/2", "10.0.0.7"),
    ]
    row = UserSession.objects.get()
    assert (row.ip, row.user_agent) == ("10.0.0.7", "Chromium/2")


def test_ending_a_session_from_the_sessions_page_signs_it_out_at_once(client, user):
    other = Client()
    other.force_login(user)
    client.force_login(user)
    get(other)
    get(client)
    assert UserSession.objects.count() == 2
    response = client.post(reverse("usersessions_list"), {"action": "logout"})
    assert response.status_code == 302
    assert UserSession.objects.get().session_key == client.session.session_key
    assert "_auth_user_id" not in other.session  # within the interval: no grace
    assert get(client).captured_queries  # this session goes on
    assert "_auth_user_id" in client.session
