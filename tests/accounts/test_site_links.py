"""Email links follow the address the request came to (or SITE_URL); the portal is named by
its name, never by a host and port."""

import pytest
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.urls import reverse


@pytest.mark.django_db
def test_the_site_is_the_portal():
    site = Site.objects.get_current()
    assert site.name == "Vietnam Digital Awards"


@pytest.mark.django_db
def test_the_verification_email_names_the_portal_and_links_to_the_port_asked(client, mailoutbox):
    cache.clear()
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Anna Schmidt",
            "email": "anna@example.de",
            "phone": "+49 30 12345678",
            "password1": "mot-mat-khau-dai-2024",
            "password2": "mot-mat-khau-dai-2024",
            "consent_dossier_processing": "on",
        },
        HTTP_HOST="127.0.0.1:8203",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    (message,) = mailoutbox
    assert "Hello from Vietnam Digital Awards!" in message.body
    assert "127.0.0.1:8203!" not in message.body
    assert "Hello from 127.0.0.1" not in message.body
    assert "http://127.0.0.1:8203/accounts/confirm-email/" in message.body
    assert "http://127.0.0.1:8000" not in message.body


@pytest.mark.django_db
def test_the_language_chosen_before_signing_in_is_kept_on_the_account(client):
    from django.conf import settings

    from accounts.models import User
    from tests.factories import UserFactory

    user = UserFactory(email="anna@example.de", language="vi")
    user.set_password("annas-passwort-2024")
    user.save()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    client.post(
        reverse("account_login"), {"login": "anna@example.de", "password": "annas-passwort-2024"}
    )
    assert User.objects.get(pk=user.pk).language == "en"
