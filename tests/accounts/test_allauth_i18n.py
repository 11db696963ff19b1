"""django-allauth in Vietnamese (locale/vendor) and English: Bootstrap forms, HTML emails."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

pytestmark = pytest.mark.django_db

RESET_URL = re.compile(r"http://testserver/accounts/password/reset/key/[0-9a-z]+-[0-9A-Za-z-]+/")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth keeps its throttles (login failures, reset requests) in the cache.
    cache.clear()


def _html(response) -> str:
    """The page with every run of whitespace collapsed to one space."""
    return " ".join(response.content.decode().split())


def _member(email: str = "applicant@example.com", password: str = "Dung-mat-khau-2024"):
    user = get_user_model().objects.create_user(email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_login_page_in_vietnamese_by_default(client):
    response = client.get("/accounts/login/")
    html = _html(response)
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "<title> Đăng nhập · VDA</title>" in html
    assert '<h1 class="h3 mb-3"> Đăng nhập </h1>' in html
    assert '<label class="form-label" for="id_login">Email</label>' in html
    assert '<label class="form-label" for="id_password">Mật khẩu</label>' in html
    assert '<label class="form-check-label" for="id_remember">Ghi nhớ đăng nhập</label>' in html
    assert '<button type="submit" class="btn btn-primary"> Đăng nhập </button>' in html
    assert (
        '<div class="form-text" id="id_password_helptext">'
        '<a href="/accounts/password/reset/">Quên mật khẩu?</a></div>'
    ) in html
    assert (
        'Nếu bạn chưa có tài khoản, vui lòng <a href="/accounts/signup/">đăng ký</a> trước.'
    ) in html
    assert '<div class="col-sm-10 col-md-8 col-lg-6 col-xl-5 allauth-entrance">' in html
    assert "Sign In" not in html
    assert "Password" not in html


def test_login_page_in_english_with_accept_language(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    html = _html(response)
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "<title> Sign In · VDA</title>" in html
    assert '<h1 class="h3 mb-3"> Sign In </h1>' in html
    assert '<label class="form-label" for="id_password">Password</label>' in html
    assert '<button type="submit" class="btn btn-primary"> Sign In </button>' in html
    assert "Đăng nhập" not in html


def test_login_page_in_english_after_switching_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    html = _html(client.get("/accounts/login/"))
    assert '<h1 class="h3 mb-3"> Sign In </h1>' in html
    assert '<label class="form-label" for="id_login">Email</label>' in html
    assert '<label class="form-check-label" for="id_remember">Remember Me</label>' in html
    assert "Mật khẩu" not in html


def test_wrong_password_shows_the_vietnamese_error_in_the_form(client):
    _member()
    response = client.post(
        "/accounts/login/", {"login": "applicant@example.com", "password": "sai-mat-khau"}
    )
    html = _html(response)
    assert response.status_code == 200
    error = (
        '<div class="alert alert-danger" role="alert" id="form_non_field_errors"> '
        '<p class="mb-0">Địa chỉ email hoặc mật khẩu bạn nhập không đúng.</p> </div>'
    )
    assert error in html
    form_start = html.index('<form method="post" action="/accounts/login/"')
    form_end = html.index("</form>", form_start)
    assert form_start < html.index(error) < html.index('id="id_login"') < form_end
    assert "The email address and/or password you specified are not correct." not in html


def test_field_error_is_shown_at_the_field_and_described_by_it(client):
    response = client.post("/accounts/login/", {"login": "applicant@example.com", "password": ""})
    html = _html(response)
    assert response.status_code == 200
    assert (
        '<input type="password" name="password" placeholder="Mật khẩu" '
        'autocomplete="current-password" class="passwordinput form-control is-invalid" required '
        'aria-invalid="true" aria-describedby="id_password_helptext id_password_error" '
        'id="id_password">'
    ) in html
    assert (
        '<div class="invalid-feedback d-block" id="id_password_error"> '
        "<div>Trường này là bắt buộc.</div> </div>"
    ) in html


def test_password_reset_email_in_vietnamese_as_text_and_html(client):
    _member()
    response = client.post("/accounts/password/reset/", {"email": "applicant@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["applicant@example.com"]
    assert message.subject == "[VDA] Đặt lại mật khẩu"
    assert message.body.startswith(
        "Giải thưởng Chuyển đổi số Việt Nam xin gửi lời chào đến bạn!\n\n"
    )
    assert (
        "Bạn nhận được email này vì bạn hoặc một người khác đã yêu cầu đặt lại mật khẩu "
        "cho tài khoản của bạn.\n"
        "Nếu bạn không yêu cầu đặt lại mật khẩu, bạn có thể yên tâm bỏ qua email này. "
        "Hãy nhấn vào liên kết bên dưới để đặt lại mật khẩu."
    ) in message.body
    assert message.body.endswith(
        "Cảm ơn bạn đã sử dụng Giải thưởng Chuyển đổi số Việt Nam!\ntestserver"
    )
    reset_url = RESET_URL.search(message.body).group()
    assert len(message.alternatives) == 1
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="vi">' in html
    assert "<h1>Giải thưởng Chuyển đổi số Việt Nam – VDA</h1>" in html
    assert "<p>Giải thưởng Chuyển đổi số Việt Nam xin gửi lời chào đến bạn!</p>" in html
    assert f'<p><a href="{reset_url}">{reset_url}</a></p>' in html
    assert "Hãy nhấn vào liên kết bên dưới để đặt lại mật khẩu.</p>" in html
    assert "<p>Cảm ơn bạn đã sử dụng Giải thưởng Chuyển đổi số Việt Nam!<br>testserver</p>" in html
    assert "style=" not in html
    assert "<table" not in html


def test_password_reset_email_in_english_as_text_and_html(client):
    _member()
    response = client.post(
        "/accounts/password/reset/",
        {"email": "applicant@example.com"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[VDA] Password Reset Email"
    assert message.body.startswith("Hello from Vietnam Digital Awards!\n\n")
    assert (
        "You're receiving this email because you or someone else has requested a password "
        "reset for your user account."
    ) in message.body
    reset_url = RESET_URL.search(message.body).group()
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    assert "<h1>Vietnam Digital Awards – VDA</h1>" in html
    assert f'<p><a href="{reset_url}">{reset_url}</a></p>' in html
    assert "Đặt lại mật khẩu" not in html


def test_password_reset_for_an_unknown_address_mails_vietnamese_text_and_html(client):
    response = client.post("/accounts/password/reset/", {"email": "stranger@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[VDA] Tài khoản không tồn tại"
    assert (
        "Bạn nhận được email này vì bạn hoặc một người khác đã cố truy cập tài khoản có địa chỉ "
        "email stranger@example.com. Tuy nhiên, hệ thống của chúng tôi không có tài khoản nào "
        "như vậy."
    ) in message.body
    assert message.body.endswith(
        "http://testserver/accounts/signup/\n\n"
        "Cảm ơn bạn đã sử dụng Giải thưởng Chuyển đổi số Việt Nam!\ntestserver"
    )
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert (
        '<p><a href="http://testserver/accounts/signup/">http://testserver/accounts/signup/</a></p>'
    ) in html
    assert "<p>Nếu đó là bạn, bạn có thể đăng ký tài khoản qua liên kết bên dưới.</p>" in html


def test_password_reset_page_in_vietnamese(client):
    html = _html(client.get("/accounts/password/reset/"))
    assert "<title> Đặt lại mật khẩu · VDA</title>" in html
    assert '<label class="form-label" for="id_email">Email</label>' in html
    assert '<button type="submit" class="btn btn-primary"> Đặt lại mật khẩu </button>' in html
