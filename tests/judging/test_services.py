from collections import Counter
from decimal import Decimal as D

import pytest
from django.utils import translation

from judging import results, selectors, services
from judging.models import (
    Assignment,
    AssignmentStatus,
    ConflictOfInterest,
    DossierResult,
    ResultSnapshot,
    Review,
    ReviewStatus,
    RoundState,
    Score,
)
from submissions.access import can_view_dossier
from submissions.models import Dossier, DossierStatus, OutboundEmail
from tests.judging.helpers import make_dossier


@pytest.fixture(autouse=True)
def _english():
    """The refusals below are asserted in English (the portal's default is Vietnamese)."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


def active(round_):
    return Assignment.objects.filter(round=round_, status=AssignmentStatus.ACTIVE)


def criteria_of(assignment):
    return selectors.round_criteria(assignment)


def full_scores(assignment, value="7") -> dict:
    return {c.pk: value for c in criteria_of(assignment)}


def test_automatic_assignment_gives_k_judges_balanced_and_never_a_conflicted_one(
    preliminary, panel, category, judges, organiser
):
    dossiers = [make_dossier(category, n) for n in range(1, 11)]
    services.conflict_declare(
        judge=judges[0], dossier=dossiers[0], reason="Tôi làm việc ở đây", by=judges[0]
    )
    services.conflict_declare(
        judge=judges[1], applicant=dossiers[1].applicant, reason="Gia đình", by=organiser
    )
    report = services.assign_automatically(round_=preliminary, by=organiser)
    assert report.created == 30
    assert report.shortfall == {}
    per_dossier = Counter(active(preliminary).values_list("dossier", flat=True))
    assert set(per_dossier.values()) == {3}
    loads = Counter(active(preliminary).values_list("judge", flat=True))
    assert sorted(loads.values()) in ([7, 7, 8, 8],)
    assert not active(preliminary).filter(judge=judges[0], dossier=dossiers[0]).exists()
    assert not active(preliminary).filter(judge=judges[1], dossier=dossiers[1]).exists()
    assert not active(preliminary).exclude(judge__in=judges[:4]).exists()  # panel only
    statuses = {d.status for d in type(dossiers[0]).objects.filter(pk__in=[d.pk for d in dossiers])}
    assert statuses == {DossierStatus.IN_REVIEW}
    # Again: nothing more to do, nothing changes.
    before = list(Assignment.objects.values_list("pk", "judge", "dossier", "status", "queue_key"))
    assert services.assign_automatically(round_=preliminary, by=organiser).created == 0
    after = list(Assignment.objects.values_list("pk", "judge", "dossier", "status", "queue_key"))
    assert after == before


def test_assignment_history_records_who_assigned(preliminary, panel, category, organiser):
    make_dossier(category, 1)
    services.assign_automatically(round_=preliminary, by=organiser)
    records = Assignment.history.all()
    assert records.count() == 3
    assert {(r.history_type, r.history_user_id) for r in records} == {("+", organiser.pk)}


def test_declaring_a_conflict_ends_the_assignment_and_a_free_panel_judge_replaces(
    preliminary, panel, category, judges, organiser
):
    dossier = make_dossier(category, 1)
    services.assign_automatically(round_=preliminary, by=organiser)
    assignment = (
        active(preliminary).get(judge=judges[0])
        if active(preliminary).filter(judge=judges[0]).exists()
        else active(preliminary).first()
    )
    judge = assignment.judge
    services.conflict_declare(judge=judge, dossier=dossier, reason="Đối thủ cạnh tranh", by=judge)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CONFLICTED
    assert active(preliminary).count() == 3
    assert not active(preliminary).filter(judge=judge).exists()
    assert not selectors.visible_dossiers_for(judge).exists()
    assert can_view_dossier(judge, dossier) is False
    conflict = ConflictOfInterest.objects.get()
    assert conflict.history.get().history_user == judge
    # Nobody else free: the fourth judge took it; a second conflict leaves it one short.
    other = active(preliminary).exclude(judge__in=[j.pk for j in judges[:3]]).first() or (
        active(preliminary).first()
    )
    services.conflict_declare(
        judge=other.judge, dossier=dossier, reason="Quan hệ gia đình", by=organiser
    )
    assert active(preliminary).count() == 2


def test_a_judge_who_declines_is_replaced(preliminary, panel, category, organiser):
    make_dossier(category, 1)
    services.assign_automatically(round_=preliminary, by=organiser)
    assignment = active(preliminary).order_by("judge__email").first()
    with pytest.raises(services.JudgingError):
        services.assignment_decline(assignment=assignment, reason="  ", by=assignment.judge)
    replacement = services.assignment_decline(
        assignment=assignment, reason="Quá tải", by=assignment.judge
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DECLINED
    assert assignment.note == "Quá tải"
    assert replacement is not None
    assert replacement.judge_id != assignment.judge_id
    assert active(preliminary).count() == 3


def test_manual_assignment_refuses_a_conflicted_judge_and_reassignment_keeps_the_old_row(
    preliminary, panel, category, judges, organiser
):
    dossier = make_dossier(category, 1)
    services.conflict_declare(judge=judges[4], dossier=dossier, reason="Cố vấn", by=organiser)
    with pytest.raises(services.JudgingError, match="conflict of interest"):
        services.assignment_create(
            round_=preliminary, dossier=dossier, judge=judges[4], by=organiser
        )
    first = services.assignment_create(
        round_=preliminary, dossier=dossier, judge=judges[0], by=organiser
    )
    moved = services.assignment_reassign(assignment=first, judge=judges[5], by=organiser)
    first.refresh_from_db()
    assert first.status == AssignmentStatus.REMOVED
    assert moved.judge == judges[5]
    assert moved.is_active


def test_review_refuses_out_of_range_and_missing_scores_and_saves_nothing(
    preliminary, panel, category, organiser
):
    make_dossier(category, 1)
    services.assign_automatically(round_=preliminary, by=organiser)
    assignment = active(preliminary).first()
    c1, c2, c3, c4, c5 = criteria_of(assignment)
    values = {c1.pk: "11", c2.pk: "7.3", c3.pk: "abc", c4.pk: "-1", c5.pk: ""}
    with translation.override("en"), pytest.raises(services.ReviewInvalid) as refused:
        services.review_save(
            assignment=assignment, values=values, comment="", by=assignment.judge, submit=True
        )
    with translation.override("en"):
        errors = {k: str(v) for k, v in refused.value.errors.items()}
    assert errors == {
        c1.pk: "Enter a score from 0 to 10.",
        c2.pk: "Use whole or half points (for example 7 or 7.5).",
        c3.pk: "Enter a number.",
        c4.pk: "Enter a score from 0 to 10.",
        c5.pk: "Score this criterion before submitting.",
    }
    assert Review.objects.count() == 0
    assert Score.objects.count() == 0


def test_a_draft_may_be_partial_and_a_final_review_is_locked(
    preliminary, panel, category, organiser
):
    make_dossier(category, 1)
    services.assign_automatically(round_=preliminary, by=organiser)
    assignment = active(preliminary).first()
    judge = assignment.judge
    c1, c2, c3, c4, c5 = criteria_of(assignment)  # weights 20, 20, 20, 25, 15
    draft = services.review_save(
        assignment=assignment, values={c1.pk: "8"}, comment="Đang xem", by=judge, submit=False
    )
    assert (draft.status, draft.total) == (ReviewStatus.DRAFT, None)
    values = {c1.pk: "8", c2.pk: "7.5", c3.pk: "6", c4.pk: "9", c5.pk: "10"}
    final = services.review_save(
        assignment=assignment, values=values, comment="Tốt", by=judge, submit=True
    )
    assert final.status == ReviewStatus.FINAL
    assert final.total == D("16") + D("15") + D("12") + D("22.5") + D("15")  # 80.50
    with pytest.raises(services.JudgingError, match="final"):
        services.review_save(
            assignment=assignment,
            values=full_scores(assignment, "1"),
            comment="",
            by=judge,
            submit=True,
        )
    assert sorted(Score.objects.values_list("value", flat=True)) == sorted(
        D(v) for v in ["8", "7.5", "6", "9", "10"]
    )
    history = Review.history.filter(id=final.pk).order_by("history_date")
    assert [(h.status, h.history_user_id) for h in history] == [
        ("draft", judge.pk),
        ("final", judge.pk),
    ]


def test_only_the_assigned_judge_scores_and_only_while_the_round_is_open(
    preliminary, panel, category, judges, organiser
):
    make_dossier(category, 1)
    services.assign_automatically(round_=preliminary, by=organiser)
    assignment = active(preliminary).first()
    outsider = next(j for j in judges if j.pk != assignment.judge_id)
    with pytest.raises(services.JudgingError, match="not assigned"):
        services.review_save(
            assignment=assignment, values={}, comment="", by=outsider, submit=False
        )
    missing = [a.pk for a in services.missing_reviews(preliminary)]
    services.round_close(round_=preliminary, by=organiser, missing_accepted=missing)
    with pytest.raises(services.JudgingError, match="not open"):
        services.review_save(
            assignment=assignment, values={}, comment="", by=assignment.judge, submit=False
        )
    assert Review.objects.count() == 0


def score_all(round_, by_judge: dict):
    """Submit every active assignment with the judge's value for every criterion."""
    for assignment in active(round_).select_related("judge", "round", "dossier"):
        value = by_judge[assignment.judge.email](assignment.dossier)
        services.review_save(
            assignment=assignment,
            values=full_scores(assignment, value),
            comment="",
            by=assignment.judge,
            submit=True,
        )


