"""Organiser → superuser (issue 12): organisers read accounts and may (de)activate applicants'
accounts; roles, staff flags, permissions and passwords are a superuser's alone."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from accounts.services import AccountError, account_set_active
from tests.factories import UserFactory, applicant

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return UserFactory(email="btc@example.com", role=Role.ORGANISER, is_staff=True)


@pytest.fixture
def judge():
    return UserFactory(email="gk@example.com", role=Role.JUDGE, is_staff=True)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    client.cookies["vda_language"] = "en"
    return client


def change_url(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def state(user) -> tuple:
    user.refresh_from_db()
    return (
        user.is_active,
        user.is_staff,
        user.is_superuser,
        sorted(user.groups.values_list("name", flat=True)),
        sorted(user.user_permissions.values_list("codename", flat=True)),
        user.password,
    )


ESCALATION = {
    "email": "btc@example.com",
    "full_name": "Ban Tổ chức",
    "is_active": "on",
    "is_staff": "on",
    "is_superuser": "on",
    "_save": "Save",
}


def test_an_organiser_cannot_make_themselves_superuser(organiser_client, organiser):
    groups = [str(g.pk) for g in Group.objects.all()]
    before = state(organiser)
    page = organiser_client.get(change_url(organiser))
    assert page.status_code == 200
    assert b'name="is_superuser"' not in page.content
    assert b'name="groups"' not in page.content
    assert b"/password/" not in page.content
    organiser_client.post(change_url(organiser), {**ESCALATION, "groups": groups})
    assert state(organiser) == before


def test_an_organiser_cannot_change_a_judges_account_or_password(organiser_client, judge):
    before = state(judge)
    page = organiser_client.get(change_url(judge))
    assert page.status_code == 200
    assert b'name="is_active"' not in page.content  # read-only
    response = organiser_client.post(
        change_url(judge), {**ESCALATION, "email": judge.email, "is_active": ""}
    )
    assert response.status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[judge.pk])
    assert organiser_client.get(password_url).status_code == 403
    response = organiser_client.post(
        password_url, {"password1": "new-pw-987654321", "password2": "new-pw-987654321"}
    )
    assert response.status_code == 403
    assert state(judge) == before


def test_an_organiser_cannot_set_an_applicants_password(organiser_client):
    account = applicant("ung-vien@example.com")
    before = state(account)
    password_url = reverse("admin:auth_user_password_change", args=[account.pk])
    response = organiser_client.post(
        password_url, {"password1": "new-pw-987654321", "password2": "new-pw-987654321"}
    )
    assert response.status_code == 403
    assert state(account) == before


def test_an_organiser_deactivates_an_applicant_and_nothing_else(organiser_client):
    account = applicant("ung-vien@example.com")
    page = organiser_client.get(change_url(account))
    assert b'name="is_active"' in page.content
    assert b'name="is_staff"' not in page.content
    response = organiser_client.post(
        change_url(account),
        {**ESCALATION, "email": "other@example.com", "is_active": "", "groups": []},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.is_active, account.is_staff, account.is_superuser, account.email) == (
        False,
        False,
        False,
        "ung-vien@example.com",
    )
    assert account.is_applicant


def test_the_service_refuses_an_organiser_deactivating_staff(organiser, judge):
    with pytest.raises(AccountError):
        account_set_active(account=judge, active=False, by=organiser)
    judge.refresh_from_db()
    assert judge.is_active


def test_a_superuser_still_manages_roles_and_passwords(client, judge):
    root = User.objects.create_superuser(email="root@example.com", password="pw-123456789")
    client.force_login(root)
    page = client.get(change_url(judge))
    assert b'name="is_superuser"' in page.content
    assert b"/password/" in page.content
    password_url = reverse("admin:auth_user_password_change", args=[judge.pk])
    response = client.post(
        password_url, {"password1": "new-pw-987654321", "password2": "new-pw-987654321"}
    )
    assert response.status_code == 302
    judge.refresh_from_db()
    assert judge.check_password("new-pw-987654321")
