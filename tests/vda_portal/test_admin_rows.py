"""The admin's list rows (vda_portal/admin_rows.py) are byte for byte what Django draws, for
every registered list the demo fills, in both languages, as the users who see each list."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import results
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from accounts.demo import APPLICANTS, JUDGES, ORGANISER
from accounts.models import User
from vda_portal import admin_rows

pytestmark = pytest.mark.django_db


def changelist(model_admin, user, query: str = ""):
    opts = model_admin.model._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    request = RequestFactory().get(f"{path}?{query}")
    request.user = user
    request.resolver_match = resolve(path)
    cl = model_admin.get_changelist_instance(request)
    cl.formset = None  # as changelist_view sets it for a list without list_editable
    return cl


def drawn_both_ways(cl) -> tuple[list[str], list[str]]:
    django_rows = ["".join(row) for row in results(cl)]
    our_rows = ["".join(row) for row in admin_rows.Rows(cl)]
    return django_rows, our_rows


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--force", "--judged", stdout=None)
    superuser = User.objects.create_superuser(email="root@example.com", password="x")
    return [
        superuser,
        User.objects.get(email=ORGANISER[0]),
        User.objects.get(email=JUDGES[0][0]),
        User.objects.get(email=APPLICANTS[0][0]),
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_list_is_drawn_as_django_draws_it(demo, language):
    translation.activate(language)
    compared: dict[str, int] = {}
    for model, model_admin in admin.site._registry.items():
        for user in demo:
            try:
                cl = changelist(model_admin, user)
            except PermissionDenied:  # a list this user may not open
                continue
            django_rows, our_rows = drawn_both_ways(cl)
            assert our_rows == django_rows, f"{model._meta.label} as {user.email}"
            compared[model._meta.label] = compared.get(model._meta.label, 0) + len(our_rows)
    # The lists this work is for, each with rows to compare.
    for label in [
        "submissions.Dossier",
        "judging.MyAssignment",
        "judging.Review",
        "judging.DossierResult",
        "accounts.User",
    ]:
        assert compared.get(label, 0) > 0, label
    assert sum(1 for rows in compared.values() if rows) >= 15


def test_a_filtered_list_keeps_its_filters_in_each_link(demo):
    from submissions.models import Dossier

    cl = changelist(admin.site._registry[Dossier], demo[0], "status__exact=submitted&o=1")
    django_rows, our_rows = drawn_both_ways(cl)

    assert our_rows == django_rows
    assert "?_changelist_filters=status__exact%3Dsubmitted%26o%3D1" in our_rows[0]


def test_the_admin_list_pages_draw_their_rows_this_way(demo, client, monkeypatch):
    drawn = []
    original = admin_rows.Rows.__iter__
    monkeypatch.setattr(
        admin_rows.Rows, "__iter__", lambda self: drawn.append(self) or original(self)
    )
    client.force_login(demo[1])

    response = client.get("/admin/submissions/dossier/")

    assert response.status_code == 200
    assert len(drawn) == 1
    assert response.content.decode().count('class="action-select"') == len(drawn[0].cl.result_list)


@pytest.mark.parametrize("prefix", ["/", "/vda/"])
def test_object_url_is_reverse_without_a_reverse_per_row(prefix):
    from django.urls import set_script_prefix

    set_script_prefix(prefix)
    try:
        for viewname in ["admin:judging_myassignment_score", "admin:submissions_dossier_audit"]:
            for pk in [1, 10, 2024]:
                assert admin_rows.object_url(viewname, pk) == reverse(viewname, args=[pk])
        assert admin_rows.object_url("admin:submissions_dossier_audit", 7).startswith(prefix)
    finally:
        set_script_prefix("/")
