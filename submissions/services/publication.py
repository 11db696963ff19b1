"""Publication as an honoree: one consent, held on the account and declared on each dossier.

A change on either side reaches the other: the dossier form records the account's consent
(`dossier_publication_declared`), and the account's answer (sign-up, my data, erasure) is
copied onto every dossier of the person (`dossiers_follow_publication_consent`)."""

from __future__ import annotations

from accounts.models import User
from accounts.privacy.models import ConsentPurpose, ConsentSource
from accounts.privacy.services import consent_set, publication_followers
from submissions.models import Dossier


def dossiers_follow_publication_consent(user: User, granted: bool) -> None:
    """The account's answer, on each of its dossiers (through history, with a new version)."""
    dossiers = Dossier.objects.select_for_update().filter(applicant=user)
    for dossier in dossiers.exclude(consent_publish=granted):
        dossier.consent_publish = granted
        dossier.version += 1
        dossier.save()


def dossier_publication_declared(dossier: Dossier) -> None:
    """The dossier's declaration, recorded as the applicant's consent (nothing if unchanged)."""
    consent_set(
        user=dossier.applicant,
        purpose=ConsentPurpose.HONOREE_PUBLICATION,
        granted=dossier.consent_publish,
        source=ConsentSource.DOSSIER,
    )


def register() -> None:
    if dossiers_follow_publication_consent not in publication_followers:
        publication_followers.append(dossiers_follow_publication_consent)
