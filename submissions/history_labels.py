"""How submissions' recorded values and change reasons read on history and audit pages
(registered with vda_portal.history_display when the app is ready)."""

from __future__ import annotations

from django.utils.translation import gettext, pgettext_lazy

from categories.eligibility import CATEGORY_REASONS, reason_message
from submissions.models import Dossier, DossierStatus, EligibilityDecision
from vda_portal.history_display import (
    EMPTY,
    register_field_display,
    register_reason_pattern,
    register_reasons,
)


def eligibility_reasons_text(value, record) -> str:
    """Each reason code as the message the applicant reads."""
    if not value:
        return EMPTY
    number = _category_number(record)
    return "; ".join(str(_message(code, number)) for code in value)


def _category_number(record) -> int | None:
    try:
        return record.category.number if record is not None else None
    except Exception:  # a record without its category (deleted): any category's wording
        return None


def _message(code: str, number: int | None):
    numbers = [number] if number in CATEGORY_REASONS else []
    numbers += [n for n in sorted(CATEGORY_REASONS) if n != number]
    for n in numbers:
        if code in CATEGORY_REASONS[n]:
            return reason_message(code, category=n)
    return code


def register() -> None:
    register_field_display(Dossier, "eligibility_reasons", eligibility_reasons_text)
    register_reasons(
        {
            "submitted": pgettext_lazy("history reason", "submitted"),
            "withdrawn": pgettext_lazy("history reason", "withdrawn"),
            "assigned to judges": pgettext_lazy("history reason", "assigned to judges"),
        }
    )
    statuses = dict(DossierStatus.choices)
    decisions = dict(EligibilityDecision.choices)
    register_reason_pattern(
        "outcome published: ",
        "",
        lambda status: (
            gettext("outcome published: %(status)s") % {"status": statuses.get(status, status)}
        ),
    )
    register_reason_pattern(
        "screening: ",
        "",
        lambda decision: (
            gettext("screening: %(decision)s") % {"decision": decisions.get(decision, decision)}
        ),
    )
    register_reason_pattern(
        "attachment added: ",
        "",
        lambda name: gettext("attachment added: %(name)s") % {"name": name},
    )
    register_reason_pattern(
        "attachment removed: ",
        "",
        lambda name: gettext("attachment removed: %(name)s") % {"name": name},
    )
