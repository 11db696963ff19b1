"""Reads of consent that pages share."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet

from accounts.models import User
from accounts.privacy.models import Consent, ConsentEvent, ConsentPurpose


def consent_overview(user: User) -> list[dict]:
    """One row per purpose: the current answer (None: never asked) and since when."""
    current = {consent.purpose: consent for consent in Consent.objects.filter(user=user)}
    return [
        {"purpose": purpose, "label": purpose.label, "consent": current.get(purpose)}
        for purpose in ConsentPurpose
    ]


def consent_history(user: User) -> QuerySet[ConsentEvent]:
    return ConsentEvent.objects.filter(user=user).order_by("recorded_at", "id")


def consent_fingerprint(user: User) -> str:
    """SHA-256 of the account's consent record: a printed copy can be checked against it."""
    lines = [
        f"{e.recorded_at.isoformat()}|{e.purpose}|{int(e.granted)}|{e.notice_version}|{e.source}"
        for e in consent_history(user)
    ]
    return hashlib.sha256("\n".join([user.email, *lines]).encode()).hexdigest()