def ranking_of(payload: dict, category_id: int) -> list[dict]:
    return next(r["ranking"] for r in payload["results"] if r["category"] == category_id)


@pytest.fixture
def judged_round(preliminary, panel, category, organiser):
    dossiers = [make_dossier(category, n) for n in range(1, 5)]
    services.assign_automatically(round_=preliminary, by=organiser)
    quality = {d.pk: n for n, d in enumerate(dossiers, start=1)}  # dossier n scores 2n + bias
    bias = {
        "judge1@example.com": 0,
        "judge2@example.com": 1,
        "judge3@example.com": 0,
        "judge4@example.com": 1,
    }
    score_all(
        preliminary, {e: (lambda d, b=b: str(2 * quality[d.pk] + b)) for e, b in bias.items()}
    )
    services.round_close(round_=preliminary, by=organiser)
    return preliminary, dossiers


def test_confirming_results_stores_a_verifiable_snapshot_and_sets_statuses(judged_round, organiser):
    round_, dossiers = judged_round
    snapshot = services.results_confirm(round_=round_, by=organiser)
    ranking = ranking_of(snapshot.payload, dossiers[0].category_id)
    assert [r["dossier"] for r in ranking] == [d.pk for d in reversed(dossiers)]
    assert [r["selected"] for r in ranking] == [True, True, False, False]  # quota 2
    statuses = dict(
        type(dossiers[0])
        .objects.filter(pk__in=[d.pk for d in dossiers])
        .values_list("pk", "status")
    )
    assert statuses == {
        dossiers[3].pk: DossierStatus.FINALIST,
        dossiers[2].pk: DossierStatus.FINALIST,
        dossiers[1].pk: DossierStatus.NOT_SELECTED,
        dossiers[0].pk: DossierStatus.NOT_SELECTED,
    }
    assert DossierResult.objects.filter(round=round_, selected=True).count() == 2
    assert results.verify(snapshot).ok
    # Reproducible: the same inputs from the database give the same hash.
    assert results.current_payload(round_) == snapshot.payload
    with pytest.raises(services.JudgingError, match="already confirmed"):
        services.results_confirm(round_=round_, by=organiser)


