"""Suggested conflicts of interest: found from the judge's declared ties and the applicant's
profile (judging.conflict_suggestions holds the rules), stored so organisers see them, and
confirmed (a conflict of interest is declared) or dismissed by the judge in one click."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from judging import rules
from judging.conflict_suggestions import Applicant, JudgeTies, suggest_conflicts
from judging.models import ConflictSuggestion, JudgeTie, SuggestionDecision
from judging.services.base import JudgingError, _save, ensure_allowed
from judging.services.conflicts import conflict_declare
from submissions.models import Dossier


def _ties_of(judge_ids: Iterable[int]) -> list[JudgeTies]:
    grouped: dict[int, dict[str, list[str]]] = {}
    for judge, organisation, tax_code, domain in JudgeTie.objects.filter(
        judge__in=list(judge_ids)
    ).values_list("judge", "organisation", "tax_code", "email_domain"):
        entry = grouped.setdefault(judge, {"organisations": [], "tax_codes": [], "domains": []})
        if organisation:
            entry["organisations"].append(organisation)
        if tax_code:
            entry["tax_codes"].append(tax_code)
        if domain:
            entry["domains"].append(domain)
    return [
        JudgeTies(
            judge=j,
            organisations=tuple(e["organisations"]),
            tax_codes=tuple(e["tax_codes"]),
            email_domains=tuple(e["domains"]),
        )
        for j, e in sorted(grouped.items())
    ]


def _applicant_of(dossier: Dossier) -> Applicant:
    profile = getattr(dossier.applicant, "applicant_profile", None)
    return Applicant(
        dossier=dossier.pk,
        organisation=(profile.display_name if profile else "") or "",
        tax_code=(profile.tax_code if profile else "") or "",
        email=dossier.applicant.email or "",
    )


@transaction.atomic
def suggestions_refresh(*, judge_ids: Iterable[int], dossiers: Iterable[Dossier]) -> int:
    """Store every suggestion the rules find for these judges and dossiers that is not stored
    yet (a decided one is never asked again). The system's own write: no actor. Returns how
    many were added."""
    ties = _ties_of(judge_ids)
    if not ties:
        return 0
    dossiers = list(dossiers)
    applicants = [_applicant_of(d) for d in dossiers]
    known = set(
        ConflictSuggestion.objects.filter(
            judge__in=[t.judge for t in ties], dossier__in=[d.pk for d in dossiers]
        ).values_list("judge", "dossier", "reason", "declared")
    )
    added = 0
    for found in suggest_conflicts(ties, applicants):
        key = (found.judge, found.dossier, str(found.reason), found.declared[:300])
        if key in known:
            continue
        row = ConflictSuggestion(
            judge_id=found.judge,
            dossier_id=found.dossier,
            reason=str(found.reason),
            declared=found.declared[:300],
            applicant_value=found.applicant[:300],
            similarity=found.score,
        )
        try:
            with transaction.atomic():  # a request at the same time may have stored it first
                _save(row, by=None, reason="suggested")
        except IntegrityError:
            continue
        finally:
            known.add(key)
        added += 1
    return added


@transaction.atomic
def suggestion_decide(*, suggestion: ConflictSuggestion, confirm: bool, by: User):
    """The judge confirms (a conflict of interest on the dossier is declared, with the
    suggestion as its reason, and the assignment goes to another judge) or dismisses."""
    suggestion = ConflictSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    ensure_allowed(
        rules.can_decide_suggestion, by, suggestion, _("This suggestion is not addressed to you.")
    )
    if not suggestion.is_pending:
        raise JudgingError(_("This suggestion has already been decided."))
    suggestion.decision = SuggestionDecision.CONFIRMED if confirm else SuggestionDecision.DISMISSED
    suggestion.decided_at = timezone.now()
    _save(suggestion, by=by, reason="confirmed" if confirm else "dismissed")
    if confirm:
        reason = _("Suggested by the portal and confirmed: %(rule)s (%(mine)s / %(theirs)s).") % {
            "rule": suggestion.get_reason_display(),
            "mine": suggestion.declared,
            "theirs": suggestion.applicant_value,
        }
        conflict_declare(judge=by, dossier=suggestion.dossier, reason=str(reason), by=by)
    return suggestion
