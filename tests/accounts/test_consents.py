"""Consent per purpose and notice version: recorded at sign-up, changed, printable."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import DataRequestKind, User
from accounts.privacy.models import Consent, ConsentEvent, ConsentPurpose, ConsentSource
from accounts.privacy.notice import CURRENT_NOTICE_VERSION
from accounts.privacy.selectors import consent_fingerprint
from accounts.privacy.services import data_request_open
from accounts.roles import Role
from tests.factories import UserFactory

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def signup(client, **consents):
    cache.clear()
    return client.post(
        reverse("account_signup"),
        {
            "full_name": "Phạm Thu Hà",
            "email": "ha@example.com",
            "phone": "0912345678",
            "password1": "mot-mat-khau-dai-2024",
            "password2": "mot-mat-khau-dai-2024",
            **consents,
        },
    )


def events(user):
    return list(
        ConsentEvent.objects.filter(user=user)
        .order_by("id")
        .values_list("purpose", "granted", "notice_version", "source")
    )


def test_sign_up_records_each_purpose_with_the_notice_version(client):
    signup(client, consent_dossier_processing="on", consent_reminder_emails="on")
    user = User.objects.get()
    assert CURRENT_NOTICE_VERSION == "2026-12-01"
    assert events(user) == [
        (ConsentPurpose.DOSSIER_PROCESSING, True, "2026-12-01", ConsentSource.SIGNUP),
        (ConsentPurpose.HONOREE_PUBLICATION, False, "2026-12-01", ConsentSource.SIGNUP),
        (ConsentPurpose.REMINDER_EMAILS, True, "2026-12-01", ConsentSource.SIGNUP),
    ]
    assert Consent.objects.filter(user=user, granted=True).count() == 2


def test_sign_up_without_the_required_consent_is_refused_at_the_field(client):
    response = signup(client)
    assert response.status_code == 200
    assert "consent_dossier_processing" in response.context["form"].errors
    assert User.objects.count() == 0
    assert ConsentEvent.objects.count() == 0


def test_withdrawal_is_recorded_beside_the_consent_and_printable(client):
    signup(client, consent_dossier_processing="on", consent_reminder_emails="on")
    user = User.objects.get()
    client.force_login(user)
    client.post(reverse("privacy:consents"), {"honoree_publication": "on"})
    assert events(user)[3:] == [
        (ConsentPurpose.HONOREE_PUBLICATION, True, "2026-12-01", ConsentSource.MY_DATA),
        (ConsentPurpose.REMINDER_EMAILS, False, "2026-12-01", ConsentSource.MY_DATA),
    ]
    client.post(reverse("privacy:consents"), {"honoree_publication": "on"})
    assert len(events(user)) == 5  # the same answers again record nothing
    assert Consent.objects.get(user=user, purpose="dossier_processing").granted is True

    page = client.get(reverse("privacy:consents_print"), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Consent record" in html
    assert html.count("2026-12-01") >= 5
    assert "ha@example.com" in html
    assert "<nav" not in html
    assert consent_fingerprint(user) in html
    assert len(consent_fingerprint(user)) == 64


def test_the_privacy_notice_is_versioned_and_in_both_languages(client):
    page = client.get(reverse("privacy:notice"), HTTP_ACCEPT_LANGUAGE="en")
    assert 'data-notice-version="2026-12-01"' in page.content.decode()
    assert "Your rights" in page.content.decode()
    old = client.get(reverse("privacy:notice_version", args=["2026-12-01"]))
    assert old.status_code == 200
    assert client.get(reverse("privacy:notice_version", args=["1999-01-01"])).status_code == 404


def test_organisers_see_requests_with_their_deadlines_and_the_overdue_ones(client, time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 9, 0, tzinfo=ICT), tick=False)
    person = UserFactory(role=Role.APPLICANT, email="nguoi@example.com")
    old = data_request_open(
        user=person, kind=DataRequestKind.EXPORT, at=datetime(2026, 11, 20, tzinfo=ICT)
    )
    fresh = data_request_open(user=person, kind=DataRequestKind.ERASURE)
    assert fresh.due_at == datetime(2026, 12, 4, 9, 0, tzinfo=ICT)
    client.force_login(UserFactory(role=Role.ORGANISER, is_staff=True))
    url = reverse("admin:accounts_datarequest_changelist")
    page = client.get(url)
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [fresh, old]
    overdue = client.get(url, {"overdue": "yes"})
    assert list(overdue.context["cl"].result_list) == [old]
