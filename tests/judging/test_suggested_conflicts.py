"""Suggested conflicts: found before the judge first opens a dossier, confirmed or dismissed in
one click (recorded), listed for organisers."""

import pytest
from django.utils import translation

from judging import services
from judging.models import (
    Assignment,
    AssignmentStatus,
    ConflictOfInterest,
    ConflictSuggestion,
    SuggestionDecision,
)
from judging.services import JudgingError, TieData
from tests.factories import applicant
from tests.judging.helpers import make_dossier

pytestmark = pytest.mark.django_db


def score_url(assignment) -> str:
    return f"/admin/judging/myassignment/{assignment.pk}/score/"


@pytest.fixture
def tied(preliminary, panel, category, judges, organiser):
    """judge1 declared ties to "Công ty Cổ phần Giải pháp Số Việt" (tax code 0101234567,
    domain giaiphapso.vn). Three dossiers assigned to judge1: a branch of that tax code, a
    near-identical name typed without diacritics, and an unrelated applicant."""
    services.judge_expertise_save(
        judge=judges[0],
        fields=["fintech"],
        ties=[TieData("Công ty Cổ phần Giải pháp Số Việt", "0101234567", "giaiphapso.vn")],
        by=judges[0],
    )
    branch = make_dossier(
        category,
        1,
        owner=applicant(
            "ketoan@hn.giaiphapso.vn", legal_name="Chi nhánh Hà Nội", tax_code="0101234567-001"
        ),
    )
    folded = make_dossier(
        category,
        2,
        owner=applicant("info@gps.example.com", legal_name="GIAI PHAP SO VIET JSC", tax_code=""),
    )
    other = make_dossier(
        category,
        3,
        owner=applicant("a@nongnghiep.vn", legal_name="Hợp tác xã Nông nghiệp Xanh"),
    )
    assignments = {
        d.pk: services.assignment_create(
            round_=preliminary, dossier=d, judge=judges[0], by=organiser
        )
        for d in (branch, folded, other)
    }
    return {"branch": branch, "folded": folded, "other": other, "assignments": assignments}


def found(dossier):
    return sorted(
        ConflictSuggestion.objects.filter(dossier=dossier).values_list(
            "reason", "declared", "applicant_value"
        )
    )


def test_suggestions_are_stored_at_assignment_by_each_rule(tied, judges):
    assert found(tied["branch"]) == [
        ("email_domain", "giaiphapso.vn", "hn.giaiphapso.vn"),
        ("tax_code", "0101234567", "0101234567-001"),
    ]
    assert found(tied["folded"]) == [
        ("organisation_name", "Công ty Cổ phần Giải pháp Số Việt", "GIAI PHAP SO VIET JSC")
    ]
    assert ConflictSuggestion.objects.get(dossier=tied["folded"]).similarity == 1.0
    assert found(tied["other"]) == []
    # Refreshing again adds nothing.
    dossiers = [tied["branch"], tied["folded"], tied["other"]]
    assert services.suggestions_refresh(judge_ids=[judges[0].pk], dossiers=dossiers) == 0
    assert ConflictSuggestion.objects.count() == 3


def test_the_judge_sees_suggestions_before_the_dossier_and_dismisses_one_click(judge_client, tied):
    assignment = tied["assignments"][tied["folded"].pk]
    page = judge_client.get(score_url(assignment)).content.decode()
    assert "Organisation name nearly identical" in page
    assert "GIAI PHAP SO VIET JSC" in page
    assert 'name="score-' not in page  # the dossier is not shown yet
    suggestion = ConflictSuggestion.objects.get(dossier=tied["folded"])
    url = f"/admin/judging/myassignment/{assignment.pk}/suggestion/{suggestion.pk}/"
    response = judge_client.post(url, {"decision": "dismiss"})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.decision == SuggestionDecision.DISMISSED
    assert suggestion.decided_at is not None
    assert suggestion.history.first().history_user.email == "judge1@example.com"
    assert 'name="score-' in judge_client.get(score_url(assignment)).content.decode()
    # Decided: never asked again, and a second click changes nothing.
    assert judge_client.post(url, {"decision": "confirm"}).status_code == 404
    assert not ConflictOfInterest.objects.exists()


def test_confirming_declares_the_conflict_and_the_dossier_leaves_the_queue(
    judge_client, tied, judges
):
    assignment = tied["assignments"][tied["branch"].pk]
    judge_client.get(score_url(assignment))
    suggestion = ConflictSuggestion.objects.get(dossier=tied["branch"], reason="tax_code")
    url = f"/admin/judging/myassignment/{assignment.pk}/suggestion/{suggestion.pk}/"
    assert judge_client.post(url, {"decision": "confirm"}).status_code == 302
    conflict = ConflictOfInterest.objects.get(judge=judges[0], dossier=tied["branch"])
    assert "0101234567 / 0101234567-001" in conflict.reason
    assignment = Assignment.objects.get(pk=assignment.pk)
    assert assignment.status == AssignmentStatus.CONFLICTED
    assert judge_client.get(score_url(assignment)).status_code == 404


def test_only_the_addressed_judge_decides(client, tied, judges, organiser):
    suggestion = ConflictSuggestion.objects.get(dossier=tied["folded"])
    with translation.override("en"), pytest.raises(JudgingError, match="not addressed to you"):
        services.suggestion_decide(suggestion=suggestion, confirm=False, by=organiser)
    client.force_login(judges[1])
    assignment = tied["assignments"][tied["folded"].pk]
    url = f"/admin/judging/myassignment/{assignment.pk}/suggestion/{suggestion.pk}/"
    assert client.post(url, {"decision": "dismiss"}).status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.is_pending


def test_organisers_see_every_suggestion_and_decision(
    organiser_client, tied, judges, django_assert_max_num_queries
):
    suggestion = ConflictSuggestion.objects.get(dossier=tied["folded"])
    services.suggestion_decide(suggestion=suggestion, confirm=False, by=judges[0])
    with django_assert_max_num_queries(15):
        page = organiser_client.get("/admin/judging/conflictsuggestion/").content.decode()
    assert page.count("judge1@example.com") >= 3 or page.count("Judge 1") >= 3
    assert "Dismissed: no conflict" in page
    assert "Awaiting the judge" in page
