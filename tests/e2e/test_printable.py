"""An applicant prints their submitted dossier with its receipt, and the application form to
sign, from the dossier page in Chromium."""

import io
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from accounts.demo import DEMO_PASSWORD, seed_demo_users
from categories.demo import seed_vda_2024
from submissions.demo import seed_demo_dossiers, seed_demo_profiles
from submissions.models import Dossier

pytestmark = pytest.mark.e2e


def text_of(download) -> str:
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_applicant_downloads_the_dossier_with_its_receipt_and_the_form_to_sign(
    live_server, page: Page, transactional_db
):
    cache.clear()
    season = seed_vda_2024(open_now=True)
    seed_demo_users()
    seed_demo_profiles()
    seed_demo_dossiers(season)
    dossier = Dossier.objects.get(
        applicant__email="applicant1@example.com", receipt_number__isnull=False
    )
    page.context.add_cookies([{"name": "vda_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill("applicant1@example.com")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(f"{live_server.url}/applicant/dossiers/{dossier.pk}/")
    with page.expect_download() as receipt:
        page.get_by_role("link", name="Dossier with its receipt (PDF)").click()
    assert receipt.value.suggested_filename == f"{dossier.receipt_number}.pdf"
    text = text_of(receipt.value)
    assert f"Receipt number: {dossier.receipt_number}" in text
    for attachment in dossier.attachments.all():
        assert attachment.sha256 in text.replace(" ", "")

    with page.expect_download() as form:
        page.get_by_role("link", name="Application form to print, sign and upload (PDF)").click()
    text = text_of(form.value)
    assert "APPLICATION FORM" in text
    assert dossier.title in text
    expect(page.get_by_role("heading", level=1)).to_be_visible()
