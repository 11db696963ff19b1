"""Session activity for /accounts/sessions/, recorded at most once a minute per session.

allauth's UserSessionsMiddleware (USERSESSIONS_TRACK_ACTIVITY) reads the UserSession row, loads
its user again and UPDATEs last_seen_at in a transaction on every signed-in request: 3 queries,
one a write, before any view, more than the rest of the floor. This one remembers in the session
when it last recorded and for which user, session key, address and browser, and calls allauth
again only after USERSESSIONS_ACTIVITY_INTERVAL seconds, or at once when any of those changed
(so allauth's session_client_changed signal still fires) or the session was never recorded.
/accounts/sessions/ is then right to that interval; ending a session still deletes it at once.
"""

from __future__ import annotations

import hashlib
import time

from allauth.account.adapter import get_adapter
from allauth.usersessions.internal import usersessionkit
from django.conf import settings
from django.http import HttpRequest

# Where the session keeps [recorded at (epoch seconds), user id, hash of key, address, browser].
SESSION_KEY = "_vda_usersession_seen"
DEFAULT_INTERVAL = 60  # seconds


def activity_interval() -> int:
    return getattr(settings, "USERSESSIONS_ACTIVITY_INTERVAL", DEFAULT_INTERVAL)


def client_fingerprint(session_key: str, ip: str, user_agent: str) -> str:
    """The session and the address and browser allauth stores; a hash keeps the session small."""
    return hashlib.blake2b(f"{session_key}\n{ip}\n{user_agent}".encode(), digest_size=8).hexdigest()


def request_fingerprint(request: HttpRequest) -> str:
    ip = get_adapter().get_client_ip(request) or ""
    return client_fingerprint(
        request.session.session_key, ip, request.META.get("HTTP_USER_AGENT", "")
    )


def needs_recording(request: HttpRequest, user_id: int, marker: list | None) -> bool:
    if not isinstance(marker, list) or len(marker) != 3:
        return True
    recorded_at, recorded_user, fingerprint = marker
    if recorded_user != user_id or fingerprint != request_fingerprint(request):
        return True
    return time.time() - recorded_at >= activity_interval()


class ThrottledUserSessionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        self.track(request)
        return self.get_response(request)

    @staticmethod
    def track(request: HttpRequest) -> None:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is None or session is None or not user.is_authenticated:
            return
        if not session.session_key:
            return
        if not needs_recording(request, user.pk, session.get(SESSION_KEY)):
            return
        usersessionkit.track_activity(request, user=user, session=session)
        session[SESSION_KEY] = [int(time.time()), user.pk, request_fingerprint(request)]
