"""A sign-in from a browser this account has not used before emails its owner.

A device is the browser's user-agent string, stored hashed; the first sign-in of an account
only records its device (the account was just made there)."""

from __future__ import annotations

import hashlib

from allauth.account.adapter import get_adapter
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import KnownDevice, User


def device_fingerprint(user_agent: str) -> str:
    return hashlib.sha256(user_agent.encode("utf-8", "replace")).hexdigest()


@transaction.atomic
def note_sign_in(*, request: HttpRequest, user: User) -> bool:
    """Record the device; True (and an email on commit) when it is new for a known account."""
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:500]
    fingerprint = device_fingerprint(user_agent)
    had_devices = KnownDevice.objects.filter(user=user).exists()
    device, created = KnownDevice.objects.get_or_create(
        user=user, fingerprint=fingerprint, defaults={"user_agent": user_agent}
    )
    if not created:
        KnownDevice.objects.filter(pk=device.pk).update(last_seen_at=timezone.now())
        return False
    if not had_devices:
        return False
    adapter = get_adapter(request)
    transaction.on_commit(lambda: adapter.send_notification_mail("account/email/new_device", user))
    return True
