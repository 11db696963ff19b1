"""The admin's own sign-in page is not a way in: it sends to the site's (allauth) sign-in, which
asks for the second factor, and keeps where the visitor was going."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def admin_login(request):
    target = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    if request.user.is_authenticated and request.user.is_staff:
        return redirect(target)
    if request.user.is_authenticated:
        # Signed in but not allowed into the admin: the admin sent them here; no loop.
        messages.error(request, _("Your account has no access to the administration."))
        return redirect("home")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
