"""Publication as an honoree is one consent: the account's answer and each dossier's declaration."""

import pytest
from django.urls import reverse

from accounts.privacy.models import Consent, ConsentEvent, ConsentPurpose, ConsentSource
from accounts.privacy.services import consent_set
from submissions.services import dossier_create, dossier_save
from tests.factories import DossierFactory

PUBLICATION = ConsentPurpose.HONOREE_PUBLICATION
pytestmark = pytest.mark.django_db


def publication_events(user):
    return list(
        ConsentEvent.objects.filter(user=user, purpose=PUBLICATION)
        .order_by("id")
        .values_list("granted", "source")
    )


@pytest.mark.parametrize("granted", [True, False])
def test_a_new_dossier_declares_what_the_account_consented(season, owner, open_window, granted):
    consent_set(user=owner, purpose=PUBLICATION, granted=granted, source=ConsentSource.SIGNUP)
    dossier = dossier_create(applicant=owner, category=season.categories.get(number=3))
    assert dossier.consent_publish is granted


def test_the_dossier_declaration_records_the_consent_and_the_other_dossiers_follow(
    season, owner, open_window
):
    consent_set(user=owner, purpose=PUBLICATION, granted=True, source=ConsentSource.SIGNUP)
    draft = DossierFactory(applicant=owner, category=season.categories.get(number=3))
    other = DossierFactory(applicant=owner, category=season.categories.get(number=4))
    other_version = other.version

    dossier_save(dossier=draft, data={"consent_publish": False}, version=draft.version, by=owner)

    assert publication_events(owner) == [
        (True, ConsentSource.SIGNUP),
        (False, ConsentSource.DOSSIER),
    ]
    assert Consent.objects.get(user=owner, purpose=PUBLICATION).granted is False
    other.refresh_from_db()
    assert other.consent_publish is False
    assert other.version == other_version + 1
    assert other.history.first().consent_publish is False


def test_saving_the_same_declaration_records_nothing(season, owner, open_window):
    consent_set(user=owner, purpose=PUBLICATION, granted=True, source=ConsentSource.SIGNUP)
    draft = DossierFactory(applicant=owner, category=season.categories.get(number=3))
    draft = dossier_save(dossier=draft, data={"title": "Tên mới"}, version=draft.version, by=owner)
    dossier_save(dossier=draft, data={"consent_publish": True}, version=draft.version, by=owner)
    assert publication_events(owner) == [(True, ConsentSource.SIGNUP)]


def test_withdrawing_on_the_my_data_page_withdraws_it_on_every_dossier(
    client, season, owner, other_applicant, open_window
):
    consent_set(user=owner, purpose=PUBLICATION, granted=True, source=ConsentSource.SIGNUP)
    mine = DossierFactory(applicant=owner, category=season.categories.get(number=3))
    theirs = DossierFactory(applicant=other_applicant, category=season.categories.get(number=3))
    client.force_login(owner)

    response = client.post(reverse("privacy:consents"), {})  # both optional purposes unticked
    assert response.status_code == 302

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.consent_publish is False
    assert theirs.consent_publish is True
    assert publication_events(owner)[-1] == (False, ConsentSource.MY_DATA)
