"""Who must have a second factor, and whether this session has passed it.

One rule for every way in (the site's sign-in, the admin, a password reset): judges, organisers,
staff and superusers must have enrolled a factor of allauth.mfa and passed it in this session.
`accounts.mfa.middleware.SecondFactorMiddleware` applies it to every request."""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from accounts.models import User

MFA_METHOD = "mfa"  # allauth's record of a passed second factor in the session


def requires_second_factor(user: User) -> bool:
    """Those who decide: staff of the admin, judges and organisers (superusers included)."""
    return bool(
        user.is_authenticated
        and (user.is_staff or user.is_superuser or user.is_judge or user.is_organiser)
    )


def has_second_factor(user: User) -> bool:
    """An enrolled factor: an authenticator app or a security key (recovery codes only back
    one of them up)."""
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def passed_second_factor(request: HttpRequest, user: User) -> bool:
    """allauth records each authentication step of this session; one must be the factor."""
    records = get_authentication_records(request, user)
    return any(record.get("method") == MFA_METHOD for record in records)
