"""Calibration figures on fixed scores, with the arithmetic done by hand (pure; no database)."""

from decimal import Decimal

import pytest

from judging.aggregation import ReviewTotal
from judging.calibration import (
    CategoryAgreement,
    DossierDisagreement,
    JudgeCalibration,
    Reading,
    calibrate,
    icc1,
    reading,
)

D = Decimal

# dossier: (category, {judge: total})
SCORES = {
    1: (1, {10: 80, 11: 70, 12: 60}),
    2: (1, {10: 90, 11: 80}),
    3: (1, {11: 54, 12: 42}),
    4: (1, {10: 66}),  # one review: no agreement, nothing shared
    10: (1, {13: 55}),  # judge 13's only review
    5: (2, {10: 70, 12: 70}),
    6: (2, {10: 60, 12: 60}),
    7: (3, {11: 30, 12: 75}),
    8: (4, {10: 60, 11: 40}),
    9: (4, {10: 40, 11: 60}),
    11: (5, {}),  # a category whose dossier has no review yet
}
REVIEWS = [
    ReviewTotal(judge=j, dossier=d, total=D(t))
    for d, (_c, totals) in SCORES.items()
    for j, t in totals.items()
]
CATEGORIES = {d: c for d, (c, _totals) in SCORES.items()}


@pytest.fixture
def result():
    return calibrate(REVIEWS, CATEGORIES)


def test_each_judges_severity_against_the_others_spread_and_shared_dossiers(result):
    assert result.judges == [
        # Judge 10, offsets from the others' mean: d1 80 − (70+60)/2 = +15; d2 90 − 80 = +10;
        # d5 70 − 70 = 0; d6 60 − 60 = 0; d8 60 − 40 = +20; d9 40 − 60 = −20 (d4 is not
        # shared). Severity (15+10+0+0+20−20)/6 = 25/6 = 4.1666… → 4.17.
        # Totals 80, 90, 66, 70, 60, 60, 40: mean 466/7 = 66.571… → 66.57; Σx² = 32556,
        # variance 32556/7 − (466/7)² = (7·32556 − 466²)/49 = 10736/49 = 219.10…,
        # sd = 14.802… → 14.80.
        JudgeCalibration(10, 7, D("66.57"), D("14.80"), D("4.17"), 6),
        # Judge 11: d1 70 − (80+60)/2 = 0; d2 80 − 90 = −10; d3 54 − 42 = +12; d7 30 − 75 = −45;
        # d8 40 − 60 = −20; d9 60 − 40 = +20. Severity −43/6 = −7.1666… → −7.17.
        # Totals 70, 80, 54, 30, 40, 60: mean 334/6 = 55.666… → 55.67; Σx² = 20316,
        # variance 20316/6 − (334/6)² = 2585/9 = 287.22…, sd = 16.947… → 16.95.
        JudgeCalibration(11, 6, D("55.67"), D("16.95"), D("-7.17"), 6),
        # Judge 12: d1 60 − (80+70)/2 = −15; d3 42 − 54 = −12; d5 0; d6 0; d7 75 − 30 = +45.
        # Severity 18/5 = 3.60. Totals 60, 42, 70, 60, 75: mean 307/5 = 61.40; Σx² = 19489,
        # variance 19489/5 − 61.4² = 3897.8 − 3769.96 = 127.84, sd = 11.306… → 11.31.
        JudgeCalibration(12, 5, D("61.40"), D("11.31"), D("3.60"), 5),
        # Judge 13: one review, shared with nobody.
        JudgeCalibration(13, 1, D("55.00"), None, None, 0),
    ]


