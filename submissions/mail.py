"""Emails through the transactional outbox (see OutboundEmail)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from submissions.models import OutboundEmail, OutboundEmailStatus

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = 300  # OutboundEmail.subject


@dataclass(frozen=True, slots=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_email(*, template: str, context: dict, language: str) -> RenderedEmail:
    """The one rendering of an email: `<template>_subject.txt`, `_message.txt` and
    `_message.html` in `language`. The subject is one line, at most 300 characters."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}_message.txt", context)
        html = render_to_string(f"{template}_message.html", context)
    return RenderedEmail(" ".join(subject.split())[:SUBJECT_MAX_LENGTH], text, html)


def queue_email(
    *,
    key: str,
    to: str,
    template: str,
    context: dict,
    language: str,
    attachments: list[dict] | None = None,
) -> OutboundEmail | None:
    """Write the email into the outbox inside the current transaction; deliver after commit.

    `template` names `<template>_subject.txt`, `_message.txt` and `_message.html`. Returns
    None when an email with this key already exists: the key is what makes it exactly once.
    `attachments` name files rendered at delivery (`ATTACHMENT_RENDERERS`).
    """
    rendered = render_email(template=template, context=context, language=language)
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                key=key,
                to_email=to,
                subject=rendered.subject,
                text_body=rendered.text,
                html_body=rendered.html,
                attachments=attachments or [],
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: enqueue_delivery(email.pk))
    return email


def enqueue_delivery(email_id: int) -> None:
    # Breaks a real cycle: submissions.tasks imports this module.
    from submissions.tasks import deliver_email

    try:
        deliver_email.delay(email_id)
    except Exception:  # broker down: the row stays pending and the periodic sweep sends it
        logger.warning("Could not enqueue email %s; the outbox sweep will send it", email_id)


def deliver(email_id: int) -> bool:
    """Send one outbox email unless it was sent already. Returns True when it sent now.

    The row is locked while sending so that two workers never send the same email. An SMTP
    error is recorded on the row (after the lock's transaction, so that the record survives)
    and re-raised for the task to retry with backoff.
    """
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status in (OutboundEmailStatus.SENT, OutboundEmailStatus.EXPIRED):
            return False
        if email.expires_at and timezone.now() >= email.expires_at:
            email.status = OutboundEmailStatus.EXPIRED
            email.save(update_fields=["status"])
            return False
        try:
            _message(email).send()
        except Exception as error:
            failure = error
        else:
            email.status = OutboundEmailStatus.SENT
            email.sent_at = timezone.now()
            email.attempts += 1
            email.last_error = ""
            email.save(update_fields=["status", "sent_at", "attempts", "last_error"])
            return True
    OutboundEmail.objects.filter(pk=email_id).update(
        attempts=F("attempts") + 1, last_error=f"{type(failure).__name__}: {failure}"[:2000]
    )
    raise failure


def _message(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        email.subject, email.text_body, to=[email.to_email], headers=email.headers or None
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    for spec in email.attachments or []:
        filename, content, mimetype = ATTACHMENT_RENDERERS[spec["kind"]](spec)
        message.attach(filename, content, mimetype)
    return message


def _dossier_receipt(spec: dict) -> tuple[str, bytes, str]:
    """The dossier PDF as received, in the recipient's language: the confirmation's receipt."""
    # Imported here: WeasyPrint loads only when an email carries a PDF.
    from submissions.printable import dossier_pdf, dossier_pdf_filename
    from submissions.selectors import dossier_with_relations

    dossier = dossier_with_relations(spec["dossier"])
    if dossier is None:
        raise LookupError(f"dossier {spec['dossier']} is gone")
    with translation.override(spec.get("language") or None):
        return dossier_pdf_filename(dossier), dossier_pdf(dossier), "application/pdf"


# kind → renderer(spec) returning (filename, bytes, MIME type).
ATTACHMENT_RENDERERS = {"dossier_receipt": _dossier_receipt}


def mark_failed(email_id: int, error: str) -> None:
    OutboundEmail.objects.filter(pk=email_id).exclude(status=OutboundEmailStatus.SENT).update(
        status=OutboundEmailStatus.FAILED, last_error=error[:2000]
    )
