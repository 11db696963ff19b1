"""What an applicant sees of a judging outcome: the one place that decides it.

A confirmed outcome stays hidden ("in review", or the last one published) until organisers
publish it; `dossiers_publish_outcome` (submissions.services) is how they do."""

from __future__ import annotations

from dataclasses import dataclass

from submissions.models import Dossier, DossierStatus
from submissions.models.dossier import RESULT_STATUSES


@dataclass(frozen=True, slots=True)
class ApplicantOutcome:
    status: str
    label: str


def applicant_status(dossier: Dossier) -> str:
    if dossier.status in RESULT_STATUSES and dossier.status != dossier.published_status:
        return dossier.published_status or DossierStatus.IN_REVIEW
    return dossier.status


def applicant_outcome(dossier: Dossier) -> ApplicantOutcome:
    """The status the applicant sees, with its label in the active language."""
    status = applicant_status(dossier)
    return ApplicantOutcome(status, str(DossierStatus(status).label))
