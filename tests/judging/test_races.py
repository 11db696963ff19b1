"""Two requests at once: assigning the same judge by hand and declaring the same conflict give
one row and no IntegrityError. The race is simulated by the row the other request wrote
between this request's read and its insert."""

import pytest
from django.utils import translation

from judging import services
from judging.assignment import queue_key
from judging.models import Assignment, AssignmentStatus, ConflictOfInterest
from judging.services.base import save_once
from tests.judging.helpers import make_dossier

pytestmark = pytest.mark.django_db


def test_assigning_the_same_judge_twice_gives_one_row(preliminary, category, judges, organiser):
    dossier = make_dossier(category, 1)
    first = services.assignment_create(
        round_=preliminary, dossier=dossier, judge=judges[0], by=organiser
    )
    with translation.override("en"), pytest.raises(services.JudgingError, match="already"):
        services.assignment_create(
            round_=preliminary, dossier=dossier, judge=judges[0], by=organiser
        )
    assert list(Assignment.objects.values_list("pk", "status")) == [
        (first.pk, AssignmentStatus.ACTIVE)
    ]


def test_an_assignment_inserted_meanwhile_is_returned_not_a_500(
    preliminary, category, judges, organiser
):
    dossier = make_dossier(category, 1)
    pair = {"round": preliminary, "dossier": dossier, "judge": judges[0]}
    key = queue_key(preliminary.assignment_seed, judges[0].pk, dossier.pk)
    theirs = Assignment.objects.create(queue_key=key, **pair)  # the other request's insert
    ours = Assignment(status=AssignmentStatus.ACTIVE, queue_key=key, **pair)
    assert save_once(ours, by=organiser, reason="assigned by hand", **pair) == theirs
    assert Assignment.objects.count() == 1


def test_declaring_the_same_conflict_twice_gives_one_row(category, judges):
    dossier = make_dossier(category, 1)
    first = services.conflict_declare(judge=judges[0], dossier=dossier, reason="A", by=judges[0])
    again = services.conflict_declare(judge=judges[0], dossier=dossier, reason="B", by=judges[0])
    assert again.pk == first.pk
    assert list(ConflictOfInterest.objects.values_list("pk", "reason")) == [(first.pk, "A")]


def test_a_conflict_inserted_meanwhile_is_returned_not_a_500(category, judges):
    dossier = make_dossier(category, 1)
    theirs = ConflictOfInterest.objects.create(
        judge=judges[0], dossier=dossier, reason="A", declared_by=judges[0]
    )
    ours = ConflictOfInterest(judge=judges[0], dossier=dossier, reason="B", declared_by=judges[0])
    saved = save_once(ours, by=judges[0], reason="declared", judge=judges[0], dossier=dossier)
    assert saved == theirs
    assert list(ConflictOfInterest.objects.values_list("pk", "reason")) == [(theirs.pk, "A")]
