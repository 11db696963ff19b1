"""A round's results: confirmed once into a snapshot, then published to applicants by email."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from categories.models import RoundKind
from judging import results, rules
from judging.models import (
    DossierResult,
    ResultSnapshot,
    Round,
    RoundState,
)
from judging.services.base import JudgingError, _save, ensure_allowed
from judging.snapshot import digest
from submissions.mail import queue_email
from submissions.models import Dossier, DossierStatus
from submissions.services import dossiers_publish_outcome


@transaction.atomic
def results_confirm(*, round_: Round, by: User) -> ResultSnapshot:
    """Store the round's results snapshot, each dossier's result and its new status
    (finalist / not selected after the preliminary round; honoree / not selected after the
    final). Confirmed once: the snapshot is what later checks compare against."""
    ensure_allowed(rules.can_manage_round, by)
    round_ = Round.objects.select_for_update().select_related("season").get(pk=round_.pk)
    if round_.state != RoundState.CLOSED:
        raise JudgingError(_("Close the round before confirming its results."))
    if ResultSnapshot.objects.filter(round=round_).exists():
        raise JudgingError(_("The results of this round are already confirmed."))
    payload = results.build_payload(round_)
    snapshot = ResultSnapshot(
        round=round_,
        payload=payload,
        sha256=digest(payload),
        confirmed_by=by,
        confirmed_at=timezone.now(),
    )
    _save(snapshot, by=by, reason="confirmed")
    _write_results(round_, payload, by)
    return snapshot


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


@transaction.atomic
def results_publish(*, round_: Round, by: User) -> int:
    """Tell every applicant of the round their result by email (once: the outbox key)."""
    ensure_allowed(rules.can_manage_round, by)
    snapshot = ResultSnapshot.objects.select_for_update().filter(round=round_).first()
    if snapshot is None:
        raise JudgingError(_("Confirm the results before publishing them."))
    queued = 0
    outcomes = DossierResult.objects.filter(round=round_).select_related(
        "dossier__applicant", "dossier__category", "dossier__season", "round"
    )
    for result in outcomes:
        queued += _queue_result_email(result) is not None
    # From now on applicants see this round's outcome on their pages too.
    dossiers_publish_outcome(dossiers=[result.dossier for result in outcomes], by=by)
    if snapshot.published_at is None:
        snapshot.published_at = timezone.now()
        snapshot.published_by = by
        _save(snapshot, by=by, reason="published")
    return queued


def _queue_result_email(result: DossierResult):
    dossier = result.dossier
    applicant = dossier.applicant
    preliminary = result.round.kind == RoundKind.PRELIMINARY
    won = DossierStatus.FINALIST if preliminary else DossierStatus.HONOREE
    outcome = won.value if result.selected else DossierStatus.NOT_SELECTED.value
    context = {
        "dossier": dossier,
        "applicant": applicant,
        "outcome": outcome,
        "preliminary": preliminary,
        "portal_url": settings.SITE_URL + reverse("home"),
        # The dossier page shows what organisers chose to share of the scores (feedback).
        "dossier_url": settings.SITE_URL + reverse("submissions:dossier", args=[dossier.pk]),
    }
    return queue_email(
        key=f"judging-result:{result.round_id}:{dossier.pk}",
        to=applicant.email,
        template="judging/email/result",
        context=context,
        language=applicant.language,
    )
