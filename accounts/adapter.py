from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.mfa.devices import note_sign_in
from accounts.privacy.models import ConsentPurpose
from accounts.privacy.services import consents_record_signup
from accounts.roles import Role


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up on the site is an applicant; judges and organisers are invited."""

    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        user.full_name = data.get("full_name", "")
        user.phone = data.get("phone", "")
        user.language = getattr(request, "LANGUAGE_CODE", "vi")
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(Group.objects.get(name=Role.APPLICANT))
            consents_record_signup(user=user, answers=_consent_answers(form))
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # The portal's name in the email's language, and the address the request came to
        # (else SITE_URL): never a bare "127.0.0.1:8203" as the sender's name.
        context = {"current_site": portal_site(allauth_context.request), **context}
        super().send_mail(template_prefix, email, context)

    def login(self, request, user) -> None:
        super().login(request, user)
        _keep_chosen_language(request, user)
        note_sign_in(request=request, user=user)

    def get_login_redirect_url(self, request) -> str:
        user = request.user
        if user.is_staff:
            return reverse("admin:index")
        if user.has_role(Role.APPLICANT):
            return reverse("submissions:home")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request) -> str:
        return reverse("submissions:profile")


@dataclass(frozen=True)
class PortalSite:
    name: str
    domain: str


def portal_site(request) -> PortalSite:
    """What allauth's emails call "the site": the portal by name, at the host asked."""
    domain = request.get_host() if request is not None else urlsplit(settings.SITE_URL).netloc
    return PortalSite(name=str(_("Vietnam Digital Awards")), domain=domain)


def _keep_chosen_language(request, user) -> None:
    """A language chosen with the switch before signing in is kept on the account (the emails
    use it); without a choice, the account's language stays as it was."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in dict(settings.LANGUAGES) and user.language != chosen:
        user.language = chosen
        user.save(update_fields=["language"])


def _consent_answers(form) -> dict[str, bool]:
    data = form.cleaned_data
    return {purpose: bool(data.get(f"consent_{purpose}")) for purpose in ConsentPurpose}


def user_display(user) -> str:
    """How allauth names an account in its pages and emails: the address, never the free-text
    name, so a sign-up cannot make the portal mail someone else's words to any address."""
    return user.email


def axes_username(request, credentials: dict | None) -> str:
    """The email tried: allauth passes it as `email`, the admin login as `username`."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if value is None and request is not None:
        value = request.POST.get("login") or request.POST.get("username")
    return (value or "").strip().lower()
