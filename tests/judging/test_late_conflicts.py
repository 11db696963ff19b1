"""A judge's conflict after the fact (issue 12): refused where declining is (round past
scoring, results confirmed, or the judge's review final); organisers may still record it, and
a confirmed round then needs confirming again before publication."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from judging import results, services
from judging.models import (
    Assignment,
    AssignmentStatus,
    ConflictOfInterest,
    Review,
    ReviewStatus,
    Round,
    RoundState,
)
from tests.judging.helpers import english, make_dossier
from tests.judging.organiser_season import judged_season

pytestmark = pytest.mark.django_db

ROUND_CLOSED = (
    "The round is closed: a conflict of interest with this dossier can no longer be declared by "
    "a judge. Tell the organisers, who may record it."
)
REVIEW_FINAL = (
    "You have submitted a final review of this dossier: a conflict of interest can no longer be "
    "declared on it. Tell the organisers, who may record it."
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def state_of(assignment) -> tuple:
    assignment.refresh_from_db()
    return (assignment.status, ConflictOfInterest.objects.count())


@pytest.fixture
def assigned(preliminary, panel, category, judges, organiser):
    dossier = make_dossier(category, 1)
    return services.assignment_create(
        round_=preliminary, dossier=dossier, judge=judges[0], by=organiser
    )


def finalise(assignment) -> None:
    Review.objects.create(
        assignment=assignment, status=ReviewStatus.FINAL, total=70, submitted_at=timezone.now()
    )


def test_a_judge_cannot_declare_a_conflict_once_their_review_is_final(assigned, judges):
    finalise(assigned)
    before = state_of(assigned)
    with pytest.raises(services.JudgingError) as refused:
        services.conflict_declare(
            judge=judges[0], dossier=assigned.dossier, reason="Late", by=judges[0]
        )
    assert str(refused.value.message) == REVIEW_FINAL
    assert state_of(assigned) == before == (AssignmentStatus.ACTIVE, 0)


def test_a_judge_cannot_declare_a_conflict_with_an_applicant_once_the_round_closed(
    assigned, judges, preliminary
):
    Round.objects.filter(pk=preliminary.pk).update(state=RoundState.CLOSED)
    with pytest.raises(services.JudgingError) as refused:
        services.conflict_declare(
            judge=judges[0], applicant=assigned.dossier.applicant, reason="Late", by=judges[0]
        )
    assert str(refused.value.message) == ROUND_CLOSED
    assert state_of(assigned) == (AssignmentStatus.ACTIVE, 0)


def test_declining_is_refused_under_the_same_conditions(assigned, judges):
    finalise(assigned)
    with pytest.raises(services.JudgingError):
        services.assignment_decline(assignment=assigned, reason="Late", by=judges[0])
    assert state_of(assigned) == (AssignmentStatus.ACTIVE, 0)


def test_a_judge_still_declares_a_conflict_while_scoring_is_open(assigned, judges):
    services.conflict_declare(
        judge=judges[0], dossier=assigned.dossier, reason="Cố vấn", by=judges[0]
    )
    assert state_of(assigned) == (AssignmentStatus.CONFLICTED, 1)


def test_the_scoring_page_refuses_a_late_conflict_with_the_reason(client, assigned, judges):
    finalise(assigned)
    client.force_login(judges[0])
    english(client)
    url = reverse("admin:judging_myassignment_conflict", args=[assigned.pk])
    response = client.post(url, {"reason": "Late"}, follow=True)
    assert REVIEW_FINAL in [str(m) for m in response.context["messages"]]
    assert state_of(assigned) == (AssignmentStatus.ACTIVE, 0)


def test_a_judge_cannot_declare_a_conflict_on_a_confirmed_round():
    season = judged_season()
    judge = season.judges[0]
    dossier = season.dossiers["VDA2024-C3-0001"]
    assignment = Assignment.objects.get(round=season.round, judge=judge, dossier=dossier)
    conflicts = ConflictOfInterest.objects.count()
    with pytest.raises(services.JudgingError) as refused:
        services.conflict_declare(judge=judge, dossier=dossier, reason="Late", by=judge)
    assert str(refused.value.message) == ROUND_CLOSED
    assert state_of(assignment) == (AssignmentStatus.ACTIVE, conflicts)
    assert results.verify(season.snapshot).database_matches


def test_an_organisers_late_conflict_is_recorded_and_the_round_needs_confirming_again():
    season = judged_season()
    judge = season.judges[0]
    dossier = season.dossiers["VDA2024-C3-0001"]
    assignment = Assignment.objects.get(round=season.round, judge=judge, dossier=dossier)
    services.conflict_declare(judge=judge, dossier=dossier, reason="Cổ đông", by=season.organiser)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CONFLICTED
    round_ = Round.objects.get(pk=season.round.pk)
    assert round_.needs_reconfirmation
    assert round_.reconfirmation_reason.startswith("Conflict of interest recorded after confirm")
    assert round_.history.latest().history_change_reason == "conflict after confirmation"
    with pytest.raises(services.JudgingError) as refused:
        services.results_publish(round_=round_, by=season.organiser)
    assert "confirm them again" in str(refused.value.message)
