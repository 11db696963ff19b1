"""Judges' declared expertise and ties: their fields (for assignment by expertise) and the
organisations they are tied to (for suggested conflicts of interest)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from judging import rules
from judging.models import JudgeProfile, JudgeTie
from judging.services.base import JudgingError, _save, ensure_allowed
from submissions.models import ProductField


@dataclass(frozen=True)
class TieData:
    organisation: str = ""
    tax_code: str = ""
    email_domain: str = ""

    def cleaned(self) -> TieData:
        return TieData(
            self.organisation.strip(),
            self.tax_code.strip(),
            self.email_domain.strip().lower().removeprefix("@"),
        )

    def is_empty(self) -> bool:
        return not (self.organisation or self.tax_code or self.email_domain)


@transaction.atomic
def judge_expertise_save(
    *,
    judge: User,
    fields: Iterable[str],
    ties: Sequence[TieData] | None = None,
    by: User | None,
) -> JudgeProfile:
    """Record the judge's fields and, when `ties` is given, replace their declared ties (the
    history keeps the old ones). The judge themself or organisers; the system (seed) too."""
    if by is not None:
        message = _("Only organisers may change another judge's expertise.")
        ensure_allowed(rules.can_declare_conflict_for, by, judge, message)
    if not judge.has_role(Role.JUDGE):
        raise JudgingError(_("%(user)s is not a judge.") % {"user": judge})
    chosen = sorted(set(fields))
    unknown = [f for f in chosen if f not in ProductField.values]
    if unknown:
        raise JudgingError(_("Unknown field: %(field)s") % {"field": ", ".join(unknown)})
    profile = JudgeProfile.objects.select_for_update().filter(judge=judge).first()
    profile = profile or JudgeProfile(judge=judge)
    if profile.pk is None or profile.fields != chosen:
        profile.fields = chosen
        _save(profile, by=by, reason="expertise declared")
    if ties is not None:
        _replace_ties(judge, ties, by)
    return profile


def _replace_ties(judge: User, ties: Sequence[TieData], by: User | None) -> None:
    wanted = []
    for tie in (t.cleaned() for t in ties):
        if not tie.is_empty() and tie not in wanted:
            wanted.append(tie)
    existing = list(JudgeTie.objects.filter(judge=judge))
    kept = set()
    for row in existing:
        data = TieData(row.organisation, row.tax_code, row.email_domain)
        if data in wanted and data not in kept:
            kept.add(data)
            continue
        row._history_user = by
        row._change_reason = "tie withdrawn"
        row.delete()
    for tie in wanted:
        if tie not in kept:
            _save(
                JudgeTie(
                    judge=judge,
                    organisation=tie.organisation,
                    tax_code=tie.tax_code,
                    email_domain=tie.email_domain,
                ),
                by=by,
                reason="tie declared",
            )
