"""Sign-up cannot be used to mail someone else's words to any address."""

import pytest
from django.core.cache import cache
from django.urls import reverse


@pytest.mark.django_db
def test_the_verification_email_does_not_print_the_free_text_name(client, mailoutbox):
    cache.clear()
    pitch = "Win a prize at https://evil.example now"
    client.post(
        reverse("account_signup"),
        {
            "full_name": pitch,
            "email": "victim@example.com",
            "phone": "0912345678",
            "password1": "mot-mat-khau-dai-2024",
            "password2": "mot-mat-khau-dai-2024",
            "consent_dossier_processing": "on",
        },
    )
    (message,) = mailoutbox
    assert message.to == ["victim@example.com"]
    assert pitch not in message.subject
    assert pitch not in message.body
    assert pitch not in message.alternatives[0][0]
    assert "evil.example" not in message.body
    assert "victim@example.com" in message.body
