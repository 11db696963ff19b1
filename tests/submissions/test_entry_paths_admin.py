"""The organisers' admin for nominations and extensions goes through the services; list
pages keep their query count."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from submissions.models import DeadlineExtension, Nomination, NominationState
from submissions.services import nomination_create
from tests.factories import UserFactory

ICT = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def organiser(db):
    return UserFactory(role="Organisers", is_staff=True, is_superuser=True)


@pytest.fixture
def nominator(db):
    return UserFactory(email="nominator@example.com")


def nominate(season, nominator, n: int) -> Nomination:
    return nomination_create(
        nominator=nominator,
        category=season.categories.get(number=3),
        nominee_name=f"Đơn vị {n}",
        nominee_email=f"n{n}@example.com",
        reason="Lý do",
    )


@pytest.mark.django_db
def test_decline_with_a_reason_and_resend_from_the_admin(
    client, season, organiser, nominator, open_window, mailoutbox
):
    first = nominate(season, nominator, 1)
    second = nominate(season, nominator, 2)
    client.force_login(organiser)
    url = reverse("admin:submissions_nomination_changelist")
    client.post(
        url,
        {"action": "decline", "_selected_action": [first.pk], "reason": "Không thuộc lĩnh vực"},
    )
    first.refresh_from_db()
    assert (first.state, first.decline_reason, first.declined_by) == (
        NominationState.DECLINED,
        "Không thuộc lĩnh vực",
        organiser,
    )
    old_nonce = second.nonce
    client.post(url, {"action": "resend", "_selected_action": [second.pk], "reason": ""})
    second.refresh_from_db()
    assert second.nonce != old_nonce
    assert second.state == NominationState.SENT


@pytest.mark.django_db
def test_nomination_list_pages_keep_their_query_count(
    client, season, organiser, nominator, open_window
):
    nominate(season, nominator, 0)
    client.force_login(nominator)
    client.force_login(organiser)
    admin_url = reverse("admin:submissions_nomination_changelist")
    client.get(admin_url)
    with CaptureQueriesContext(connection) as admin_one:
        client.get(admin_url)
    client.force_login(nominator)
    mine = reverse("submissions:nominations")
    client.get(mine)
    with CaptureQueriesContext(connection) as mine_one:
        client.get(mine)
    for n in range(1, 5):
        nominate(season, nominator, n)
    with CaptureQueriesContext(connection) as mine_many:
        client.get(mine)
    client.force_login(organiser)
    with CaptureQueriesContext(connection) as admin_many:
        client.get(admin_url)
    assert len(mine_many) == len(mine_one)
    assert len(admin_many) == len(admin_one)


@pytest.mark.django_db
def test_an_extension_granted_in_the_admin_goes_through_the_service(
    client, season, organiser, complete_draft, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    url = reverse("admin:submissions_deadlineextension_add")
    data = {
        "season": season.pk,
        "dossier": complete_draft.pk,
        "applicant": "",
        "deadline_0": "05/07/2024",
        "deadline_1": "17:00:00",
        "reason": "Bão lũ",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    extension = DeadlineExtension.objects.get()
    assert extension.deadline == datetime(2024, 7, 5, 17, 0, tzinfo=ICT)
    assert extension.granted_by == organiser
    assert len(mailoutbox) == 1  # mailed by the service
    refused = client.post(url, {**data, "reason": ""})
    assert refused.status_code == 200
    assert DeadlineExtension.objects.count() == 1
