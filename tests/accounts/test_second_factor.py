"""Judges, organisers and staff reach nothing without a second factor, whichever way in."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.demo import enrol_demo_totp
from accounts.models import KnownDevice
from accounts.roles import Role
from tests.factories import UserFactory
from tests.mfa import totp_code

PASSWORD = "mot-mat-khau-dai-2024"
pytestmark = [pytest.mark.django_db, pytest.mark.raw_login]


@pytest.fixture(autouse=True)
def _fresh_caches():
    cache.clear()  # allauth's throttles and used TOTP codes live in the cache


def staff(role=Role.JUDGE, **extra):
    user = UserFactory(role=role, is_staff=True, **extra)
    user.set_password(PASSWORD)
    user.save()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def sign_in(client, user, **extra):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, **extra
    )


def admin_pages():
    return ["/admin/", "/admin/judging/myassignment/", "/organisers/"]


@pytest.mark.parametrize("role", [Role.JUDGE, Role.ORGANISER])
def test_site_sign_in_without_a_factor_reaches_only_the_enrolment(client, role):
    user = staff(role)
    response = sign_in(client, user)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    for path in admin_pages():
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, "/accounts/2fa/totp/activate/")
    # allauth asks for the password again before a factor is added (a stolen session cannot).
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"] == (
        "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    assert client.get(response["Location"]).status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()


def test_superuser_without_a_factor_is_sent_to_the_enrolment(client):
    user = staff(role=Role.ORGANISER, is_superuser=True)
    sign_in(client, user)
    response = client.get("/admin/accounts/user/")
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_site_sign_in_of_an_enrolled_judge_asks_the_code_before_anything(client):
    user = staff()
    enrol_demo_totp(user)
    response = sign_in(client, user)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/admin/").status_code == 200


def test_admin_login_page_is_not_a_way_in_and_keeps_next(client):
    user = staff()
    enrol_demo_totp(user)
    response = client.get("/admin/login/?next=/admin/judging/myassignment/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fjudging%2Fmyassignment%2F"
    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session
    # An address elsewhere is not followed.
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_admin_redirects_anonymous_visitors_through_the_site_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [
        ("/admin/login/?next=/admin/", 302),
        ("/accounts/login/?next=%2Fadmin%2F", 302),
    ]


def test_a_session_that_skipped_the_factor_is_signed_out(client):
    user = staff(role=Role.ORGANISER)
    enrol_demo_totp(user)
    client.force_login(user)  # a session made without allauth's sign-in
    response = client.get("/organisers/")
    assert response["Location"] == "/accounts/login/?next=/organisers/"
    assert "_auth_user_id" not in client.session


def test_password_reset_does_not_sign_in_nor_skip_the_factor(client, mailoutbox):
    user = staff()
    enrol_demo_totp(user)
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"(/accounts/password/reset/key/[^\s]+/)", mailoutbox[0].body).group(1)
    response = client.get(link)
    form_url = response["Location"]
    response = client.post(
        form_url, {"password1": "un-mat-khau-moi-2025", "password2": "un-mat-khau-moi-2025"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "un-mat-khau-moi-2025"}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)  # allauth's on-commit steps run inside the request
def test_totp_enrolment_gives_recovery_codes_and_opens_the_admin(client, mailoutbox):
    user = staff(role=Role.ORGANISER)
    sign_in(client, user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": "123456"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes"))
    assert len(codes.get_unused_codes()) == 10
    assert client.get("/organisers/").status_code == 200  # enrolling proved the factor
    assert "[VDA] " in mailoutbox[-1].subject  # the owner is told


def test_a_recovery_code_passes_the_factor_once(client):
    user = staff()
    enrol_demo_totp(user)
    codes = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes"))
    code = codes.get_unused_codes()[0]
    sign_in(client, user)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    sign_in(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_applicants_need_no_factor_but_may_enrol(client):
    user = UserFactory(role=Role.APPLICANT)
    user.set_password(PASSWORD)
    user.save()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    assert sign_in(client, user)["Location"] == reverse("submissions:home")
    assert client.get(reverse("submissions:profile")).status_code == 200
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_staff_see_their_sessions_and_can_end_the_others(client):
    user = staff()
    enrol_demo_totp(user)
    sign_in(client, user)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 200
    assert len(response.context["sessions"]) == 1


@pytest.mark.django_db(transaction=True)
def test_a_sign_in_from_a_new_device_is_mailed(client, mailoutbox):
    user = UserFactory(role=Role.APPLICANT)
    user.set_password(PASSWORD)
    user.save()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    sign_in(client, user, HTTP_USER_AGENT="Firefox/1")
    client.logout()
    sign_in(client, user, HTTP_USER_AGENT="Firefox/1")
    client.logout()
    assert mailoutbox == []  # the first device, then the same one again
    sign_in(client, user, HTTP_USER_AGENT="Chromium/2")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert "Chromium/2" in mailoutbox[0].body
    assert KnownDevice.objects.filter(user=user).count() == 2


def test_the_second_factor_pages_are_in_vietnamese_and_english(client):
    user = staff()
    enrol_demo_totp(user)
    sign_in(client, user)
    vi = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Vui lòng nhập mã từ ứng dụng xác thực" in vi
    en = client.get(reverse("mfa_authenticate"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Please enter an authenticator code" in en.content.decode()


def test_security_keys_are_offered_beside_the_authenticator_app(client):
    user = staff(role=Role.ORGANISER)
    enrol_demo_totp(user)
    sign_in(client, user)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    page = client.get(reverse("mfa_index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Security Keys" in page
    assert "Recovery Codes" in page
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_add_webauthn")).status_code == 200


def test_sign_out_everywhere_ends_the_other_sessions(client):
    user = staff()
    enrol_demo_totp(user)
    other = Client()
    sign_in(other, user)
    other.post(reverse("mfa_authenticate"), {"code": totp_code()})
    cache.clear()  # the same code again, from this browser
    sign_in(client, user)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert other.get("/admin/").status_code == 200
    response = client.post(reverse("usersessions_list"), {"action": "logout"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert other.get("/admin/")["Location"] == "/admin/login/?next=/admin/"
