from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.roles import Role


def applicant_required(view):
    """Applicant pages: signed in, and in the Applicants group (judges and staff are not)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_role(Role.APPLICANT):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
