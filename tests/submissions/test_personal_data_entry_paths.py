"""My data and the entry paths: nominations and team places are in the copy, and erased."""

import pytest
from django.urls import reverse

from submissions.models import DossierMember, Nomination
from submissions.personal_data.export import personal_data
from submissions.services import member_invite, nomination_create
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paths(season, owner, other_applicant, open_window):
    """The owner nominated someone, was nominated, and sits on another's team."""
    category = season.categories.get(number=3)
    filed = nomination_create(
        nominator=owner,
        category=category,
        nominee_name="Công ty Bình Minh",
        nominee_email="binhminh@example.com",
        reason="Nền tảng số cho hợp tác xã.",
    )
    of_owner = nomination_create(
        nominator=other_applicant,
        category=category,
        nominee_name="Công ty An Phát",
        nominee_email="OWNER@example.com",
        reason="Ví điện tử cho người bán nhỏ.",
    )
    theirs = DossierFactory(applicant=other_applicant, category=category)
    member = member_invite(dossier=theirs, email=owner.email, role="editor", by=other_applicant)
    return filed, of_owner, member


def test_the_copy_holds_the_nominations_and_team_places_without_link_secrets(owner, paths):
    filed, of_owner, member = paths
    data = personal_data(owner)
    assert [n["id"] for n in data["nominations"]] == [filed.pk, of_owner.pk]
    assert [n["nominee_name"] for n in data["nominations"]] == [
        "Công ty Bình Minh",
        "Công ty An Phát",
    ]
    assert [m["id"] for m in data["dossier_memberships"]] == [member.pk]
    assert all("nonce" not in n for n in data["nominations"] + data["dossier_memberships"])


def test_erasure_ends_team_places_and_forgets_who_was_nominated(client, owner, paths):
    filed, of_owner, member = paths
    client.force_login(owner)
    response = client.post(
        reverse("submissions:my_data_erase"), {"password": "pw-123456789", "confirm": "on"}
    )
    assert response.status_code == 302
    left = DossierMember.objects.get(pk=member.pk)
    assert (left.state, left.email, left.nonce) == (
        "removed",
        f"erased-{owner.pk}@erased.invalid",
        "",
    )
    assert not DossierMember.history.filter(id=member.pk).exists()
    erased = Nomination.objects.get(pk=of_owner.pk)
    assert (erased.nominee_name, erased.reason, erased.nonce) == ("", "", "")
    assert erased.nominee_email == f"erased-nominee-{of_owner.pk}@erased.invalid"
    assert not Nomination.history.filter(id=of_owner.pk, nominee_name="Công ty An Phát").exists()
    kept = Nomination.objects.get(
        pk=filed.pk
    )  # what they filed stays, tied to the anonymous account
    assert (kept.nominee_name, kept.nominator_id) == ("Công ty Bình Minh", owner.pk)
