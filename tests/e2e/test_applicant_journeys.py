"""Applicants' journeys in Chromium: sign up and learn the categories; file and submit."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD, seed_demo_users
from categories.demo import seed_vda_2024
from submissions.demo import demo_pdf, seed_demo_profiles
from submissions.models import Dossier, DossierStatus

pytestmark = pytest.mark.e2e


@pytest.fixture
def open_season(transactional_db):
    cache.clear()
    season = seed_vda_2024(open_now=True)
    seed_demo_users()
    seed_demo_profiles()
    return season


def test_sign_up_verify_fill_the_profile_and_see_the_categories(
    live_server, page: Page, open_season
):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Họ và tên", exact=True).fill("Đỗ Minh Khoa")
    page.get_by_label("Email", exact=True).fill("khoa@example.com")
    page.get_by_label("Điện thoại", exact=True).fill("0987 654 321")
    page.get_by_label("Mật khẩu", exact=True).fill("khoa-mat-khau-2024")
    page.get_by_label("Mật khẩu (nhập lại)", exact=True).fill("khoa-mat-khau-2024")
    page.locator("input[name=consent_dossier_processing]").check()  # the required purpose
    page.get_by_role("button", name="Đăng ký").click()

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", name="Thông tin đơn vị dự thi")).to_be_visible()

    page.get_by_label("Cá nhân", exact=True).check()
    page.get_by_label("Họ và tên", exact=True).fill("Đỗ Minh Khoa")
    page.locator("input[name=vietnamese_citizen][value=true]").check()
    page.get_by_label("Số căn cước công dân (CCCD)", exact=True).fill("001099012345")
    # Required fields' labels end with crispy's "*": select them by name.
    page.locator("select[name=province_code]").select_option("01")
    page.locator("input[name=address]").fill("1 Tràng Tiền, Hoàn Kiếm")
    page.locator("input[name=works_in_ict][value=true]").check()
    page.locator("input[name=phone]").fill("0987654321")
    page.locator("input[name=contact_person]").fill("Đỗ Minh Khoa")

    panel = page.locator("#eligibility-panel")
    expect(panel.locator('[data-category="3"]')).to_have_attribute("data-eligible", "true")
    expect(panel.locator('[data-category="1"] [data-reason="kind_not_allowed"]')).to_be_visible()
    page.get_by_role("button", name="Lưu thông tin").click()

    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    expect(page.locator('[data-category="4"]')).to_have_attribute("data-eligible", "true")
    expect(page.locator('[data-category="5"] [data-reason="not_foreign"]')).to_be_visible()


def test_applicant1_files_a_category_3_dossier_and_sees_the_receipt(
    live_server, page: Page, open_season, tmp_path
):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email", exact=True).fill("applicant1@example.com")
    page.get_by_label("Mật khẩu", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Tạo hồ sơ mới").click()
    page.locator('[data-category="3"]').get_by_role("button").click()

    page.get_by_label("Tên hồ sơ dự thi", exact=True).fill("Trợ lý AI chăm sóc khách hàng")
    page.wait_for_selector("#save-status:has-text('Đã lưu')")  # autosaved while typing
    fields = {
        "Tóm tắt": "Trợ lý ảo trả lời khách hàng bằng tiếng Việt.",
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
    dossier = Dossier.objects.get(title="Trợ lý AI chăm sóc khách hàng")
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.attachments.count() == 3
