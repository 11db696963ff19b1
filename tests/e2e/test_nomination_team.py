"""A nomination becomes a team's dossier, in Chromium: a nominator nominates, the nominee
claims, invites a colleague, the colleague edits, the owner submits."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD, seed_demo_users
from categories.demo import seed_vda_2024
from submissions.demo import demo_pdf, seed_demo_profiles
from submissions.models import Dossier, DossierStatus, Nomination

pytestmark = pytest.mark.e2e


@pytest.fixture
def open_season(transactional_db):
    cache.clear()
    season = seed_vda_2024(open_now=True)
    seed_demo_users()
    seed_demo_profiles()
    return season


def sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Mật khẩu", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()


def link_in_last_mail(pattern: str) -> str:
    return re.search(pattern, mail.outbox[-1].body).group(0)


def test_nominate_claim_invite_edit_submit(live_server, page: Page, open_season, tmp_path):
    base = live_server.url
    # The nominator (applicant2) nominates An Phát for category 3.
    sign_in(page, base, "applicant2@example.com")
    page.get_by_role("link", name="Đề cử").click()
    category = open_season.categories.get(number=3)
    page.locator("select[name=category]").select_option(str(category.pk))
    page.locator("input[name=nominee_name]").fill("Công ty Cổ phần Công nghệ Số An Phát")
    page.locator("input[name=nominee_email]").fill("applicant1@example.com")
    page.locator("textarea[name=reason]").fill("Trợ lý ảo tiếng Việt phục vụ 50 doanh nghiệp.")
    page.locator("input[name=product_name]").fill("AnPhat Assist")
    page.get_by_role("button", name="Gửi đề cử").click()
    expect(page.locator("[data-state=sent]")).to_have_text("Đã gửi")
    claim = link_in_last_mail(r"/applicant/nominations/claim/[^/\s]+/")

    # The nominee (applicant1) claims it: a draft prefilled and marked "nominated by".
    sign_in(page, base, "applicant1@example.com")
    page.goto(base + claim)
    page.get_by_role("button", name="Nhận đề cử và bắt đầu hồ sơ").click()
    expect(page.locator("[data-nominated-by]")).to_contain_text("applicant2@example.com")
    expect(page.get_by_label("Tên hồ sơ dự thi", exact=True)).to_have_value("AnPhat Assist")
    dossier = Dossier.objects.get(nomination__isnull=False)

    # … and invites a colleague (applicant3) as editor.
    page.locator("#id_invite_email").fill("applicant3@example.com")
    page.locator("#id_invite_role").select_option("editor")
    page.get_by_role("button", name="Mời", exact=True).click()
    expect(page.locator('[data-member="applicant3@example.com"]')).to_contain_text("đã mời")
    join = link_in_last_mail(r"/applicant/team/join/[^/\s]+/")

    # The colleague joins and edits; they cannot submit.
    sign_in(page, base, "applicant3@example.com")
    page.goto(base + join)
    page.get_by_role("button", name="Tham gia nhóm").click()
    fields = {
        "Tên sản phẩm": "AnPhat Assist",
        "Ngày ra mắt": "05/06/2023",
        "Số người dùng hoặc khách hàng": "5000",
        "Người dùng và khách hàng": "50 doanh nghiệp",
        "Công nghệ": "Mô hình ngôn ngữ tiếng Việt",
        "Quyền sở hữu trí tuệ": "Công ty sở hữu toàn bộ",
        "Tác động": "Giảm 30% thời gian chờ",
    }
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.locator("select[name=product_type]").select_option("solution")
    page.locator("select[name=product_field]").select_option("other")
    page.locator("input[name=owns_solution][value=true]").check()
    page.locator("input[name=declaration_true]").check()
    page.locator("input[name=consent_publish]").check()
    expect(page.get_by_role("button", name="Nộp hồ sơ")).to_have_count(0)
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("[data-last-edited-by]")).to_contain_text("applicant3@example.com")

    # The owner uploads the documents and submits.
    sign_in(page, base, "applicant1@example.com")
    page.goto(base + f"/applicant/dossiers/{dossier.pk}/")
    for document in ("application_form", "business_registration", "ip_commitment"):
        pdf = tmp_path / f"{document}.pdf"
        pdf.write_bytes(demo_pdf(document))
        page.locator("select[name=document_type]").select_option(document)
        page.locator("input[type=file]").set_input_files(str(pdf))
        page.get_by_role("button", name="Tải lên").click()
        expect(page.locator("#attachments")).to_contain_text(f"{document}.pdf")
    expect(page.locator("[data-complete=true]")).to_be_visible()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_text(re.compile(r"Số biên nhận: VDA2024-C3-000\d"))).to_be_visible()

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.history.filter(history_user__email="applicant3@example.com").exists()
    assert Nomination.objects.get().state == "claimed"
