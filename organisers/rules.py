"""Who may use the organisers' pages: organisers (the Organisers group or superusers)."""

from __future__ import annotations

import rules

from accounts.rules import is_organiser

rules.add_perm("organisers.view_dashboard", is_organiser)
rules.add_perm("organisers.export", is_organiser)

__all__ = ["is_organiser"]

rules.add_perm("organisers.revoke_certificate", is_organiser)
rules.add_perm("organisers.set_feedback", is_organiser)
rules.add_perm("organisers.press_kit", is_organiser)


@rules.predicate
def is_published_honoree(user, dossier) -> bool:
    """The dossier's own applicant, once its honour is published to them."""
    return (
        dossier is not None
        and user.is_authenticated
        and dossier.applicant_id == user.pk
        and dossier.status_for_applicant == "honoree"
    )


rules.add_perm("organisers.download_own_certificate", is_published_honoree)
