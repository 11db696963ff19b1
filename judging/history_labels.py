"""How judging's change reasons read on history and audit pages (registered with
vda_portal.history_display when the app is ready)."""

from __future__ import annotations

from django.utils.translation import gettext, pgettext_lazy

from categories.models import RoundKind
from vda_portal.history_display import register_reason_pattern, register_reasons


def register() -> None:
    register_reasons(
        {
            "assigned by hand": pgettext_lazy("history reason", "assigned by hand"),
            "automatic assignment": pgettext_lazy("history reason", "automatic assignment"),
            "reassigned": pgettext_lazy("history reason", "reassigned"),
            "declined": pgettext_lazy("history reason", "declined"),
            "declared": pgettext_lazy("history reason", "declared"),
            "conflict of interest": pgettext_lazy("history reason", "conflict of interest"),
            "conflict after confirmation": pgettext_lazy(
                "history reason", "conflict after confirmation"
            ),
            "reopened by organisers": pgettext_lazy("history reason", "reopened by organisers"),
            "draft saved": pgettext_lazy("history reason", "draft saved"),
            "opened": pgettext_lazy("history reason", "opened"),
            "closed": pgettext_lazy("history reason", "closed"),
            "confirmed": pgettext_lazy("history reason", "confirmed"),
            "results confirmed": pgettext_lazy("history reason", "results confirmed"),
            "published": pgettext_lazy("history reason", "published"),
            "frozen at confirmation": pgettext_lazy("history reason", "frozen at confirmation"),
            "correction accepted": pgettext_lazy("history reason", "correction accepted"),
            "correction declined": pgettext_lazy("history reason", "correction declined"),
        }
    )
    kinds = dict(RoundKind.choices)
    register_reason_pattern(
        "",
        " results confirmed",
        lambda kind: gettext("%(round)s: results confirmed") % {"round": kinds.get(kind, kind)},
    )
