"""History is for reading: the one admin base of every model with django-simple-history.

django-simple-history's "history → an old row → save" form saves the old row straight into the
table, around every service and lock (a final review raised, a confirmed round reopened).
`SIMPLE_HISTORY_REVERT_DISABLED` only hides its button: 3.13's `history_form_view` still saves on
POST. Here the button is hidden, the old row is shown with every field read-only, and any POST
is refused with a message in the user's language, nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

_SHOWN_READ_ONLY = "_vda_history_shown_read_only"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def history_revert_refused_message() -> str:
    return gettext(
        "History is for reading: an old version cannot be restored. Make the change through "
        "the portal's own pages, which check that it is allowed."
    )


class HistoryReadOnlyAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history can be read, never reverted (every admin with history
    in the portal derives from it; a test walks the admin site to hold that)."""

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True

    def history_form_view(
        self, request: HttpRequest, object_id, version_id, extra_context=None
    ) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            messages.error(request, history_revert_refused_message())
            return HttpResponseRedirect(request.path)
        # The old version is shown, not offered as a form to save.
        obj = self.get_object(request, object_id)
        fields = flatten_fieldsets(self.get_fieldsets(request, obj)) if obj else []
        setattr(request, _SHOWN_READ_ONLY, fields)
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        finally:
            delattr(request, _SHOWN_READ_ONLY)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        for name in getattr(request, _SHOWN_READ_ONLY, ()):
            if name not in fields:
                fields.append(name)
        return fields
