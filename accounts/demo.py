"""Demo accounts for `seed_demo`: one organiser, six judges, four applicants."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from accounts.roles import Role

DEMO_PASSWORD = "vda-demo-2024"

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
    for account in APPLICANTS:
        users[account[0]] = _user(account, Role.APPLICANT, is_staff=False)
    return users


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
