"""One permission authority (submissions.rules), checked by the services themselves; one
outcome function; one profile per applicant even when two saves race."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from accounts.roles import Role
from submissions.models import ApplicantKind, ApplicantProfile, Dossier, DossierStatus
from submissions.outcome import applicant_outcome
from submissions.services import (
    dossier_decide_eligibility,
    dossier_save,
    dossier_submit,
    dossier_withdraw,
    dossiers_publish_outcome,
    profile_save,
)
from tests.factories import UserFactory


def snapshot(dossier: Dossier) -> dict:
    return Dossier.objects.values().get(pk=dossier.pk)


@pytest.mark.django_db
def test_another_applicant_cannot_save_submit_or_withdraw_through_the_services(
    complete_draft, other_applicant
):
    before = snapshot(complete_draft)
    with pytest.raises(PermissionDenied):
        dossier_save(
            dossier=complete_draft, data={"title": "Mine now"}, version=1, by=other_applicant
        )
    with pytest.raises(PermissionDenied):
        dossier_submit(dossier=complete_draft, by=other_applicant)
    with pytest.raises(PermissionDenied):
        dossier_withdraw(dossier=complete_draft, by=other_applicant)
    assert snapshot(complete_draft) == before


@pytest.mark.django_db
def test_an_applicant_cannot_screen_and_a_judge_cannot_edit_a_profile(complete_draft, owner):
    dossier_submit(dossier=complete_draft, by=owner)
    before = snapshot(complete_draft)
    with pytest.raises(PermissionDenied):
        dossier_decide_eligibility(
            dossier=complete_draft, decision="eligible", justification="", by=owner
        )
    assert snapshot(complete_draft) == before
    judge = UserFactory(role=Role.JUDGE)
    with pytest.raises(PermissionDenied):
        profile_save(user=judge, data={"phone": "0900000000"})
    assert not ApplicantProfile.objects.filter(user=judge).exists()


@pytest.mark.django_db
def test_rules_open_a_dossier_to_its_owner_and_organisers_only(complete_draft, owner):
    organiser = UserFactory(role=Role.ORGANISER)
    stranger = UserFactory(role=Role.APPLICANT)
    assert owner.has_perm("submissions.edit_dossier", complete_draft) is True
    assert organiser.has_perm("submissions.view_dossier", complete_draft) is True
    assert organiser.has_perm("submissions.edit_dossier", complete_draft) is False
    assert stranger.has_perm("submissions.view_dossier", complete_draft) is False


@pytest.mark.django_db
def test_an_outcome_shows_only_once_published_and_publishing_keeps_history(complete_draft, owner):
    organiser = UserFactory(role=Role.ORGANISER)
    Dossier.objects.filter(pk=complete_draft.pk).update(status=DossierStatus.FINALIST)
    complete_draft.refresh_from_db()
    assert applicant_outcome(complete_draft).status == DossierStatus.IN_REVIEW
    with pytest.raises(PermissionDenied):
        dossiers_publish_outcome(dossiers=[complete_draft], by=owner)
    assert dossiers_publish_outcome(dossiers=[complete_draft], by=organiser) == 1
    assert dossiers_publish_outcome(dossiers=[complete_draft], by=organiser) == 0
    complete_draft.refresh_from_db()
    assert applicant_outcome(complete_draft).status == DossierStatus.FINALIST
    latest = complete_draft.history.first()
    assert latest.published_status == DossierStatus.FINALIST
    assert latest.history_user == organiser
    assert latest.history_change_reason == "outcome published: finalist"


@pytest.mark.django_db
def test_saving_the_profile_twice_keeps_one_row(owner):
    profile_save(user=owner, data={"phone": "0911111111"})
    profile_save(user=owner, data={"phone": "0922222222"})
    assert list(ApplicantProfile.objects.filter(user=owner).values_list("phone", flat=True)) == [
        "0922222222"
    ]


@pytest.mark.django_db(transaction=True)
def test_two_first_profile_saves_at_once_give_one_row_and_no_error():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent transactions")
    user = UserFactory(role=Role.APPLICANT)
    data = {
        "kind": ApplicantKind.INDIVIDUAL,
        "full_name": "Nguyễn Văn A",
        "phone": "0911111111",
        "vietnamese_citizen": True,
    }
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def save() -> None:
        try:
            barrier.wait()
            profile_save(user=user, data=data)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ApplicantProfile.objects.filter(user=user).count() == 1
