"""The organisers' admin speaks their language (issue 12): Celery beat's tables are not theirs;
history and audit pages show labels, not codes; audiences by their labels."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from categories.eligibility import reason_message
from judging import services
from submissions.models import DossierStatus, ReminderPlan
from tests.factories import UserFactory
from tests.judging.helpers import make_dossier

pytestmark = pytest.mark.django_db

BEAT = ["periodictask", "clockedschedule", "crontabschedule", "intervalschedule", "solarschedule"]


@pytest.fixture
def organiser():
    return UserFactory(email="btc@example.com", role=Role.ORGANISER, is_staff=True)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def text_of(response) -> str:
    """The page's text with its white space (non-breaking spaces too) as single spaces."""
    return " ".join(html.unescape(response.content.decode()).split())


def test_celery_beats_tables_are_not_shown_to_organisers(organiser_client):
    index = text_of(organiser_client.get("/admin/"))
    assert "django_celery_beat" not in index
    for model in BEAT:
        url = f"/admin/django_celery_beat/{model}/"
        assert organiser_client.get(url).status_code == 403, model


def test_superusers_still_see_celery_beats_tables(client):
    root = User.objects.create_superuser(email="root@example.com", password="pw-123456789")
    client.force_login(root)
    assert "/admin/django_celery_beat/periodictask/" in text_of(client.get("/admin/"))
    for model in BEAT:
        assert client.get(f"/admin/django_celery_beat/{model}/").status_code == 200, model


@pytest.fixture
def changed_dossier(season):
    """A draft submitted, flagged, with an eligibility reason code, in two history rows."""
    dossier = make_dossier(season.categories.get(number=3), 1, status=DossierStatus.DRAFT)
    dossier.status = DossierStatus.SUBMITTED
    dossier.eligibility_flagged = True
    dossier.eligibility_reasons = ["foreign_applicant"]
    dossier._change_reason = "submitted"
    dossier.save()
    return dossier


def test_the_history_page_shows_labels_not_codes(organiser_client, changed_dossier):
    url = reverse("admin:submissions_dossier_history", args=[changed_dossier.pk])
    page = text_of(organiser_client.get(url))
    assert "Bản nháp → Đã nộp" in page
    assert "Không → Có" in page
    message = str(reason_message("foreign_applicant", category=3))
    assert message in page
    assert "foreign_applicant" not in page
    assert "draft" not in page.split('id="change-history"')[1]
    assert "False" not in page


def test_the_audit_trail_shows_labels_not_codes(organiser_client, changed_dossier, organiser):
    judge = UserFactory(email="gk@example.com", role=Role.JUDGE, is_staff=True)
    services.conflict_declare(
        judge=judge, applicant=changed_dossier.applicant, reason="Người thân", by=organiser
    )
    page = text_of(organiser_client.get(f"/admin/submissions/dossier/{changed_dossier.pk}/audit/"))
    assert "Bản nháp → Đã nộp" in page
    assert "Không → Có" in page
    assert "submitted" not in page
    assert "False" not in page
    assert str(judge) in page  # the judge by name, not by id


def test_reminder_audiences_show_their_labels(organiser_client, season):
    plan = ReminderPlan.objects.create(season=season, audience="applicants")
    assert str(plan) == f"{season} – Người dự thi có hồ sơ chưa nộp"
    page = text_of(organiser_client.get("/admin/submissions/reminderplan/"))
    assert "Người dự thi có hồ sơ chưa nộp" in page
    assert "?audience=applicants" in page
    assert ">applicants<" not in page


def test_history_pages_translate_the_recorded_reasons(organiser_client, changed_dossier):
    url = reverse("admin:submissions_dossier_history", args=[changed_dossier.pk])
    table = text_of(organiser_client.get(url)).split('id="change-history"')[1]
    assert "<td> đã nộp hồ sơ </td>" in table  # the reason "submitted", translated
    assert "submitted" not in table
