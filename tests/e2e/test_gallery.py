"""An anonymous visitor opens the honoree gallery, an honoree's page, searches without
diacritics, and verifies a certificate from its QR code's address."""

import pytest
from playwright.sync_api import Page, expect

from accounts.demo import APPLICANTS, JUDGES, ORGANISER, seed_demo_users
from organisers.certificates import qr_code, verification_path
from organisers.demo import seed_past_season
from organisers.models import Certificate
from submissions.demo import seed_demo_profiles

pytestmark = pytest.mark.e2e


def test_visitor_opens_the_gallery_an_honoree_and_verifies_a_certificate(
    live_server, page: Page, transactional_db, settings
):
    settings.SITE_URL = live_server.url
    users = seed_demo_users()
    seed_demo_profiles()
    seed_past_season(
        users[ORGANISER[0]],
        [users[email] for email, _name in JUDGES[:2]],
        honoree=users[APPLICANTS[0][0]],
    )
    page.goto(live_server.url + "/vinh-danh/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vinh danh Giải thưởng Chuyển đổi số Việt Nam"
    )
    page.get_by_role("link", name="VDA 2023 – Giải thưởng Chuyển đổi số Việt Nam").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("2023")
    expect(
        page.get_by_role("heading", name="Hạng mục 1: Cơ quan nhà nước chuyển đổi số xuất sắc")
    ).to_be_visible()
    expect(page.get_by_text("1 đơn vị được vinh danh đề nghị không nêu tên")).to_be_visible()
    honoree = page.locator("[data-honoree='vda2023-c1-0001'] a")
    name = honoree.inner_text()
    honoree.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator('meta[property="og:title"]')).to_have_attribute(
        "content", f"{name} – được vinh danh tại Giải thưởng Chuyển đổi số Việt Nam 2023"
    )
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Honoree of the Vietnam Digital Awards 2023")).to_be_visible()

    page.goto(live_server.url + "/honorees/")
    page.get_by_label("Search honorees").fill("ho chi minh")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("[data-honoree]")).to_have_count(1)
    expect(page.locator("[data-honoree='vda2023-c1-0001']")).to_be_visible()

    # The certificate's QR code holds its verification address: open it.
    certificate = Certificate.objects.get(dossier__receipt_number="VDA2023-C1-0001")
    url = qr_code(live_server.url + verification_path(certificate.code)).data_list[0].data
    page.goto(url.decode())
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác minh giấy chứng nhận")
    expect(page.get_by_role("status")).to_contain_text("Còn hiệu lực")
    expect(page.get_by_text(name).first).to_be_visible()

    tampered = certificate.code[:-1] + ("X" if certificate.code[-1] != "X" else "Y")
    page.goto(live_server.url + "/xac-minh/" + tampered)
    expect(page.get_by_role("heading", level=1)).to_have_text("Không có giấy chứng nhận này")
