"""The applicant pages' door: signed in (else the login page), and allowed by
`submissions.rules` (else 403: judges and staff are not applicants)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from rules.contrib.views import permission_required


def applicant_required(view):
    guarded = permission_required("submissions.use_applicant_pages", raise_exception=True)(view)
    return login_required(guarded)
