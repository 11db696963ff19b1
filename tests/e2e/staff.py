"""Signing judges and organisers in, in the browser: the password, then the second factor."""

from __future__ import annotations

from playwright.sync_api import Page

from accounts.demo import enrol_demo_totp
from tests.mfa import totp_code


def pass_second_factor(page: Page) -> None:
    """On allauth's code page after the password: type the authenticator app's current code
    (the demo secret, which `enrol_demo_totp` enrolled)."""
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.locator("input[name=code]").fill(totp_code())
    page.locator("input[name=code]").press("Enter")


def sign_in_staff(page: Page, base_url: str, user, password: str, *, start: str = "/admin/"):
    enrol_demo_totp(user)
    page.goto(base_url + start)  # the admin sends to the site's sign-in
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    pass_second_factor(page)
