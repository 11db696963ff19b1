from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max, Min

from accounts.models import User
from judging import results, services
from judging.models import (
    Assignment,
    AssignmentStatus,
    ConflictOfInterest,
    DossierResult,
    Panel,
    ResultSnapshot,
    Review,
    ReviewStatus,
    Round,
    RoundState,
    Score,
)
from judging.selectors import round_criteria
from submissions.models import ApplicantProfile, Dossier, DossierStatus
from tests.judging.helpers import make_dossier

pytestmark = pytest.mark.django_db

# judge → dossier number → the score given on every criterion (total = 10 × score)
SCORES = {
    "judge1@example.com": {1: "8", 2: "6", 3: "5"},
    "judge2@example.com": {1: "8", 2: "6", 3: "7"},
    "judge3@example.com": {1: "8", 2: "7", 3: "7"},
}


@pytest.fixture
def scored(preliminary, category, judges, organiser):
    panel = Panel.objects.create(round=preliminary, category=category, quota=1)
    panel.judges.set(judges[:3])
    dossiers = {n: make_dossier(category, n) for n in (1, 2, 3)}
    services.assign_automatically(round_=preliminary, by=organiser)
    number = {d.pk: n for n, d in dossiers.items()}
    for assignment in Assignment.objects.select_related("judge", "round", "dossier"):
        value = SCORES[assignment.judge.email][number[assignment.dossier_id]]
        services.review_save(
            assignment=assignment,
            values={c.pk: value for c in round_criteria(assignment)},
            comment="",
            by=assignment.judge,
            submit=True,
        )
    return preliminary


def run_compute(*args) -> str:
    out = StringIO()
    call_command("compute_results", *args, stdout=out)
    return out.getvalue()


def test_compute_results_prints_the_ranking_with_raw_and_normalised_scores_and_ties(scored):
    output = run_compute("--season", "2024", "--round", "preliminary")
    lines = output.splitlines()
    start = lines.index(
        "Category 3: Sản phẩm, dịch vụ, giải pháp công nghệ số xuất sắc [at most 1]"
    )
    assert lines[start + 1 : start + 5] == [
        "rank  receipt           score    raw   norm median  n  low–high      sel  tie",
        "   1  VDA2024-C3-0001   80.00  80.00  63.25  80.00  3  80.00–80.00   yes",
        "   2  VDA2024-C3-0003   63.33  63.33  44.08  70.00  3  50.00–70.00        "
        "tied with VDA2024-C3-0002: higher median",
        "   3  VDA2024-C3-0002   63.33  63.33  42.67  60.00  3  60.00–70.00        "
        "tied with VDA2024-C3-0003: higher median",
    ]
    assert lines[0].endswith("– preliminary (open)")
    assert "Method: mean of final reviews, ranked by the raw score" in output
    assert output.rstrip().endswith("Not confirmed yet: no snapshot.")


def test_compute_results_after_confirmation_verifies_the_snapshot(scored, organiser):
    services.round_close(round_=scored, by=organiser)
    snapshot = services.results_confirm(round_=scored, by=organiser)
    output = run_compute("--season", "2024", "--round", "preliminary")
    assert f"Snapshot SHA-256: {snapshot.sha256}" in output
    assert "Verify: not asked (--verify)" in output  # verifying rebuilds every score: opt-in
    output = run_compute("--season", "2024", "--round", "preliminary", "--verify")
    assert "Verify: OK (hash True, results True, database True)" in output
    assert "   1  VDA2024-C3-0001   80.00" in output  # still ranked after the statuses moved on


