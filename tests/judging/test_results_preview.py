"""The preview (one SQL aggregate of the scores) ranks exactly as the snapshot's path does."""

from decimal import Decimal

import pytest

from categories.models import Criterion
from judging import results
from judging.models import Panel, Round
from judging.snapshot import digest, evaluate
from submissions.models import Dossier
from tests.judging.helpers import FIRST_SUBMISSION, make_dossier
from tests.judging.test_commands import scored  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def same_results(round_: Round) -> dict:
    round_.refresh_from_db()
    preview = results.preview(round_, with_reviews=True)
    assert preview["results"] == evaluate(results.build_inputs(round_))
    return preview


@pytest.mark.parametrize("trimmed", [False, True])
@pytest.mark.parametrize("normalised", [False, True])
def test_preview_ranks_as_the_full_payload(scored, trimmed, normalised):  # noqa: F811
    Round.objects.filter(pk=scored.pk).update(trimmed_mean=trimmed, rank_by_normalised=normalised)
    preview = same_results(scored)
    decided = {row["decided_by"] for c in preview["results"] for row in c["ranking"]}
    assert decided == ({""} if normalised else {"", "median"})  # raw: a tie broken by the median
    assert {r["total"] for r in preview["reviews"]} >= {"80.00"}


def test_preview_counts_a_weight_changed_after_submission_and_unreviewed_dossiers(
    scored,  # noqa: F811
    category,
):
    criteria = list(Criterion.objects.filter(category=category, round_kind=scored.kind))
    criteria[0].weight += 7
    criteria[1].weight -= 7
    Criterion.objects.bulk_update(criteria[:2], ["weight"])
    make_dossier(category, 4)  # no review: ranked last, without a score
    Panel.objects.filter(round=scored).update(threshold=Decimal("64.00"))
    preview = same_results(scored)
    assert [row["score"] for c in preview["results"] for row in c["ranking"]][-1] is None


def test_preview_falls_back_to_the_decimal_path_for_an_odd_maximum(scored, category):  # noqa: F811
    Criterion.objects.filter(category=category, round_kind=scored.kind).update(
        max_score=Decimal("7.0")
    )
    same_results(scored)


def test_preview_of_a_confirmed_round_ranks_the_snapshot_dossiers(scored, organiser):  # noqa: F811
    from judging import services

    services.round_close(round_=scored, by=organiser)
    snapshot = services.results_confirm(round_=scored, by=organiser)
    assert results.preview(scored)["results"] == snapshot.payload["results"]
    # The hash recomputed bit for bit from the database and from the stored payload.
    ids = results.snapshot_dossier_ids(snapshot.payload)
    from judging.snapshot import with_results

    assert digest(with_results(results.build_inputs(scored, ids))) == snapshot.sha256
    assert digest(snapshot.payload) == snapshot.sha256


def test_the_canonical_hash_of_a_fixed_payload_never_changes():
    payload = {"b": [1, "2.50", None], "a": {"é": True, "z": "Ngô"}, "format": 1}
    assert digest(payload) == EXPECTED


# Computed once by hand from the canonical bytes
# {"a":{"z":"Ngô","é":true},"b":[1,"2.50",null],"format":1}: a change of canonicalisation fails.
EXPECTED = "ae1e6b11af7354bca938003cd16f4e951cc294ee2e6482e13ca4b397d519d57c"


def score_matrix(round_, category, judges, organiser, matrix, *, k: int, first=None) -> None:
    """Dossier n → {judge index: score on every criterion}; assignments without one stay open.
    `first`: dossier numbers sharing one first submission (so the receipt number decides)."""
    from judging import services
    from judging.models import Assignment
    from judging.selectors import round_criteria

    Round.objects.filter(pk=round_.pk).update(judges_per_dossier=k)
    panel = Panel.objects.create(round=round_, category=category)
    panel.judges.set(judges)
    dossiers = {make_dossier(category, n).pk: n for n in matrix}
    shared = [pk for pk, n in dossiers.items() if n in (first or ())]
    Dossier.objects.filter(pk__in=shared).update(first_submitted_at=FIRST_SUBMISSION)
    services.assign_automatically(round_=round_, by=organiser)
    index = {j.pk: i for i, j in enumerate(judges)}
    for assignment in Assignment.objects.filter(round=round_, dossier__in=dossiers):
        value = matrix[dossiers[assignment.dossier_id]].get(index[assignment.judge_id])
        if value is not None:
            services.review_save(
                assignment=assignment,
                values={c.pk: value for c in round_criteria(assignment)},
                comment="",
                by=assignment.judge,
                submit=True,
            )


@pytest.mark.parametrize("trimmed", [False, True])
@pytest.mark.parametrize("normalised", [False, True])
def test_preview_breaks_every_tie_as_the_full_payload(
    preliminary, category, judges, organiser, trimmed, normalised
):
    # d1/d2: same mean and median, 2 vs 3 reviews; d3/d4: first submission decides; d5/d6: the
    # same first submission, the receipt number decides; judges 3 and 4 give one score only
    # (no spread), judge 5 one review only (z = 0 both ways).
    matrix = {
        1: {0: "6", 1: "8"},
        2: {0: "6", 1: "7", 2: "8"},
        3: {0: "5", 1: "5"},
        4: {0: "5", 1: "5"},
        5: {3: "4", 4: "4"},
        6: {3: "4", 4: "4"},
        7: {5: "9"},
    }
    score_matrix(preliminary, category, judges, organiser, matrix, k=6, first=(5, 6))
    Round.objects.filter(pk=preliminary.pk).update(
        trimmed_mean=trimmed, rank_by_normalised=normalised
    )
    preview = same_results(preliminary)
    decided = {row["decided_by"] for c in preview["results"] for row in c["ranking"]}
    if not normalised:
        assert decided == {"", "reviews", "first_submitted_at", "receipt_number"}


def test_preview_trims_five_reviews_but_not_four(preliminary, category, judges, organiser):
    matrix = {
        1: {0: "2", 1: "5", 2: "6", 3: "7", 4: "10"},
        2: {0: "3", 1: "6", 2: "7", 3: "9"},
    }
    score_matrix(preliminary, category, judges, organiser, matrix, k=6)
    Round.objects.filter(pk=preliminary.pk).update(trimmed_mean=True)
    preview = same_results(preliminary)
    raw = {row["receipt_number"]: row["raw"] for c in preview["results"] for row in c["ranking"]}
    assert raw["VDA2024-C3-0001"] == "60.00"  # 50, 60, 70 (20 and 100 dropped)
    assert raw["VDA2024-C3-0002"] == "62.50"  # all four
