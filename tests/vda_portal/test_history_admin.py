"""History is for reading (issue 12): every admin with history refuses a revert."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.forms.models import model_to_dict
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import User
from judging.models import (
    ConflictSuggestion,
    JudgeProfile,
    JudgeTie,
    Round,
    RoundState,
    SuggestionReason,
)
from judging.services import results_publish
from organisers.exports.honorees import honorees
from organisers.services import certificates_issue
from submissions.models import DeadlineExtension, DossierMember, Nomination
from tests.judging.organiser_season import judged_season
from vda_portal.history_admin import HistoryReadOnlyAdmin

pytestmark = pytest.mark.django_db

REFUSED_EN = "History is for reading: an old version cannot be restored."
REFUSED_VI = "Lịch sử chỉ để xem: không thể khôi phục một phiên bản cũ."


def admins_with_history():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SimpleHistoryAdmin)
        or getattr(model._meta, "simple_history_manager_attribute", None)
    ]


def first_message(response) -> str:
    return next(str(m) for m in get_messages(response.wsgi_request))


def row(model, pk) -> dict:
    return model.objects.filter(pk=pk).values().get()


def test_every_admin_with_history_derives_from_the_read_only_base():
    found = admins_with_history()
    assert len(found) >= 9
    assert [m.__name__ for m, a in found if not isinstance(a, HistoryReadOnlyAdmin)] == []


def one_of_each_entry_path_and_a_certificate(judged) -> None:
    """Rows with history that a judged season alone does not have (setup, not the services)."""
    dossier = next(iter(judged.dossiers.values()))
    category = dossier.category
    Nomination.objects.create(
        season=judged.season,
        category=category,
        nominator=judged.judges[0],
        nominee_name="Công ty An Phát",
        nominee_email="nominee@example.com",
        reason="Lý do",
        expires_at=judged.season.submission_deadline,
    )
    DossierMember.objects.create(
        dossier=dossier, email="editor@example.com", role="editor", invited_by=dossier.applicant
    )
    DeadlineExtension.objects.create(
        season=judged.season,
        dossier=dossier,
        deadline=judged.season.submission_deadline + timedelta(days=1),
        reason="Bưu điện",
        granted_by=judged.organiser,
    )
    judge = judged.judges[2]
    JudgeProfile.objects.create(judge=judge, fields=["fintech"])
    JudgeTie.objects.create(judge=judge, organisation="Công ty An Phát", tax_code="0101234567")
    ConflictSuggestion.objects.create(
        judge=judge,
        dossier=dossier,
        reason=SuggestionReason.TAX_CODE,
        declared="0101234567",
        applicant_value="0101234567",
    )
    results_publish(round_=judged.round, by=judged.organiser)
    certificates_issue(snapshot=judged.snapshot, honorees=honorees(judged.snapshot))


def test_every_history_form_refuses_a_post_and_changes_nothing(client):
    one_of_each_entry_path_and_a_certificate(judged_season())
    boss = User.objects.create_superuser(email="root@example.com", password="pw-123456789")
    client.force_login(boss)
    client.cookies["vda_language"] = "en"
    for model, _model_admin in admins_with_history():
        history = getattr(model, model._meta.simple_history_manager_attribute)
        version = history.order_by("history_id").first()
        assert version is not None, f"the judged season has no {model.__name__} with history"
        pk = version.instance.pk
        opts = model._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[pk, version.pk]
        )
        page = client.get(url)
        assert page.status_code == 200, model.__name__
        assert b'name="_save"' not in page.content, model.__name__
        before, versions, logs = row(model, pk), history.count(), LogEntry.objects.count()
        data = {
            key: value
            for key, value in model_to_dict(version.instance).items()
            if value is not None and not isinstance(value, list)
        }
        response = client.post(url, data)
        assert response.status_code == 302, model.__name__
        assert response["Location"] == url
        assert first_message(response).startswith(REFUSED_EN)
        assert row(model, pk) == before, model.__name__
        assert (history.count(), LogEntry.objects.count()) == (versions, logs), model.__name__


def test_an_organiser_cannot_reopen_a_confirmed_round_from_its_history(client):
    season = judged_season()
    round_ = season.round
    opened = round_.history.filter(state=RoundState.OPEN).earliest("history_id")
    client.force_login(season.organiser)
    url = reverse("admin:judging_round_simple_history", args=[round_.pk, opened.pk])
    response = client.post(url, {**model_to_dict(opened.instance), "state": RoundState.OPEN})
    assert response.status_code == 302
    assert first_message(response).startswith(REFUSED_VI)
    assert Round.objects.get(pk=round_.pk).state == RoundState.CLOSED
