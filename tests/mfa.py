"""Signing staff in with their second factor in tests, as allauth.mfa records it."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.usersessions.models import UserSession

from accounts.demo import DEMO_TOTP_SECRET, enrol_demo_totp
from accounts.mfa.policy import MFA_METHOD
from accounts.sessions.middleware import SESSION_KEY as ACTIVITY_KEY
from accounts.sessions.middleware import client_fingerprint

SECRET = DEMO_TOTP_SECRET


def totp_code(secret: str = SECRET, *, at: float | None = None) -> str:
    """The code an authenticator app shows now (RFC 6238, 30-second steps, 6 digits)."""
    return format_hotp_value(hotp_value(secret, int(at if at is not None else time.time()) // 30))


def mark_second_factor_passed(client, user) -> None:
    """What allauth's MFA step writes in the session once the code is right."""
    enrol_demo_totp(user)
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": MFA_METHOD, "at": time.time(), "id": totp.pk, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def track_session_as_the_client(client, user) -> None:
    """allauth.usersessions records the session as the test client's requests will show it, so
    that the first request costs the same queries as the next (N+1 tests compare them)."""
    session = client.session
    UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={"user": user, "ip": "127.0.0.1", "user_agent": ""},
    )
    fingerprint = client_fingerprint(session.session_key, "127.0.0.1", "")
    session[ACTIVITY_KEY] = [int(time.time()), user.pk, fingerprint]
    session.save()
