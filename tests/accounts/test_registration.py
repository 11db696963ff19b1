import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # allauth's throttles live in the cache


def signup(client, **overrides):
    data = {
        "full_name": "  Phạm   Thu Hà ",
        "email": "Ha.Pham@Example.com",
        "phone": "091 234 5678",
        "password1": "mot-mat-khau-dai-2024",
        "password2": "mot-mat-khau-dai-2024",
        "consent_dossier_processing": "on",
        **overrides,
    }
    return client.post(reverse("account_signup"), data)


@pytest.mark.django_db
def test_signup_creates_an_unverified_applicant_and_sends_the_link(client, mailoutbox):
    response = signup(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert (user.email, user.full_name, user.phone, user.language) == (
        "ha.pham@example.com",
        "Phạm Thu Hà",
        "+84912345678",
        "vi",
    )
    assert list(user.groups.values_list("name", flat=True)) == [Role.APPLICANT]
    assert user.emailaddress_set.get().verified is False
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ha.pham@example.com"]
    assert message.alternatives[0][1] == "text/html"
    assert re.search(r"/accounts/confirm-email/[^/\s]+/", message.body)


@pytest.mark.django_db
def test_verification_is_mandatory_before_signing_in(client, mailoutbox):
    signup(client)
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "ha.pham@example.com", "password": "mot-mat-khau-dai-2024"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_verification_link_confirms_and_lands_on_the_profile(client, mailoutbox):
    signup(client)
    link = re.search(r"(/accounts/confirm-email/[^/\s]+/)", mailoutbox[0].body).group(1)
    assert client.get(link).status_code == 200  # a page with a button: GET confirms nothing
    assert User.objects.get().emailaddress_set.get().verified is False
    response = client.post(link, follow=True)
    assert User.objects.get().emailaddress_set.get().verified is True
    assert response.request["PATH_INFO"] == reverse("submissions:profile")
    assert response.status_code == 200
    assert response.context["user"].email == "ha.pham@example.com"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Nhập số điện thoại Việt Nam"),
        ("full_name", "", "Trường này là bắt buộc."),
    ],
)
def test_signup_errors_are_shown_at_the_field_in_vietnamese(client, field, value, message):
    response = signup(client, **{field: value})
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_signup_page_is_in_english_on_request(client):
    html = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Full name" in html
    assert "A Vietnamese number" in html


@pytest.mark.django_db
def test_axes_locks_out_after_five_failures_and_logs_them(client, django_user_model):
    user = django_user_model.objects.create_user("judge@example.com", "right-password-123")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "right-password-123"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get().failures_since_start >= 5
    assert AccessLog.objects.count() == 0  # no successful login was logged


@pytest.mark.django_db
def test_the_admin_login_takes_no_password_and_sends_to_the_throttled_sign_in(
    client, django_user_model
):
    # The admin's own form is gone (accounts.mfa.views): the site's sign-in, throttled above and
    # with its second factor, is the only way in.
    django_user_model.objects.create_superuser("boss@example.com", "right-password-123")
    response = client.post(
        "/admin/login/", {"username": "boss@example.com", "password": "right-password-123"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_language_choice_is_remembered_on_the_account(client, django_user_model):
    user = django_user_model.objects.create_user("a@example.com", "pw-123456789")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


@pytest.mark.django_db
def test_a_foreign_applicant_signs_up_with_an_international_phone(client):
    response = signup(client, phone="+49 30 12345678", email="anna@example.de")
    assert response.status_code == 302
    assert User.objects.get(email="anna@example.de").phone == "+493012345678"
