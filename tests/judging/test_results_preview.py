"""The preview (one SQL aggregate of the scores) ranks exactly as the snapshot's path does."""

from decimal import Decimal

import pytest

from categories.models import Criterion
from judging import results
from judging.models import Panel, Round
from judging.snapshot import digest, evaluate
from tests.judging.helpers import make_dossier
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
