"""Calibration on a round's results page, on fixed scores with exact expected values.

Judges A, B, C score dossiers 1–3 (every criterion the same, so a total is ten times it):
    A: 80, 60, 40    B: 70, 50, 30    C: 90, 70, 0
Severity (mean of own − others' mean): A (0 + 0 + 25)/3 = 8.33; B (−15 − 15 + 10)/3 = −6.67;
C (15 + 15 − 35)/3 = −1.67. Spread (population sd): A and B √(800/3) = 16.33; C 38.59.
ICC(1): MSB = 2477.78, MSW = 211.11, k0 = 3 → 2266.67 / 2900 = 0.782 (good).
Disagreement: dossier 3 ranges 0–40 (sd 17.00, flagged), dossiers 1 and 2 range 20 (sd 8.16).
"""

from decimal import Decimal as D

import pytest

from judging import selectors, services
from judging.calibration_report import calibration_report
from judging.results import build_payload
from tests.judging.helpers import make_dossier

pytestmark = pytest.mark.django_db

SCORES = {0: [8, 6, 4], 1: [7, 5, 3], 2: [9, 7, 0]}


@pytest.fixture
def scored(preliminary, panel, category, judges, organiser):
    dossiers = [make_dossier(category, n) for n in (1, 2, 3)]
    for j, values in SCORES.items():
        for dossier, value in zip(dossiers, values, strict=True):
            assignment = services.assignment_create(
                round_=preliminary, dossier=dossier, judge=judges[j], by=organiser
            )
            criteria = selectors.round_criteria(assignment)
            services.review_save(
                assignment=assignment,
                values={c.pk: str(value) for c in criteria},
                comment="",
                by=judges[j],
                submit=True,
            )
    return dossiers


def test_calibration_figures_are_exact(scored, preliminary):
    report = calibration_report(build_payload(preliminary))
    judges = {j.name: (j.reviews, j.mean, j.spread, j.severity, j.shared) for j in report.judges}
    assert judges == {
        "Judge 1": (3, D("60.00"), D("16.33"), D("8.33"), 3),
        "Judge 2": (3, D("50.00"), D("16.33"), D("-6.67"), 3),
        "Judge 3": (3, D("53.33"), D("38.59"), D("-1.67"), 3),
    }
    assert [j.name for j in report.judges] == ["Judge 2", "Judge 3", "Judge 1"]  # strictest first
    (agreement,) = report.agreement
    assert (agreement.number, agreement.dossiers, agreement.reviews, agreement.icc) == (
        3,
        3,
        9,
        D("0.782"),
    )
    assert agreement.level == "good"
    rows = [
        (d.receipt_number, d.lowest, d.highest, d.range, d.sd, d.flagged)
        for d in report.disagreements
    ]
    assert rows == [
        ("VDA2024-C3-0003", D("0.00"), D("40.00"), D("40.00"), D("17.00"), True),
        ("VDA2024-C3-0001", D("70.00"), D("90.00"), D("20.00"), D("8.16"), False),
        ("VDA2024-C3-0002", D("50.00"), D("70.00"), D("20.00"), D("8.16"), False),
    ]


def test_results_page_shows_calibration_beside_raw_and_normalised(
    organiser_client, scored, preliminary, django_assert_max_num_queries
):
    with django_assert_max_num_queries(22):  # constant: the fixture's round has few rows
        response = organiser_client.get(f"/admin/judging/round/{preliminary.pk}/results/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Calibration: how far the judges agree" in page
    assert "<td>0.782</td><td>Judges agree well.</td>" in page
    assert "+8.33 <small>(more lenient)</small>" in page
    assert "-6.67 <small>(stricter than the others)</small>" in page
    assert page.index("VDA2024-C3-0003 Dossier 3.3</td><td>3</td>") > page.index(
        "Dossiers whose judges disagree most"
    )
    assert "<th>Raw</th><th>Normalised</th>" in page


def test_calibration_is_for_organisers_only(judge_client, scored, preliminary):
    assert judge_client.get(f"/admin/judging/round/{preliminary.pk}/results/").status_code in (
        302,
        403,
    )
