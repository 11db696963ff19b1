"""Retention on the clock: old drafts deleted, old dossiers that did not win anonymised."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.management import call_command

from submissions.models import Attachment, Dossier, DossierAnonymisation, DossierStatus
from submissions.personal_data.retention import add_months
from tests.factories import DossierFactory
from tests.submissions import files
from tests.submissions.conftest import upload

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def submitted(dossier, status, receipt):
    Dossier.objects.filter(pk=dossier.pk).update(
        status=status, receipt_number=receipt, first_submitted_at=dossier.created_at
    )
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def scene(season, owner, open_window):
    category = season.categories.get(number=3)
    draft = DossierFactory(applicant=owner, category=category)
    upload(draft, "other", files.pdf(), "nhap.pdf", owner)
    lost = DossierFactory(applicant=owner, category=category)
    upload(lost, "other", files.pdf(), "thua.pdf", owner)
    lost = submitted(lost, "not_selected", "R-1")
    honoree = submitted(DossierFactory(applicant=owner, category=category), "honoree", "R-2")
    return draft, lost, honoree


def run(*args, at: datetime) -> str:
    out = StringIO()
    call_command("apply_retention", *args, "--at", at.isoformat(), stdout=out)
    return out.getvalue()


def test_retention_is_scheduled_daily_on_the_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["retention"]
    assert entry["task"] == "submissions.personal_data.tasks.apply_retention"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({3}, {0})


def test_drafts_go_six_months_after_the_season_closes(scene, time_machine):
    draft, lost, honoree = scene
    before = datetime(2024, 12, 31, 23, 59, tzinfo=ICT)  # closes 01/07/2024 00:00 ICT
    assert run("--dry-run", at=before) == "0 item(s).\n"
    due = datetime(2025, 1, 1, 0, 0, 1, tzinfo=ICT)
    printed = run("--dry-run", at=due)
    assert printed == f"Would delete draft #{draft.pk} (2024, {draft.title})\n1 item(s).\n"
    assert Dossier.objects.filter(pk=draft.pk).exists()  # a dry run changes nothing

    name = draft.attachments.get().file.name
    time_machine.move_to(due)
    call_command("apply_retention", stdout=StringIO())
    assert not Dossier.objects.filter(pk=draft.pk).exists()
    assert not storages["default"].exists(name)
    assert set(Dossier.objects.values_list("pk", flat=True)) == {lost.pk, honoree.pk}


def test_dossiers_that_did_not_win_are_anonymised_years_after_archiving(scene, time_machine):
    _draft, lost, honoree = scene
    archived = datetime(2024, 12, 1, tzinfo=ICT)
    season = lost.season
    season.archived_at = archived
    season.save(update_fields=["archived_at"])
    due = add_months(archived, 60)
    assert due == datetime(2029, 12, 1, tzinfo=ICT)
    name = lost.attachments.get().file.name

    printed = run("--dry-run", at=due)
    assert f"Would anonymise dossier R-1 (2024, {DossierStatus.NOT_SELECTED})" in printed
    assert "R-2" not in printed
    assert DossierAnonymisation.objects.count() == 0

    time_machine.move_to(due)
    call_command("apply_retention", stdout=StringIO())
    lost.refresh_from_db()
    honoree.refresh_from_db()
    assert (lost.title, lost.summary, lost.receipt_number) == ("", "", "R-1")
    assert (honoree.title, honoree.receipt_number) == ("Nền tảng số An Phát", "R-2")
    assert honoree.summary
    assert not storages["default"].exists(name)
    assert not Attachment.objects.filter(dossier=lost).exists()
    assert DossierAnonymisation.objects.get().dossier == lost
    assert run("--dry-run", at=due).count("anonymise") == 0  # once only
