"""The client's address behind the proxy (TRUSTED_PROXY_COUNT): one rule for axes and allauth."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from vda_portal.proxy import client_ip

RIGHT = "right-password-123"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "127.0.0.1"),  # no trusted proxy: the header is anyone's
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "10.9.9.9, 203.0.113.5", "203.0.113.5"),  # what the client wrote is on the left
        (2, "10.9.9.9, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "", "127.0.0.1"),
        (1, "not-an-address", None),
    ],
)
def test_the_client_is_the_address_the_first_trusted_proxy_saw(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_settings_give_allauth_and_axes_the_same_count(settings):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT == 0
    assert settings.AXES_CLIENT_IP_CALLABLE == "vda_portal.proxy.client_ip"


@pytest.mark.django_db
def test_five_wrong_passwords_from_one_forwarded_address_lock_that_address_only(
    client, settings, django_user_model
):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    cache.clear()  # allauth's throttles
    user = django_user_model.objects.create_user("khoa@example.com", RIGHT)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)

    def sign_in(address: str, password: str):
        return client.post(
            reverse("account_login"),
            {"login": user.email, "password": password},
            REMOTE_ADDR="127.0.0.1",  # every request comes from the proxy
            HTTP_X_FORWARDED_FOR=f"10.9.9.9, {address}",
        )

    statuses = [sign_in("203.0.113.5", "wrong").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert sign_in("203.0.113.5", RIGHT).status_code == 429
    attempt = AccessAttempt.objects.get()
    # The attempt refused while locked counts too.
    assert (attempt.ip_address, attempt.failures_since_start) == ("203.0.113.5", 6)

    assert sign_in("198.51.100.9", RIGHT).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
