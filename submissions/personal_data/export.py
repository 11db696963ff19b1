"""Download my data: one ZIP with `data.json` (everything held about the person) and their
uploaded files, built by a task (tasks.build_data_export) with its progress on the request."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core import signing
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import ConsentEvent, DataRequest, DataRequestKind, DataRequestState, User
from accounts.privacy.models import Consent
from accounts.privacy.services import data_request_close, data_request_open, data_request_progress
from submissions.mail import queue_email
from submissions.models import (
    Attachment,
    Dossier,
    DossierMember,
    Nomination,
    OutboundEmail,
    ReminderOptOut,
)
from submissions.personal_data.serialise import row, rows
from submissions.storage import private_storage

FORMAT_VERSION = 1
# The JSON's top-level keys, in order (tests assert them exactly).
EXPORT_KEYS = (
    "format_version",
    "generated_at",
    "account",
    "email_addresses",
    "second_factors",
    "sessions",
    "profile",
    "profile_history",
    "dossiers",
    "consents",
    "consent_history",
    "data_requests",
    "emails",
    "reminder_opt_outs",
    "nominations",
    "dossier_memberships",
    "files",
)
ACCOUNT_FIELDS = frozenset({"password"})
LINK_SECRETS = frozenset({"nonce"})  # what signs a claim or an invitation link
LINK_SALT = "vda.personal-data-export"


def export_request(*, user: User) -> DataRequest:
    """A new export unless one is under way; the task is queued once the request is saved."""
    from submissions.personal_data.tasks import build_data_export  # tasks import this module

    with transaction.atomic():
        open_request = DataRequest.objects.filter(
            user=user,
            kind=DataRequestKind.EXPORT,
            state__in=[DataRequestState.RECEIVED, DataRequestState.IN_PROGRESS],
        ).first()
        if open_request is not None:
            return open_request
        data_request = data_request_open(user=user, kind=DataRequestKind.EXPORT)
        transaction.on_commit(lambda: build_data_export.delay(data_request.pk))
    return data_request


def personal_data(user: User) -> dict[str, Any]:
    """Everything the portal holds about the person, as JSON-ready data (no secrets)."""
    dossiers = Dossier.objects.filter(applicant=user).order_by("pk")
    profile = getattr(user, "applicant_profile", None)
    return {
        "format_version": FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "account": row(user, exclude=ACCOUNT_FIELDS)
        | {"groups": sorted(user.groups.values_list("name", flat=True))},
        "email_addresses": rows(EmailAddress.objects.filter(user=user).order_by("pk")),
        # Which factors are enrolled and when last used; never their secrets.
        "second_factors": list(
            Authenticator.objects.filter(user=user)
            .order_by("pk")
            .values("type", "created_at", "last_used_at")
        ),
        "sessions": list(
            UserSession.objects.filter(user=user).values(
                "ip", "user_agent", "created_at", "last_seen_at"
            )
        ),
        "profile": row(profile) if profile else None,
        "profile_history": rows(profile.history.order_by("history_date")) if profile else [],
        "dossiers": [_dossier(dossier) for dossier in dossiers],
        "consents": rows(Consent.objects.filter(user=user).order_by("purpose")),
        "consent_history": rows(ConsentEvent.objects.filter(user=user).order_by("recorded_at")),
        "data_requests": rows(DataRequest.objects.filter(user=user).order_by("requested_at")),
        "emails": rows(OutboundEmail.objects.filter(to_email__iexact=user.email).order_by("pk")),
        "reminder_opt_outs": rows(ReminderOptOut.objects.filter(user=user).order_by("pk")),
        # Those the person filed, and those of them (by the address they were sent to).
        "nominations": rows(
            Nomination.objects.filter(
                Q(nominator=user) | Q(claimed_by=user) | Q(nominee_email__iexact=user.email)
            ).order_by("pk"),
            exclude=LINK_SECRETS,
        ),
        "dossier_memberships": rows(
            DossierMember.objects.filter(Q(user=user) | Q(email__iexact=user.email)).order_by("pk"),
            exclude=LINK_SECRETS,
        ),
        "files": [_file_entry(a) for a in _attachments(user)],
    }


def _dossier(dossier: Dossier) -> dict[str, Any]:
    return row(dossier) | {
        "history": rows(dossier.history.order_by("history_date")),
        "attachments": rows(dossier.attachments.order_by("pk")),
    }


def _attachments(user: User):
    return Attachment.objects.filter(dossier__applicant=user).order_by("dossier_id", "pk")


def _file_entry(attachment: Attachment) -> dict[str, Any]:
    return {
        "attachment_id": attachment.pk,
        "dossier_id": attachment.dossier_id,
        "path": zip_path(attachment),
        "original_name": attachment.original_name,
        "sha256": attachment.sha256,
        "size": attachment.size,
    }


def zip_path(attachment: Attachment) -> str:
    name = attachment.original_name.replace("/", "_").replace("\\", "_")
    return f"files/dossier-{attachment.dossier_id}/{attachment.pk}-{name}"


def build_export(*, data_request: DataRequest) -> DataRequest:
    """Write the ZIP into the private storage, step by step (progress), then mail the link."""
    user = data_request.user
    data_request_progress(data_request=data_request, progress=5)
    data = personal_data(user)
    attachments = list(_attachments(user))
    storage = private_storage()
    with tempfile.TemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            text = json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
            archive.writestr("data.json", text)
            data_request_progress(data_request=data_request, progress=20)
            for done, attachment in enumerate(attachments, start=1):
                with (
                    storage.open(attachment.file.name, "rb") as source,
                    archive.open(zip_path(attachment), "w", force_zip64=True) as target,
                ):
                    shutil.copyfileobj(source, target, length=1024 * 1024)  # never whole
                data_request_progress(
                    data_request=data_request, progress=20 + 75 * done // len(attachments)
                )
        buffer.seek(0)
        name = storage.save(f"personal-data/{data_request.pk}.zip", File(buffer))
    expires_at = timezone.now() + timedelta(hours=settings.PRIVACY_EXPORT_LINK_HOURS)
    with transaction.atomic():
        data_request = data_request_close(
            data_request=data_request,
            state=DataRequestState.DONE,
            file=name,
            expires_at=expires_at,
        )
        _mail_link(data_request)
    return data_request


def _mail_link(data_request: DataRequest) -> None:
    user = data_request.user
    link = settings.SITE_URL + reverse(
        "submissions:my_data_download", args=[download_token(data_request)]
    )
    queue_email(
        key=f"data-export-{data_request.pk}",
        to=user.email,
        template="submissions/email/data_export_ready",
        context={"link": link, "expires_at": data_request.expires_at},
        language=user.language,
    )


def download_token(data_request: DataRequest) -> str:
    return signing.dumps({"r": data_request.pk, "u": data_request.user_id}, salt=LINK_SALT)


def export_for_token(token: str, user: User) -> DataRequest | None:
    """The export a link names, if the link is genuine, still valid and the user's own."""
    try:
        payload = signing.loads(
            token, salt=LINK_SALT, max_age=settings.PRIVACY_EXPORT_LINK_HOURS * 3600
        )
    except signing.BadSignature:
        return None
    if payload.get("u") != user.pk:
        return None
    data_request = DataRequest.objects.filter(
        pk=payload.get("r"), user=user, kind=DataRequestKind.EXPORT, state=DataRequestState.DONE
    ).first()
    if data_request is None or not data_request.file:
        return None
    if data_request.expires_at is None or data_request.expires_at <= timezone.now():
        return None
    return data_request
