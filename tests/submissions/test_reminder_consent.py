"""Reminder emails follow the consent given for them (accounts.privacy)."""

from datetime import timedelta

import pytest
from django.core import mail

from accounts.privacy.models import ConsentPurpose, ConsentSource
from accounts.privacy.services import consent_set
from submissions.reminders import ensure_default_plan, reminders_run
from tests.submissions.test_reminders import SLOT_14, dossier, person, recipients


@pytest.fixture
def reminders_plan(season):
    return ensure_default_plan(season)


@pytest.mark.django_db
def test_who_declined_reminder_emails_gets_none(
    reminders_plan, season, time_machine, django_capture_on_commit_callbacks
):
    for email, granted in [("yes@example.com", True), ("no@example.com", False)]:
        user = person(email)
        dossier(user, season, 3)
        consent_set(
            user=user,
            purpose=ConsentPurpose.REMINDER_EMAILS,
            granted=granted,
            source=ConsentSource.SIGNUP,
        )
    dossier(person("never-asked@example.com"), season, 3)
    time_machine.move_to(SLOT_14 + timedelta(minutes=5), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_run()
    assert recipients() == ["never-asked@example.com", "yes@example.com"]
    assert len(mail.outbox) == 2