def test_the_panels_agreement_per_category_is_icc1_with_the_unbalanced_group_size(result):
    assert result.agreement == [
        # Category 1, dossiers with two or more totals: [80, 70, 60] mean 70, [90, 80] mean 85,
        # [54, 42] mean 48. g = 3, N = 7, grand mean 476/7 = 68.
        # Between: 3·(70−68)² + 2·(85−68)² + 2·(48−68)² = 12 + 578 + 800 = 1390; MSB = 1390/2
        # = 695. Within: (100+0+100) + (25+25) + (36+36) = 322; MSW = 322/(7−3) = 80.5.
        # k0 = (7 − (9+4+4)/7)/(3−1) = (32/7)/2 = 16/7.
        # ICC = (695 − 80.5)/(695 + (16/7 − 1)·80.5) = 614.5/(695 + 103.5) = 614.5/798.5
        # = 0.76956… → 0.770: good.
        CategoryAgreement(1, 3, 7, D("0.770"), Reading.GOOD),
        # Category 2: [70, 70], [60, 60]: MSW = 0, MSB = 2·25 + 2·25 = 100; ICC = 100/100 = 1.
        CategoryAgreement(2, 2, 4, D("1.000"), Reading.EXCELLENT),
        # Category 3: a single dossier with two totals: nothing to compare.
        CategoryAgreement(3, 1, 2, None, Reading.INSUFFICIENT),
        # Category 4: [60, 40], [40, 60]: both means 50, MSB = 0; within 4·100 = 400,
        # MSW = 400/(4−2) = 200; k0 = (4 − 8/4)/1 = 2; ICC = (0 − 200)/(0 + 1·200) = −1: poor.
        CategoryAgreement(4, 2, 4, D("-1.000"), Reading.POOR),
        CategoryAgreement(5, 0, 0, None, Reading.INSUFFICIENT),
    ]


def test_dossiers_whose_judges_disagree_most_come_first(result):
    assert result.disagreements == [
        # d7: 75 − 30 = 45, sd = 22.5 (half the range, with two totals); flagged (> 30).
        DossierDisagreement(7, 3, 2, D(30), D(75), D(45), D("22.50")),
        # Range 20: d8 and d9 (sd 10) before d1 (sd √(200/3) = 8.164… → 8.16).
        DossierDisagreement(8, 4, 2, D(40), D(60), D(20), D("10.00")),
        DossierDisagreement(9, 4, 2, D(40), D(60), D(20), D("10.00")),
        DossierDisagreement(1, 1, 3, D(60), D(80), D(20), D("8.16")),
        DossierDisagreement(3, 1, 2, D(42), D(54), D(12), D("6.00")),
        DossierDisagreement(2, 1, 2, D(80), D(90), D(10), D("5.00")),
        DossierDisagreement(5, 2, 2, D(70), D(70), D(0), D("0.00")),
        DossierDisagreement(6, 2, 2, D(60), D(60), D(0), D("0.00")),
    ]
    assert [d.flagged for d in result.disagreements] == [True] + [False] * 7


def test_icc1_on_a_balanced_design_matches_the_textbook_formula():
    # Three dossiers, two judges each: [10, 12] mean 11, [20, 22] mean 21, [30, 26] mean 28.
    # Grand mean 120/6 = 20. MSB = 2·(81 + 1 + 64)/2 = 146; MSW = (1+1 + 1+1 + 4+4)/3 = 4.
    # k0 = (6 − 12/6)/2 = 2 = k. ICC = (146 − 4)/(146 + 4) = 142/150 = 0.94666…
    value = icc1([[D(10), D(12)], [D(20), D(22)], [D(30), D(26)]])
    assert value.quantize(D("0.00001")) == D("0.94667")


def test_icc1_is_undefined_when_every_total_is_equal_or_too_little_is_shared():
    assert icc1([[D(50), D(50)], [D(50), D(50)]]) is None
    assert icc1([[D(50), D(60)]]) is None
    assert icc1([[D(50)], [D(60)]]) is None


@pytest.mark.parametrize(
    ("icc", "expected"),
    [
        (None, Reading.INSUFFICIENT),
        (D("-0.200"), Reading.POOR),
        (D("0.499"), Reading.POOR),
        (D("0.500"), Reading.MODERATE),
        (D("0.749"), Reading.MODERATE),
        (D("0.750"), Reading.GOOD),
        (D("0.900"), Reading.GOOD),
        (D("0.901"), Reading.EXCELLENT),
    ],
)
def test_the_plain_language_reading_follows_koo_and_li(icc, expected):
    assert reading(icc) == expected


def test_no_reviews_gives_empty_figures():
    result = calibrate([], {})
    assert (result.judges, result.agreement, result.disagreements) == ([], [], [])
