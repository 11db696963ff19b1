"""accounts/backends.py: a user's own and group permissions in one query, the same set as
Django's ModelBackend reads in two; it signs no one in (sessions keep naming ModelBackend)."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.backends import PermissionsBackend
from accounts.models import User
from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # as a new request loads it: nothing cached


def test_own_and_group_permissions_in_one_query():
    user = UserFactory(role=Role.ORGANISER, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_logentry"))

    loaded = fresh(user)
    with CaptureQueriesContext(connection) as queries:
        ours = PermissionsBackend().get_all_permissions(loaded)

    assert len(queries) == 1
    assert ours == ModelBackend().get_all_permissions(fresh(user))
    assert "admin.view_logentry" in ours
    assert "submissions.view_dossier" in ours  # from the organisers' group
    assert fresh(user).has_perm("admin.view_logentry")


def test_a_superuser_has_all_an_inactive_user_none():
    root = User.objects.create_superuser(email="root@example.com", password="x")
    assert PermissionsBackend().get_all_permissions(
        fresh(root)
    ) == ModelBackend().get_all_permissions(fresh(root))
    inactive = UserFactory(role=Role.ORGANISER, is_active=False)
    assert PermissionsBackend().get_all_permissions(fresh(inactive)) == set()
    Group.objects.get(name=Role.ORGANISER).permissions.clear()
    organiser = UserFactory(role=Role.ORGANISER, is_staff=True)
    assert PermissionsBackend().get_all_permissions(fresh(organiser)) == set()


def test_it_signs_no_one_in():
    user = UserFactory(email="pw@example.com")
    user.set_password("correct horse")
    user.save()

    assert (
        PermissionsBackend().authenticate(None, username=user.email, password="correct horse")
        is None
    )
    request = RequestFactory().post("/accounts/login/")
    signed_in = authenticate(request, username=user.email, password="correct horse")
    assert signed_in == user
    assert signed_in.backend == "django.contrib.auth.backends.ModelBackend"
