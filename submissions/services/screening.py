"""Organisers' screening of received dossiers, and telling the applicant.

- eligible / ineligible: the dossier's status; going against the engine needs a written
  justification (internal, in the history).
- ineligible and "needs changes" come with the organiser's message to the applicant, emailed
  and shown on the dossier page.
- "needs changes" only before the deadline (Season.accepts_submissions): the dossier goes back
  to a draft for the applicant to fix and resubmit. After the deadline it is refused: the
  organiser decides eligible or ineligible, and that decision stands with its reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from submissions.deadlines import dossier_accepts, dossier_deadline
from submissions.eligibility import dossier_eligibility_reasons
from submissions.mail import queue_email
from submissions.models import Dossier, DossierStatus, EligibilityDecision
from submissions.services.errors import (
    DossierError,
    NotEditable,
    ensure_permission,
    locked,
    profile_required,
)

SCREENED = (DossierStatus.SUBMITTED, DossierStatus.ELIGIBLE, DossierStatus.INELIGIBLE)
TOLD = (EligibilityDecision.INELIGIBLE, EligibilityDecision.NEEDS_CHANGES)


@transaction.atomic
def dossier_decide_eligibility(
    *, dossier: Dossier, decision: str, justification: str, by: User, message: str = ""
) -> Dossier:
    """Organisers mark a received dossier eligible, ineligible, or (before the deadline)
    needing changes. Going against the engine needs a written justification; who, when and why
    stay in the dossier's history. Ineligible and "needs changes" are emailed to the applicant
    with `message`."""
    ensure_permission(by, "submissions.screen_dossier", dossier)
    dossier = locked(dossier)
    if dossier.status not in SCREENED:
        raise NotEditable(_("Only submitted dossiers are screened."))
    message = message.strip()
    justification = justification.strip()
    if decision == EligibilityDecision.NEEDS_CHANGES:
        if not message:
            raise DossierError(_("Tell the applicant what to change."))
        if not dossier_accepts(dossier):  # the dossier's own deadline (an extension counts)
            raise DossierError(
                _(
                    "The deadline has passed: the dossier can no longer be changed. Decide "
                    "eligible or ineligible, with the reason."
                )
            )
        dossier.status = DossierStatus.DRAFT
        dossier.eligibility_override = ""
    else:
        reasons = dossier_eligibility_reasons(dossier, profile=profile_required(dossier.applicant))
        engine_says = EligibilityDecision.INELIGIBLE if reasons else EligibilityDecision.ELIGIBLE
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
    dossier.screening_decision = decision
    dossier.screening_message = message if decision in TOLD else ""
    dossier._change_reason = (justification or message or f"screening: {decision}")[:100]
    dossier.save()
    if decision in TOLD:
        _queue_screening_email(dossier)
    return dossier


def _queue_screening_email(dossier: Dossier) -> None:
    applicant = dossier.applicant
    queue_email(
        key=f"screening:{dossier.pk}:{dossier.eligibility_decided_at.isoformat()}",
        to=applicant.email,
        template="submissions/email/screening",
        context={
            "dossier": dossier,
            "applicant": applicant,
            "decision": dossier.screening_decision,
            "message": dossier.screening_message,
            "deadline": dossier_deadline(dossier),
            "dossier_url": settings.SITE_URL + reverse("submissions:dossier", args=[dossier.pk]),
        },
        language=applicant.language,
    )
