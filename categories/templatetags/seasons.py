from datetime import timedelta

from django import template
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.filter
def countdown(left: timedelta) -> str:
    """'10 days, 12 hours' (days and hours; hours and minutes in the last day)."""
    minutes = max(int(left.total_seconds()) // 60, 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        parts = [
            ngettext("%(n)d day", "%(n)d days", days) % {"n": days},
            ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours},
        ]
    else:
        parts = [
            ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours},
            ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes},
        ]
    return gettext(", ").join(parts)
