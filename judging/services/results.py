"""A round's results: confirmed once into a snapshot, then published to applicants by email."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from categories.models import RoundKind, SeasonState
from judging import results, rules
from judging.models import (
    DossierResult,
    ResultSnapshot,
    Round,
    RoundPublication,
    RoundState,
    RoundUnconfirmation,
)
from judging.selectors import is_confirmed
from judging.services.base import JudgingError, _save, ensure_allowed
from judging.services.printed_names import printed_names_freeze
from judging.services.rounds import ROUNDS_RUN_IN
from judging.services.seasons import ensure_season, season_advance, season_back_to_judging
from judging.services.verification import ensure_honours_verified
from judging.snapshot import digest
from submissions.mail import queue_email, render_email
from submissions.models import Dossier, DossierStatus
from submissions.services import dossiers_publish_outcome


@transaction.atomic
def results_confirm(*, round_: Round, by: User) -> ResultSnapshot:
    """Store the round's results snapshot, each dossier's result and its new status
    (finalist / not selected after the preliminary round; honoree / not selected after the
    final). Confirmed once: the snapshot is what later checks compare against."""
    ensure_allowed(rules.can_manage_round, by)
    round_ = Round.objects.select_for_update().select_related("season").get(pk=round_.pk)
    if is_confirmed(round_):
        raise JudgingError(_("The results of this round are already confirmed."))
    if round_.state != RoundState.CLOSED:
        raise JudgingError(_("Close the round before confirming its results."))
    ensure_season(round_.season, ROUNDS_RUN_IN)
    payload = results.build_payload(round_)
    if round_.kind == RoundKind.FINAL:  # honours need their site verification (or an override)
        ensure_honours_verified(
            row["dossier"] for c in payload["results"] for row in c["ranking"] if row["selected"]
        )
    snapshot = ResultSnapshot(
        round=round_,
        payload=payload,
        sha256=digest(payload),
        confirmed_by=by,
        confirmed_at=timezone.now(),
    )
    _save(snapshot, by=by, reason="confirmed")
    _write_results(round_, payload, by)
    printed_names_freeze(snapshot=snapshot, by=by)
    if round_.needs_reconfirmation:  # the new confirmation includes what changed
        round_.reconfirmation_reason = ""
        _save(round_, by=by, reason="confirmed again")
    if round_.kind == RoundKind.FINAL:
        season_advance(season=round_.season, to=SeasonState.CONFIRMED, by=by)
    return snapshot


@transaction.atomic
def results_unconfirm(*, round_: Round, by: User, reason: str) -> RoundUnconfirmation:
    """A superuser takes back a round's confirmation, with a reason, before it is published:
    the snapshot and the results go (their history stays), the dossiers return to where they
    were before it (in review; finalists for the final), and the round stays closed for a new
    confirmation. It never reopens to judges: they have seen each other's scores."""
    if by is None or not by.is_superuser:
        raise JudgingError(_("Only a superuser may unconfirm results."))
    if not reason.strip():
        raise JudgingError(_("Please give a reason."))
    round_ = Round.objects.select_for_update().select_related("season").get(pk=round_.pk)
    snapshot = ResultSnapshot.objects.select_for_update().filter(round=round_).first()
    if snapshot is None:
        raise JudgingError(_("The results of this round are not confirmed."))
    if RoundPublication.objects.filter(round=round_).exists():
        raise JudgingError(_("The results of this round are published; they stay confirmed."))
    if round_.season.state == SeasonState.ARCHIVED:
        raise JudgingError(_("The season is archived: nothing in it changes."))
    if round_.kind == RoundKind.PRELIMINARY:
        final = Round.objects.filter(season=round_.season, kind=RoundKind.FINAL).first()
        if final is not None and final.state != RoundState.NOT_STARTED:
            raise JudgingError(_("The final round has started: the preliminary results stay."))
    record = RoundUnconfirmation.objects.create(
        round=round_, by=by, at=timezone.now(), reason=reason.strip(), sha256=snapshot.sha256
    )
    before = (
        DossierStatus.IN_REVIEW
        if round_.kind == RoundKind.PRELIMINARY
        else (DossierStatus.FINALIST)
    )
    for result in DossierResult.objects.filter(round=round_).select_related("dossier"):
        result.dossier.status = before
        _save(result.dossier, by=by, reason=f"{round_.kind} results unconfirmed")
        result._history_user = by
        result._change_reason = "results unconfirmed"
        result.delete()
    snapshot._history_user = by
    snapshot._change_reason = f"unconfirmed: {reason.strip()}"[:100]
    try:
        with transaction.atomic():
            snapshot.delete()
    except ProtectedError:
        # Lists exported from these results name this snapshot: the record must stay true.
        raise JudgingError(
            _("Lists were exported from these results: their confirmation stays.")
        ) from None
    if round_.kind == RoundKind.FINAL:
        season_back_to_judging(season=round_.season, by=by)
    return record


def _write_results(round_: Round, payload: dict, by: User) -> None:
    won = DossierStatus.FINALIST if round_.kind == RoundKind.PRELIMINARY else DossierStatus.HONOREE
    rows = [row for category in payload["results"] for row in category["ranking"]]
    dossiers = Dossier.objects.in_bulk([row["dossier"] for row in rows])
    objs = []
    for row in rows:
        objs.append(
            DossierResult(
                round=round_,
                dossier_id=row["dossier"],
                rank=row["rank"],
                score=row["score"],
                raw_score=row["raw"],
                normalised_score=row["normalised"],
                median=row["median"],
                review_count=row["reviews"],
                disagreement=row["disagreement"],
                selected=row["selected"],
                tie_note=row["decided_by"],
            )
        )
        dossier = dossiers[row["dossier"]]
        dossier.status = won if row["selected"] else DossierStatus.NOT_SELECTED
        _save(dossier, by=by, reason=f"{round_.kind} results confirmed")
    bulk_create_with_history(
        objs, DossierResult, default_user=by, default_change_reason="results confirmed"
    )


