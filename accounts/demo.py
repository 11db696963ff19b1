"""Demo accounts for `seed_demo`: one organiser, six judges, four applicants."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from accounts.roles import Role

DEMO_PASSWORD = "vda-demo-2024"
# The demo staff's authenticator-app secret (base32), so that anyone can try the second factor:
# add it to any authenticator app, or `oathtool --totp -b VDAPORTALDEMOKEYFORSTAFFTOTPJUDG`.
# Demo data only: seed_demo refuses to run without DEBUG unless forced, and prints it in DEBUG.
DEMO_TOTP_SECRET = "VDAPORTALDEMOKEYFORSTAFFTOTPJUDG"

ORGANISER = ("organiser@example.com", "Ban Tổ chức VDA")
JUDGES = [(f"judge{n}@example.com", f"Giám khảo {n}") for n in range(1, 7)]
APPLICANTS = [
    ("applicant1@example.com", "Nguyễn Văn An"),
    ("applicant2@example.com", "Trần Thị Bình"),
    ("applicant3@example.com", "Lê Minh Châu"),
    ("applicant4@example.com", "Anna Schmidt"),
]


@transaction.atomic
def seed_demo_users() -> dict[str, User]:
    """Create the demo accounts once; a second run leaves them as they are."""
    users: dict[str, User] = {}
    users[ORGANISER[0]] = _user(ORGANISER, Role.ORGANISER, is_staff=True)
    for account in JUDGES:
        users[account[0]] = _user(account, Role.JUDGE, is_staff=True)
    for user in users.values():
        enrol_demo_totp(user)
    for account in APPLICANTS:
        users[account[0]] = _user(account, Role.APPLICANT, is_staff=False)
    return users


def enrol_demo_totp(user: User, secret: str = DEMO_TOTP_SECRET) -> None:
    """Enrol the demo secret as the account's authenticator app (allauth.mfa's own records),
    with recovery codes; an account that already has one keeps it."""
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)


def demo_totp_lines() -> list[str]:
    """What seed_demo prints about the second factor: only in DEBUG."""
    if not settings.DEBUG:
        return []
    return [
        f"Second factor of the demo staff (authenticator app secret): {DEMO_TOTP_SECRET}",
        f"  a code now: oathtool --totp -b {DEMO_TOTP_SECRET}",
    ]


def _user(account: tuple[str, str], role: Role, *, is_staff: bool) -> User:
    email, full_name = account
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "is_staff": is_staff}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=role))
    _mark_email_verified(user)
    return user


def _mark_email_verified(user: User) -> None:
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
