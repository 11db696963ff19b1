"""The one place the second factor is enforced: every request of a judge, organiser or staff
member, whichever way they signed in (site, admin, after a password reset, a session made any
other way)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.mfa.policy import has_second_factor, passed_second_factor, requires_second_factor

# What a signed-in staff member without a factor may still open: enrolment and signing out.
ENROLMENT_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_add_webauthn",
        "mfa_list_webauthn",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "set_language",
    }
)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not requires_second_factor(user):
            return None
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        if not has_second_factor(user):
            return self._enrol(request)
        if not passed_second_factor(request, user):
            # A session that skipped the factor (made outside allauth's sign-in): start over.
            logout(request)
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return None

    def _enrol(self, request):
        match = request.resolver_match
        if match is not None and match.url_name in ENROLMENT_URL_NAMES:
            return None
        messages.warning(
            request,
            _(
                "Judges and organisers protect their account with a second factor: set up an "
                "authenticator app before you continue."
            ),
        )
        return redirect("mfa_activate_totp")