def test_verify_detects_a_changed_score_and_a_tampered_snapshot(judged_round, organiser):
    round_, _dossiers = judged_round
    snapshot = services.results_confirm(round_=round_, by=organiser)
    Score.objects.filter(pk=Score.objects.order_by("pk").first().pk).update(value=D("0.5"))
    check = results.verify(snapshot)
    assert (check.hash_matches, check.results_match, check.database_matches) == (True, True, False)
    ranking_of(snapshot.payload, _dossiers[0].category_id)[0]["selected"] = False
    check = results.verify(snapshot)
    assert (check.hash_matches, check.results_match) == (False, False)


def test_publishing_emails_each_applicant_once(judged_round, organiser):
    round_, dossiers = judged_round
    with pytest.raises(services.JudgingError, match="Confirm"):
        services.results_publish(round_=round_, by=organiser)
    services.results_confirm(round_=round_, by=organiser)
    confirmed = Dossier.objects.get(pk=dossiers[3].pk)
    assert confirmed.status == DossierStatus.FINALIST
    assert confirmed.status_for_applicant == DossierStatus.IN_REVIEW  # not published yet
    assert services.results_publish(round_=round_, by=organiser) == 4
    with pytest.raises(services.JudgingError, match="already published"):
        services.results_publish(round_=round_, by=organiser)
    published = Dossier.objects.get(pk=dossiers[3].pk)
    assert published.status_for_applicant == DossierStatus.FINALIST
    emails = OutboundEmail.objects.filter(key__startswith="judging-result:").order_by("key")
    assert emails.count() == 4
    finalist = emails.get(to_email=dossiers[3].applicant.email)
    assert "VDA2024-C3-0004" in finalist.subject
    assert ResultSnapshot.objects.get().published_at is not None


def test_other_judges_scores_are_shown_only_after_the_results_are_confirmed(
    preliminary, panel, category, organiser
):
    make_dossier(category, 1)
    services.assign_automatically(round_=preliminary, by=organiser)
    score_all(
        preliminary, dict.fromkeys([f"judge{n}@example.com" for n in range(1, 5)], lambda d: "6")
    )
    assignment = active(preliminary).first()
    assert selectors.peer_reviews(assignment) == []
    services.round_close(round_=preliminary, by=organiser)
    preliminary.refresh_from_db()
    assignment.refresh_from_db()
    assert selectors.peer_reviews(assignment) == []  # closed, but it could still reopen
    services.results_confirm(round_=preliminary, by=organiser)
    assert len(selectors.peer_reviews(assignment)) == 3


def test_round_cannot_reopen_after_confirmation(judged_round, organiser):
    round_, _ = judged_round
    services.results_confirm(round_=round_, by=organiser)
    with pytest.raises(services.JudgingError):
        services.round_open(round_=round_, by=organiser)
    round_.refresh_from_db()
    assert round_.state == RoundState.CLOSED
