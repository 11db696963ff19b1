"""The admin's navigation (vda_portal/admin_site.py): drawn once per set of permissions, roles
and language, the same as Django draws it, and new at once when a permission or role changes."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.auth.models import Group, Permission
from django.template.loader import render_to_string as render
from django.test import RequestFactory
from django.utils import translation

from accounts.models import User
from accounts.roles import Role
from tests.factories import UserFactory
from vda_portal import admin_site
from vda_portal.admin_site import PortalAdminSite

pytestmark = pytest.mark.django_db


def request_as(user: User):
    request = RequestFactory().get("/admin/")
    # A fresh user object, as each request has: permissions and roles read again.
    request.user = User.objects.get(pk=user.pk)
    return request


def model_names(app_list) -> set[str]:
    return {model["object_name"] for app in app_list for model in app["models"]}


@pytest.fixture
def built(monkeypatch):
    """How many times the site built its navigation from the admins (none kept from before)."""
    admin.site.app_lists.clear()
    admin.site.sidebars.clear()
    calls = []
    build = AdminSite._build_app_dict
    monkeypatch.setattr(
        AdminSite, "_build_app_dict", lambda site, *a, **k: calls.append(1) or build(site, *a, **k)
    )
    return calls


def test_the_portal_runs_on_this_site():
    assert isinstance(admin.site, PortalAdminSite)


def test_the_navigation_is_djangos_and_built_once(built):
    organiser = UserFactory(role=Role.ORGANISER, is_staff=True)

    first = admin.site.get_app_list(request_as(organiser))
    again = admin.site.get_app_list(request_as(organiser))

    assert first == again == AdminSite.get_app_list(admin.site, request_as(organiser))
    assert "Dossier" in model_names(first)
    assert len(built) == 2  # the first request, then Django's own for the comparison


def test_a_new_role_or_permission_changes_it_at_once(built):
    staff = UserFactory(is_staff=True)
    assert model_names(admin.site.get_app_list(request_as(staff))) == set()

    staff.user_permissions.add(Permission.objects.get(codename="view_dossier"))
    assert model_names(admin.site.get_app_list(request_as(staff))) == {"Dossier"}

    staff.groups.add(Group.objects.get(name=Role.ORGANISER))
    assert "Round" in model_names(admin.site.get_app_list(request_as(staff)))

    staff.groups.clear()
    staff.user_permissions.clear()
    assert model_names(admin.site.get_app_list(request_as(staff))) == set()
    assert len(built) == 3  # the empty list was kept; the other two were new


def test_each_language_has_its_own(built):
    organiser = UserFactory(role=Role.ORGANISER, is_staff=True)

    with translation.override("vi"):
        vietnamese = {app["name"] for app in admin.site.get_app_list(request_as(organiser))}
    with translation.override("en"):
        english = {app["name"] for app in admin.site.get_app_list(request_as(organiser))}

    assert "Chấm giải" in vietnamese
    assert "Chấm giải" not in english
    assert len(english) == len(vietnamese)
    assert len(built) == 2


def test_what_a_page_changes_in_it_is_not_kept():
    organiser = UserFactory(role=Role.ORGANISER, is_staff=True)

    given = admin.site.get_app_list(request_as(organiser))
    given[0]["models"].clear()
    given[1]["name"] = "changed"

    again = admin.site.get_app_list(request_as(organiser))
    assert again[0]["models"]
    assert again[1]["name"] != "changed"


def test_the_sidebar_is_djangos_and_marks_the_page_it_is_on(built, client, monkeypatch):
    organiser = UserFactory(role=Role.ORGANISER, is_staff=True)
    client.force_login(organiser)
    drawn = []
    monkeypatch.setattr(
        admin_site, "render_to_string", lambda *a, **k: drawn.append(a[0]) or render(*a, **k)
    )

    pages = {
        path: client.get(path).content.decode()
        for path in ["/admin/submissions/dossier/", "/admin/judging/round/"] * 2
    }

    assert drawn == ["admin/app_list.html"] * 2  # once per page, not again
    for path, html in pages.items():
        request = RequestFactory().get(path)
        request.user = organiser
        expected = render(
            "admin/app_list.html",
            {
                "app_list": AdminSite.get_app_list(admin.site, request),
                "show_changelinks": False,
                "request": request,
            },
        )
        assert expected in html
        current = f'<tr class="model-{path.split("/")[3]} current-model">'
        assert html.count("current-model") == 1
        assert current in html