def test_compute_results_refuses_an_unknown_round(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No final round in season 2031"):
        run_compute("--season", "2031", "--round", "final")


def test_snapshot_hash_is_reproducible_from_the_database(scored, organiser):
    services.round_close(round_=scored, by=organiser)
    snapshot = services.results_confirm(round_=scored, by=organiser)
    again = results.current_payload(scored)
    from judging.snapshot import digest

    assert digest(again) == snapshot.sha256
    assert snapshot.sha256 == digest(snapshot.payload)


# --- seed_demo --judged ----------------------------------------------------------------------


def rows() -> dict:
    models = [
        Round,
        Panel,
        Assignment,
        ConflictOfInterest,
        Review,
        Score,
        DossierResult,
        ResultSnapshot,
        Dossier,
        ApplicantProfile,
        User,
    ]
    snapshot = {m.__name__: list(m.objects.values().order_by("pk")) for m in models}
    for model in (Round, Panel, Assignment, ConflictOfInterest, Review, Score, Dossier):
        snapshot[f"history:{model.__name__}"] = model.history.count()
    snapshot["panel judges"] = list(Panel.judges.through.objects.values().order_by("pk"))
    return snapshot


def test_seed_demo_judged_builds_a_judged_season_and_a_second_run_changes_nothing(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", "--judged", stdout=out)
    first = rows()
    call_command("seed_demo", "--judged", stdout=StringIO())
    assert rows() == first

    generated = Dossier.objects.filter(season__year=2024, applicant__email__startswith="demo-")
    assert generated.count() == 60
    assert set(generated.values_list("category__number", flat=True)) == {1, 2, 3, 4, 5}
    assert ApplicantProfile.objects.filter(user__email__startswith="demo-").count() == 60
    assert set(Round.objects.filter(season__year=2024).values_list("state", flat=True)) == {
        RoundState.CLOSED
    }
    assert ResultSnapshot.objects.filter(round__season__year=2024).count() == 2
    assert all(results.verify(s).ok for s in ResultSnapshot.objects.all())
    panel_judges = Panel.judges.through.objects.filter(panel__round__season__year=2024)
    judges = set(panel_judges.values_list("user__email", flat=True).distinct())
    assert judges == {f"judge{n}@example.com" for n in range(1, 7)}
    # Every active assignment was scored; no conflicted judge scored.
    active = Assignment.objects.filter(status=AssignmentStatus.ACTIVE, round__season__year=2024)
    assert (
        active.count()
        == Review.objects.filter(
            status=ReviewStatus.FINAL,
            assignment__status=AssignmentStatus.ACTIVE,
            assignment__round__season__year=2024,
        ).count()
    )
    conflict = ConflictOfInterest.objects.get()
    assert not active.filter(judge=conflict.judge, dossier__applicant=conflict.applicant).exists()
    # Honorees: final score at least 65, at most 3 per category.
    honorees = DossierResult.objects.filter(
        round__kind="final", selected=True, round__season__year=2024
    )
    assert honorees.aggregate(low=Min("score"))["low"] >= 65
    per_category = honorees.values("dossier__category").annotate(n=Max("rank"))
    assert all(row["n"] <= 3 for row in per_category)
    assert (
        Dossier.objects.filter(season__year=2024, status=DossierStatus.HONOREE).count()
        == honorees.count()
    )
    assert Dossier.objects.filter(status=DossierStatus.FINALIST).count() == 0
    printed = out.getvalue()
    assert "organiser@example.com" in printed
    assert "Judging: 2024" in printed


def test_seed_demo_without_judged_creates_open_rounds_and_panels(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    preliminary = Round.objects.get(season__year=2024, kind="preliminary")
    assert preliminary.state == RoundState.OPEN
    assert Round.objects.get(season__year=2024, kind="final").state == RoundState.NOT_STARTED
    assert Panel.objects.filter(round__season__year=2024).count() == 10
    assert Panel.objects.filter(round=preliminary).first().judges.count() == 4


def test_seed_demo_judged_shows_defensible_judging(settings):
    """Issue 17 in the judged demo: expertise-aware assignments, suggested conflicts, site
    verifications, one planted near-duplicate; a second run changes none of them."""
    from judging.models import (
        ConflictSuggestion,
        IntegrityFinding,
        JudgeProfile,
        JudgeTie,
        SiteVerification,
    )
    from judging.selectors import expertise_explanations

    settings.DEBUG = True
    call_command("seed_demo", "--judged", stdout=StringIO())

    def state():
        return {
            model.__name__: list(model.objects.values().order_by("pk"))
            for model in (
                ConflictSuggestion,
                IntegrityFinding,
                JudgeProfile,
                JudgeTie,
                SiteVerification,
            )
        }

    first = state()
    call_command("seed_demo", "--judged", stdout=StringIO())
    assert state() == first

    assert JudgeProfile.objects.count() == 6
    preliminary = Round.objects.get(kind="preliminary")
    explained = expertise_explanations(preliminary)
    assert sum(len(e["experts"]) for e in explained) > 0
    decisions = set(ConflictSuggestion.objects.values_list("decision", flat=True))
    assert decisions == {"dismissed", "pending"}
    (finding,) = IntegrityFinding.objects.all()
    assert finding.score > 0.8
    assert "nhận tiền bán nông sản" in finding.passages[0]["text_a"]
    verdicts = sorted(SiteVerification.objects.values_list("verdict", flat=True))
    assert verdicts.count("not_confirmed") == 1
    assert "concerns" in verdicts
    assert "" in verdicts  # one not held yet
    overridden = SiteVerification.objects.get(verdict="not_confirmed")
    assert overridden.override_reason
