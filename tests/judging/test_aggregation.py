"""Aggregation on fixed scores, with exact expected values (pure; no database)."""

from decimal import Decimal as D

from judging.aggregation import (
    Entry,
    ReviewTotal,
    aggregate,
    judge_z_scores,
    rank,
    review_total,
    select,
)
from judging.snapshot import canonical_json, digest, evaluate, with_results


def totals(*rows):
    """ReviewTotal from (judge, dossier, total) rows."""
    return [ReviewTotal(j, d, D(t)) for j, d, t in rows]


def entry(dossier, minute=0, receipt=None):
    return Entry(dossier, receipt or f"VDA2024-C3-{dossier:04d}", f"2024-06-01T02:{minute:02d}:00")


def test_review_total_is_the_weighted_sum_over_ten():
    scores = [
        (20, D("8"), D(10)),
        (20, D("7.5"), D(10)),
        (15, D("6"), D(10)),
        (30, D("9"), D(10)),
        (15, D("5"), D(10)),
    ]
    assert review_total(scores) == D("74.50")  # 16 + 15 + 9 + 27 + 7.5
    assert review_total([(100, D(10), D(10))]) == D("100.00")
    assert review_total([(15, D("0.5"), D(10)), (85, D(0), D(10))]) == D("0.75")


def test_mean_is_rounded_half_up_to_two_decimals():
    result = aggregate(totals((1, 1, "70.25"), (2, 1, "80.50")), trim=False)[1]
    assert result.raw == D("75.38")  # 75.375
    assert result.median == D("75.38")
    assert result.reviews == 2


def test_trimmed_mean_drops_highest_and_lowest_from_five_reviews():
    rows = totals(*((j, 1, t) for j, t in enumerate(["50", "60", "70", "80", "100"], start=1)))
    assert aggregate(rows, trim=False)[1].raw == D("72.00")
    assert aggregate(rows, trim=True)[1].raw == D("70.00")
    four = rows[:4]
    assert aggregate(four, trim=True)[1].raw == D("65.00")  # fewer than five: plain mean


def test_normalisation_per_judge_with_zero_for_a_single_review_or_no_spread():
    rows = totals(
        (1, 1, "60"),
        (1, 2, "80"),  # judge 1: mean 70, sd 10 → z = −1, +1
        (2, 1, "50"),
        (2, 2, "50"),  # judge 2: sd 0 → z = 0
        (3, 1, "90"),  # judge 3: one review → z = 0
    )
    z = judge_z_scores(rows)
    assert z == {(1, 1): D(-1), (1, 2): D(1), (2, 1): D(0), (2, 2): D(0), (3, 1): D(0)}
    result = aggregate(rows, trim=False)
    # dossier 1: normalised reviews 40, 50, 50 → 46.67; raw (60 + 50 + 90) / 3 = 66.67
    assert (result[1].raw, result[1].normalised) == (D("66.67"), D("46.67"))
    # dossier 2: normalised 60, 50 → 55; raw 65
    assert (result[2].raw, result[2].normalised) == (D("65.00"), D("55.00"))


def test_normalisation_uses_the_population_sd_and_clips_to_0_100():
    rows = totals((1, 1, "10"), *((1, d, "90") for d in range(2, 6)))
    # mean 74, population sd sqrt((64² + 4·16²) / 5) = 32 → z(10) = −2, z(90) = 0.5
    result = aggregate(rows, trim=False)
    assert result[1].normalised == D("30.00")
    assert result[2].normalised == D("55.00")
    outlier = totals(*((1, d, "0") for d in range(1, 37)), (1, 99, "100"))
    # one 100 among 36 zeros: z = sqrt(36) = 6 → 50 + 60 = 110, clipped to 100
    clipped = aggregate(outlier, trim=False)
    assert clipped[99].normalised == D("100.00")
    assert clipped[1].normalised == D("48.33")  # z = −1/6


def test_disagreement_is_flagged_above_thirty_points():
    result = aggregate(totals((1, 1, "40"), (2, 1, "71"), (1, 2, "40"), (2, 2, "70")), trim=False)
    assert result[1].disagreement is True
    assert result[2].disagreement is False


def test_ties_are_broken_by_median_then_reviews_then_first_submission_then_receipt():
    rows = totals(
        # dossiers 1 and 2: mean 70; 2 has the higher median (75 vs 70)
        (1, 1, "60"),
        (2, 1, "70"),
        (3, 1, "80"),
        (1, 2, "60"),
        (2, 2, "75"),
        (3, 2, "75"),
        # dossiers 3 and 4: mean 50, median 50; 4 has more reviews
        (1, 3, "50"),
        (2, 3, "50"),
        (1, 4, "50"),
        (2, 4, "50"),
        (3, 4, "50"),
        # dossiers 5 and 6: identical; 6 was submitted first
        (1, 5, "40"),
        (1, 6, "40"),
        # dossiers 7 and 8: identical and submitted at the same time: receipt number decides
        (1, 7, "30"),
        (1, 8, "30"),
    )
    entries = [
        entry(1, 1),
        entry(2, 1),
        entry(3, 1),
        entry(4, 1),
        entry(5, 9),
        entry(6, 2),
        entry(7, 5, "VDA2024-C3-0008"),
        entry(8, 5, "VDA2024-C3-0007"),
        entry(9),
    ]
    ranked = rank(entries, aggregate(rows, trim=False), by_normalised=False)
    order = [(r.rank, r.entry.dossier, str(r.score), r.tied_with, r.decided_by) for r in ranked]
    assert order == [
        (1, 2, "70.00", (1,), "median"),
        (2, 1, "70.00", (2,), "median"),
        (3, 4, "50.00", (3,), "reviews"),
        (4, 3, "50.00", (4,), "reviews"),
        (5, 6, "40.00", (5,), "first_submitted_at"),
        (6, 5, "40.00", (6,), "first_submitted_at"),
        (7, 8, "30.00", (7,), "receipt_number"),
        (8, 7, "30.00", (8,), "receipt_number"),
        (9, 9, "None", (), ""),  # no final review: last
    ]