def publication_refusal(round_: Round) -> str | None:
    """Why the round's results cannot be published now, or None. Once per round, in order:
    the preliminary round's before the final's, never a preliminary one after the final's."""
    if not is_confirmed(round_):
        return str(_("Confirm the results before publishing them."))
    if RoundPublication.objects.filter(round=round_).exists():
        return str(_("The results of this round are already published."))
    if round_.needs_reconfirmation:
        return str(
            _(
                "Something changed after these results were confirmed: a superuser must "
                "unconfirm them, then confirm them again."
            )
        )
    if round_.season.state == SeasonState.ARCHIVED:
        return str(_("The season is archived: nothing in it changes."))
    others = Round.objects.filter(season=round_.season_id).exclude(pk=round_.pk)
    if round_.kind == RoundKind.PRELIMINARY:
        if RoundPublication.objects.filter(round__in=others, round__kind=RoundKind.FINAL).exists():
            return str(
                _("The final results are already published: the preliminary ones no longer can be.")
            )
    else:
        preliminary = others.filter(kind=RoundKind.PRELIMINARY).first()
        if preliminary and not RoundPublication.objects.filter(round=preliminary).exists():
            return str(_("Publish the preliminary results first."))
    return None


def _outcomes(round_: Round):
    return (
        DossierResult.objects.filter(round=round_)
        .select_related(
            "dossier__applicant", "dossier__category", "dossier__season", "round__season"
        )
        .order_by("dossier__receipt_number")
    )


@dataclass
class PublicationPreview:
    """Who will be told what: counts per outcome, and the exact email of each outcome in each
    language (rendered for the first applicant with that outcome)."""

    round: Round
    refusal: str | None
    counts: dict[str, int] = field(default_factory=dict)  # outcome -> people
    emails: list[dict] = field(default_factory=list)  # outcome, label, language, subject, text
    recipients: int = 0


def publication_preview(*, round_: Round) -> PublicationPreview:
    preview = PublicationPreview(round=round_, refusal=publication_refusal(round_))
    examples = {}
    for result in _outcomes(round_):
        outcome = _outcome(result)
        preview.counts[outcome] = preview.counts.get(outcome, 0) + 1
        examples.setdefault(outcome, result)
    preview.recipients = sum(preview.counts.values())
    for outcome, result in examples.items():
        for language, _name in settings.LANGUAGES:
            rendered = render_email(
                template=RESULT_TEMPLATE, context=_context(result), language=language
            )
            preview.emails.append(
                {
                    "outcome": outcome,
                    "label": DossierStatus(outcome).label,
                    "language": language,
                    "subject": rendered.subject,
                    "text": rendered.text,
                }
            )
    return preview


@transaction.atomic
def results_publish(*, round_: Round, by: User) -> int:
    """Tell every applicant of the round their result by email, once per round (a unique
    RoundPublication: a double click publishes once, the second is refused)."""
    ensure_allowed(rules.can_manage_round, by)
    round_ = Round.objects.select_for_update().select_related("season").get(pk=round_.pk)
    snapshot = ResultSnapshot.objects.select_for_update().filter(round=round_).first()
    refused = publication_refusal(round_)
    if refused:
        raise JudgingError(refused)
    publication = RoundPublication(
        round=round_, published_by=by, published_at=timezone.now(), recipients=0
    )
    try:
        with transaction.atomic():
            _save(publication, by=by, reason="published")
    except IntegrityError:
        raise JudgingError(_("The results of this round are already published.")) from None
    outcomes = list(_outcomes(round_))
    queued = sum(_queue_result_email(result) is not None for result in outcomes)
    # From now on applicants see this round's outcome on their pages too.
    dossiers_publish_outcome(dossiers=[result.dossier for result in outcomes], by=by)
    publication.recipients = queued
    _save(publication, by=by, reason="emails queued")
    snapshot.published_at = publication.published_at
    snapshot.published_by = by
    _save(snapshot, by=by, reason="published")
    if round_.kind == RoundKind.FINAL:
        season_advance(season=round_.season, to=SeasonState.PUBLISHED, by=by)
    return queued


RESULT_TEMPLATE = "judging/email/result"


def _outcome(result: DossierResult) -> str:
    preliminary = result.round.kind == RoundKind.PRELIMINARY
    won = DossierStatus.FINALIST if preliminary else DossierStatus.HONOREE
    return won.value if result.selected else DossierStatus.NOT_SELECTED.value


def _context(result: DossierResult) -> dict:
    return {
        "dossier": result.dossier,
        "applicant": result.dossier.applicant,
        "outcome": _outcome(result),
        "preliminary": result.round.kind == RoundKind.PRELIMINARY,
        "portal_url": settings.SITE_URL + reverse("home"),
        # The dossier page shows what organisers chose to share of the scores (feedback).
        "dossier_url": settings.SITE_URL + reverse("submissions:dossier", args=[result.dossier_id]),
    }


def _queue_result_email(result: DossierResult):
    applicant = result.dossier.applicant
    return queue_email(
        key=f"judging-result:{result.round_id}:{result.dossier_id}",
        to=applicant.email,
        template=RESULT_TEMPLATE,
        context=_context(result),
        language=applicant.language,
    )
