"""Deadline extensions: one dossier or one applicant, to the second; shown on the page and
the dashboard; in the history; mailed; reminders follow it; they end when the preliminary
round opens."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from categories.models import RoundKind
from judging.models import Round, RoundState
from submissions.deadlines import dossier_deadline
from submissions.models import DossierStatus
from submissions.services import (
    ExtensionError,
    WindowClosed,
    dossier_save,
    dossier_submit,
    extension_grant,
    extension_reminders_send,
    extension_revoke,
)
from tests.factories import DossierFactory, UserFactory, applicant

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
EXTENDED = datetime(2024, 7, 5, 17, 0, 0, tzinfo=ICT)
LAST_SECOND = EXTENDED
FIRST_LATE = EXTENDED + timedelta(seconds=1)


@pytest.fixture
def organiser(db):
    return UserFactory(role="Organisers", is_staff=True)


@pytest.mark.django_db
def test_an_extended_dossier_is_accepted_to_its_own_second(
    complete_draft, owner, organiser, time_machine
):
    extension_grant(dossier=complete_draft, deadline=EXTENDED, reason="Bão lũ", by=organiser)
    assert dossier_deadline(complete_draft) == EXTENDED
    time_machine.move_to(FIRST_LATE, tick=False)
    with pytest.raises(WindowClosed) as late:
        dossier_submit(dossier=complete_draft, by=owner)
    assert "05/07/2024 17:00:00" in str(late.value.message)
    time_machine.move_to(LAST_SECOND, tick=False)
    assert dossier_submit(dossier=complete_draft, by=owner).status == DossierStatus.SUBMITTED


@pytest.mark.django_db
def test_other_dossiers_keep_the_seasons_deadline(complete_draft, organiser, time_machine):
    other = applicant("late@example.com")
    theirs = DossierFactory(applicant=other, category=complete_draft.category)
    extension_grant(dossier=complete_draft, deadline=EXTENDED, reason="Bão lũ", by=organiser)
    time_machine.move_to(datetime(2024, 7, 1, 0, 0, 0, tzinfo=ICT), tick=False)
    with pytest.raises(WindowClosed):
        dossier_save(dossier=theirs, data={"title": "x"}, version=theirs.version, by=other)


@pytest.mark.django_db
def test_an_applicant_wide_extension_covers_their_dossiers(
    complete_draft, owner, organiser, season, time_machine
):
    extension_grant(applicant=owner, season=season, deadline=EXTENDED, reason="x", by=organiser)
    time_machine.move_to(LAST_SECOND, tick=False)
    saved = dossier_save(
        dossier=complete_draft, data={"title": "Muộn"}, version=complete_draft.version, by=owner
    )
    assert saved.title == "Muộn"


@pytest.mark.django_db
def test_only_organisers_grant_with_a_reason_after_the_seasons_deadline(
    complete_draft, owner, organiser, season
):
    with pytest.raises(PermissionDenied):
        extension_grant(dossier=complete_draft, deadline=EXTENDED, reason="x", by=owner)
    with pytest.raises(ExtensionError):
        extension_grant(dossier=complete_draft, deadline=EXTENDED, reason=" ", by=organiser)
    with pytest.raises(ExtensionError):
        extension_grant(
            dossier=complete_draft, deadline=season.submission_deadline, reason="x", by=organiser
        )
    assert complete_draft.extensions.count() == 0


@pytest.mark.django_db
def test_extension_ends_when_the_preliminary_round_opens(
    complete_draft, owner, organiser, season, time_machine
):
    extension_grant(dossier=complete_draft, deadline=EXTENDED, reason="x", by=organiser)
    prelim = Round.objects.create(
        season=season,
        kind=RoundKind.PRELIMINARY,
        opens_at=datetime(2024, 7, 10, tzinfo=ICT),
        closes_at=datetime(2024, 8, 31, tzinfo=ICT),
    )
    time_machine.move_to(LAST_SECOND, tick=False)
    assert dossier_deadline(complete_draft) == EXTENDED
    prelim.state = RoundState.OPEN  # opened early
    prelim.save()
    assert dossier_deadline(complete_draft) == season.submission_deadline
    with pytest.raises(WindowClosed):
        dossier_submit(dossier=complete_draft, by=owner)
    with pytest.raises(ExtensionError):  # and none can be granted beyond the opening
        extension_grant(dossier=complete_draft, deadline=EXTENDED, reason="y", by=organiser)


@pytest.mark.django_db
def test_revoked_extension_no_longer_counts(complete_draft, organiser, season):
    extension = extension_grant(dossier=complete_draft, deadline=EXTENDED, reason="x", by=organiser)
    extension_revoke(extension=extension, by=organiser)
    assert dossier_deadline(complete_draft) == season.submission_deadline


@pytest.mark.django_db
def test_in_the_history_mailed_and_shown_on_page_and_dashboard(
    client, complete_draft, owner, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        extension_grant(dossier=complete_draft, deadline=EXTENDED, reason="Bão lũ", by=organiser)
    latest = complete_draft.history.first()
    assert latest.history_change_reason.startswith("deadline extended to 05/07/2024 17:00:00")
    assert latest.history_user == organiser
    (email,) = mailoutbox
    assert email.to == ["owner@example.com"]
    assert "05/07/2024 17:00:00" in email.body
    client.force_login(owner)
    page = client.get(reverse("submissions:dossier", args=[complete_draft.pk])).content.decode()
    assert "<span data-own-deadline>05/07/2024 17:00:00</span>" in page
    dashboard = client.get(reverse("submissions:home")).content.decode()
    assert "data-extended" in dashboard
    assert "05/07/2024 17:00:00" in dashboard


@pytest.mark.django_db
def test_dashboard_queries_do_not_grow_with_extended_dossiers(client, owner, season, organiser):
    category = season.categories.get(number=3)
    DossierFactory(applicant=owner, category=category)
    client.force_login(owner)
    client.get(reverse("submissions:home"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("submissions:home"))
    for _ in range(4):
        dossier = DossierFactory(applicant=owner, category=category)
        extension_grant(dossier=dossier, deadline=EXTENDED, reason="x", by=organiser)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("submissions:home"))
    assert len(many) == len(one)


@pytest.mark.django_db
def test_reminders_follow_the_extended_deadline(
    complete_draft, organiser, mailoutbox, time_machine, django_capture_on_commit_callbacks
):
    extension_grant(dossier=complete_draft, deadline=EXTENDED, reason="x", by=organiser)
    time_machine.move_to(EXTENDED - timedelta(hours=49), tick=False)
    assert extension_reminders_send() == 0
    time_machine.move_to(EXTENDED - timedelta(hours=47), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert extension_reminders_send() == 1
        assert extension_reminders_send() == 0  # once
    assert "05/07/2024 17:00:00" in mailoutbox[-1].body


@pytest.mark.django_db
def test_extensions_are_listed_on_the_organisers_dashboard(client, complete_draft, organiser):
    extension_grant(dossier=complete_draft, deadline=EXTENDED, reason="Bão lũ", by=organiser)
    client.force_login(organiser)
    html = client.get(reverse("organisers:dashboard")).content.decode()
    assert "data-entry-paths" in html
    assert "05/07/2024 17:00:00 · Bão lũ" in html


@pytest.mark.django_db
def test_the_dossier_page_reads_its_extensions_once(
    client, complete_draft, owner, organiser, time_machine
):
    extension_grant(dossier=complete_draft, deadline=EXTENDED, reason="Bão lũ", by=organiser)
    time_machine.move_to(EXTENDED - timedelta(hours=2), tick=False)
    client.force_login(owner)
    url = reverse("submissions:dossier", args=[complete_draft.pk])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    extensions = [q for q in queries if 'FROM "submissions_deadlineextension"' in q["sql"]]
    assert len(extensions) == 1
    assert response.context["own_deadline"] == EXTENDED
    assert response.context["time_left"] == timedelta(hours=2, seconds=1)
    assert response.context["window_open"] is True
    assert response.context["editable"] is True
    time_machine.move_to(FIRST_LATE, tick=False)
    late = client.get(url)
    assert (late.context["window_open"], late.context["editable"]) == (False, False)