def test_ranking_by_normalised_score():
    rows = totals((1, 1, "60"), (1, 2, "80"), (2, 1, "95"), (2, 2, "90"))
    ranked = rank([entry(1), entry(2)], aggregate(rows, trim=False), by_normalised=True)
    # raw: 1 → 77.5, 2 → 85; normalised: judge 1 (40, 60), judge 2 (60, 40) → both 50
    assert [(r.entry.dossier, str(r.score), r.decided_by) for r in ranked] == [
        (2, "50.00", "median"),  # tie at 50: median raw 85 beats 77.5
        (1, "50.00", "median"),
    ]


def test_selection_by_threshold_and_quota():
    rows = totals((1, 1, "90"), (1, 2, "80"), (1, 3, "70"), (1, 4, "60"))
    ranked = rank(
        [entry(d) for d in (1, 2, 3, 4, 5)], aggregate(rows, trim=False), by_normalised=False
    )

    def chosen(**rule):
        return [r.entry.dossier for r in select(ranked, **rule) if r.selected]

    assert chosen(threshold=None, quota=2) == [1, 2]
    assert chosen(threshold=D("70"), quota=None) == [1, 2, 3]
    assert chosen(threshold=D("65"), quota=10) == [1, 2, 3]
    assert chosen(threshold=D("85"), quota=3) == [1]
    assert chosen(threshold=None, quota=None) == [1, 2, 3, 4]  # 5 has no score


def small_inputs() -> dict:
    criteria = [
        {"id": 11, "name": "A", "weight": 60, "max_score": "10.0"},
        {"id": 12, "name": "B", "weight": 40, "max_score": "10.0"},
    ]
    dossiers = [
        {
            "id": 1,
            "receipt_number": "VDA2024-C3-0001",
            "title": "One",
            "first_submitted_at": "2024-06-01T02:00:00+00:00",
        },
        {
            "id": 2,
            "receipt_number": "VDA2024-C3-0002",
            "title": "Two",
            "first_submitted_at": "2024-06-01T03:00:00+00:00",
        },
    ]
    return {
        "season": 2024,
        "round": {
            "id": 1,
            "kind": "preliminary",
            "trimmed_mean": False,
            "rank_by_normalised": False,
            "judges_per_dossier": 2,
        },
        "categories": [
            {
                "id": 3,
                "number": 3,
                "name": "C3",
                "threshold": None,
                "quota": 1,
                "panel": [7, 8],
                "criteria": criteria,
                "dossiers": dossiers,
            }
        ],
        "judges": [
            {"id": 7, "email": "a@example.com", "name": "A"},
            {"id": 8, "email": "b@example.com", "name": "B"},
        ],
        "reviews": [
            {
                "judge": 7,
                "dossier": 1,
                "submitted_at": "",
                "total": "74.00",
                "scores": [[11, "9.0"], [12, "5.0"]],
            },
            {
                "judge": 8,
                "dossier": 1,
                "submitted_at": "",
                "total": "70.00",
                "scores": [[11, "7.0"], [12, "7.0"]],
            },
            {
                "judge": 7,
                "dossier": 2,
                "submitted_at": "",
                "total": "80.00",
                "scores": [[11, "8.0"], [12, "8.0"]],
            },
        ],
    }


def test_results_are_recomputed_from_the_stored_scores_and_weights():
    (category,) = evaluate(small_inputs())
    rows = [
        (r["dossier"], r["rank"], r["score"], r["reviews"], r["selected"])
        for r in category["ranking"]
    ]
    # dossier 1: (54 + 20) and (42 + 28) → mean 72; dossier 2: 48 + 32 = 80
    assert rows == [(2, 1, "80.00", 1, True), (1, 2, "72.00", 2, False)]
    normalised = {r["dossier"]: r["normalised"] for r in category["ranking"]}
    # judge 7: totals 74, 80 → z −1, +1; judge 8: one review → z = 0
    assert normalised == {1: "45.00", 2: "60.00"}


def test_snapshot_hash_is_canonical_and_changes_with_any_score():
    payload = with_results(small_inputs())
    reordered = dict(reversed(list(payload.items())))
    assert canonical_json(reordered) == canonical_json(payload)
    assert digest(reordered) == digest(payload)
    assert len(digest(payload)) == 64
    changed = small_inputs()
    changed["reviews"][0]["scores"][0][1] = "9.5"
    assert digest(with_results(changed)) != digest(payload)
