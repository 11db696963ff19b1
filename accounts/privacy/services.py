"""Writes of consent and data-subject requests: one function per change, atomic."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.privacy.models import (
    Consent,
    ConsentEvent,
    ConsentPurpose,
    ConsentSource,
    DataRequest,
    DataRequestKind,
    DataRequestState,
)
from accounts.privacy.notice import CURRENT_NOTICE_VERSION

# Publication as an honoree is one consent, also declared on each dossier: the dossiers follow
# the account's answer. Submissions registers its follower in its AppConfig.ready() (accounts
# may not import submissions).
PublicationFollower = Callable[[User, bool], None]
publication_followers: list[PublicationFollower] = []


@transaction.atomic
def consent_set(
    *,
    user: User,
    purpose: ConsentPurpose,
    granted: bool,
    source: ConsentSource,
    version: str = CURRENT_NOTICE_VERSION,
    at: datetime | None = None,
) -> ConsentEvent | None:
    """Record a consent or a withdrawal; None (nothing recorded) when the answer is unchanged."""
    at = at or timezone.now()
    current = Consent.objects.select_for_update().filter(user=user, purpose=purpose).first()
    if current is not None and current.granted == granted and current.notice_version == version:
        return None
    Consent.objects.update_or_create(
        user=user,
        purpose=purpose,
        defaults={"granted": granted, "notice_version": version, "updated_at": at},
    )
    event = ConsentEvent.objects.create(
        user=user,
        purpose=purpose,
        granted=granted,
        notice_version=version,
        source=source,
        recorded_at=at,
    )
    if purpose == ConsentPurpose.HONOREE_PUBLICATION:
        for follow in publication_followers:
            follow(user, granted)
    return event


@transaction.atomic
def consents_record_signup(*, user: User, answers: dict[str, bool]) -> list[ConsentEvent]:
    """Every purpose is answered at sign-up, given or not, under the notice in force."""
    events = []
    for purpose in ConsentPurpose:
        event = consent_set(
            user=user,
            purpose=purpose,
            granted=bool(answers.get(purpose)),
            source=ConsentSource.SIGNUP,
        )
        if event is not None:
            events.append(event)
    return events


def has_consent(user: User, purpose: ConsentPurpose) -> bool:
    return Consent.objects.filter(user=user, purpose=purpose, granted=True).exists()


def request_due_at(kind: DataRequestKind, at: datetime) -> datetime:
    return at + timedelta(hours=settings.PRIVACY_REQUEST_DUE_HOURS[kind])


@transaction.atomic
def data_request_open(
    *, user: User, kind: DataRequestKind, at: datetime | None = None
) -> DataRequest:
    at = at or timezone.now()
    return DataRequest.objects.create(
        user=user, kind=kind, requested_at=at, due_at=request_due_at(kind, at)
    )


@transaction.atomic
def data_request_progress(*, data_request: DataRequest, progress: int) -> None:
    DataRequest.objects.filter(pk=data_request.pk).update(
        state=DataRequestState.IN_PROGRESS, progress=max(0, min(progress, 99))
    )


@transaction.atomic
def data_request_close(
    *,
    data_request: DataRequest,
    state: DataRequestState,
    reason: str = "",
    file: str = "",
    expires_at: datetime | None = None,
) -> DataRequest:
    data_request.state = state
    data_request.reason = reason
    data_request.file = file
    data_request.expires_at = expires_at
    data_request.completed_at = timezone.now()
    data_request.progress = 100 if state == DataRequestState.DONE else data_request.progress
    data_request.save(
        update_fields=["state", "reason", "file", "expires_at", "completed_at", "progress"]
    )
    return data_request
