"""An organiser without a second factor enrols an authenticator app in Chromium and reaches the
dashboard only once the code is typed."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.judging.organiser_season import PASSWORD, judged_season
from tests.mfa import totp_code

pytestmark = pytest.mark.e2e


def test_organiser_enrols_totp_and_reaches_the_dashboard_only_after_the_code(
    live_server, page: Page, transactional_db
):
    cache.clear()
    organiser = judged_season().organiser
    EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True, primary=True)
    page.context.add_cookies([{"name": "vda_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/organisers/")
    page.locator("input[name=login]").fill(organiser.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")

    # The password alone opens nothing: allauth asks it once more, then the enrolment.
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    page.goto(live_server.url + "/organisers/")
    expect(page).to_have_url(live_server.url + "/accounts/2fa/totp/activate/")
    expect(page.get_by_text("set up an authenticator app before you continue")).to_be_visible()

    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    assert Authenticator.objects.filter(user=organiser, type="totp").count() == 1

    page.goto(live_server.url + "/organisers/")
    expect(page).to_have_url(live_server.url + "/organisers/")
    expect(page.locator("svg.chart-svg[role=img]").first).to_be_visible()
