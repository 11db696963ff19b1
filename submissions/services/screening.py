"""Organisers' screening of received dossiers."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from submissions.eligibility import dossier_eligibility_reasons
from submissions.models import Dossier, DossierStatus, EligibilityDecision
from submissions.services.errors import (
    DossierError,
    NotEditable,
    ensure_permission,
    locked,
    profile_required,
)

SCREENED = (DossierStatus.SUBMITTED, DossierStatus.ELIGIBLE, DossierStatus.INELIGIBLE)


@transaction.atomic
def dossier_decide_eligibility(
    *, dossier: Dossier, decision: str, justification: str, by: User
) -> Dossier:
    """Organisers mark a received dossier eligible or ineligible. Going against the engine
    needs a written justification; who, when and why stay in the dossier's history."""
    ensure_permission(by, "submissions.screen_dossier", dossier)
    dossier = locked(dossier)
    if dossier.status not in SCREENED:
        raise NotEditable(_("Only submitted dossiers are screened."))
    reasons = dossier_eligibility_reasons(dossier, profile=profile_required(dossier.applicant))
    engine_says = EligibilityDecision.INELIGIBLE if reasons else EligibilityDecision.ELIGIBLE
    justification = justification.strip()
    if decision != engine_says and not justification:
        raise DossierError(
            _("A decision against the eligibility check needs a written justification.")
        )
    dossier.status = DossierStatus(decision)
    dossier.eligibility_override = decision if decision != engine_says else ""
    dossier.eligibility_justification = justification
    dossier.eligibility_decided_by = by
    dossier.eligibility_decided_at = timezone.now()
    dossier.eligibility_flagged = False
    dossier._change_reason = justification or f"screening: {decision}"
    dossier.save()
    return dossier
