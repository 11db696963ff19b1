"""Judges and organisers in the admin: what each may open, and that nothing leaks."""

import hashlib
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from judging import selectors, services
from judging.models import Assignment, AssignmentStatus, Review, ReviewStatus, Score
from submissions.models import Attachment, Dossier, DossierStatus
from tests.judging.helpers import make_dossier

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% demo\n"


def attach(dossier, name: str) -> Attachment:
    stored = default_storage.save(f"dossiers/{dossier.pk}/{name}", ContentFile(PDF))
    return Attachment.objects.create(
        dossier=dossier,
        document_type="application_form",
        file=stored,
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
        uploaded_by=dossier.applicant,
    )


@pytest.fixture
def scene(preliminary, panel, category, judges, organiser):
    """judge1: assigned to "Dossier 3.1"; conflicted with the applicant of "Dossier 3.2" (after
    being assigned); never assigned to "Dossier 3.3"."""
    mine, conflicted, other = (make_dossier(category, n) for n in (1, 2, 3))
    for dossier in (mine, conflicted):
        services.assignment_create(
            round_=preliminary, dossier=dossier, judge=judges[0], by=organiser
        )
    for dossier in (mine, conflicted, other):
        services.assignment_create(
            round_=preliminary, dossier=dossier, judge=judges[1], by=organiser
        )
    services.conflict_declare(
        judge=judges[0], applicant=conflicted.applicant, reason="Công ty của vợ tôi", by=judges[0]
    )
    files = {d.pk: attach(d, f"form-{d.title}.pdf") for d in (mine, conflicted, other)}
    assignments = {
        d.pk: Assignment.objects.get(round=preliminary, dossier=d, judge=judges[0])
        for d in (mine, conflicted)
    }
    other_assignment = Assignment.objects.get(round=preliminary, dossier=other, judge=judges[1])
    return {
        "mine": mine,
        "conflicted": conflicted,
        "other": other,
        "files": files,
        "assignments": assignments,
        "other_assignment": other_assignment,
    }


def score_url(assignment) -> str:
    return f"/admin/judging/myassignment/{assignment.pk}/score/"


def test_judge_admin_index_shows_only_their_own_models(judge_client, scene):
    page = judge_client.get("/admin/").content.decode()
    assert "/admin/judging/myassignment/" in page
    assert "/admin/judging/myconflict/" in page
    for organiser_only in (
        "/admin/judging/round/",
        "/admin/judging/assignment/",
        "/admin/judging/review/",
        "/admin/submissions/dossier/",
        "/admin/categories/",
        "/admin/accounts/user/",
    ):
        assert organiser_only not in page
    assert "0 of 1 done" in page


def test_judge_queue_lists_only_assigned_conflict_free_dossiers(judge_client, scene):
    response = judge_client.get("/admin/judging/myassignment/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dossier 3.1" in page
    assert "Dossier 3.2" not in page
    assert "Dossier 3.3" not in page
    assert "0 of 1 done" in page
    assert response.context["cl"].result_count == 1
    assert response.context["cl"].full_result_count is None  # not counted twice
    searched = judge_client.get("/admin/judging/myassignment/", {"q": "Dossier 3.2"})
    assert searched.context["cl"].result_count == 0
    assert "0 of 1 done" in searched.content.decode()  # the queue's total, from the progress
    assert "Dossier 3.2" not in searched.content.decode().replace('value="Dossier 3.2"', "")


def test_unassigned_and_conflicted_dossiers_are_404_everywhere_for_the_judge(judge_client, scene):
    conflicted = scene["assignments"][scene["conflicted"].pk]
    for url in (
        score_url(conflicted),
        score_url(scene["other_assignment"]),
        "/admin/judging/myassignment/999999/score/",
        f"/admin/judging/myassignment/{scene['other_assignment'].pk}/change/",
        f"/admin/judging/myassignment/{conflicted.pk}/change/",
    ):
        response = judge_client.get(url)
        assert response.status_code == 404, url
        assert b"Dossier 3.2" not in response.content
        assert b"Dossier 3.3" not in response.content
    for dossier in ("conflicted", "other"):
        download = judge_client.get(f"/applicant/files/{scene['files'][scene[dossier].pk].pk}/")
        assert download.status_code == 404
    assert (
        judge_client.get(f"/applicant/files/{scene['files'][scene['mine'].pk].pk}/").status_code
        == 200
    )


def test_organiser_pages_are_forbidden_to_judges(judge_client, scene, preliminary):
    mine = scene["mine"]
    for url in (
        "/admin/submissions/dossier/",
        f"/admin/submissions/dossier/{mine.pk}/change/",
        f"/admin/submissions/dossier/{mine.pk}/audit/",
        f"/admin/submissions/dossier/{mine.pk}/screen/",
        "/admin/judging/assignment/",
        "/admin/judging/review/",
        "/admin/judging/round/",
        f"/admin/judging/round/{preliminary.pk}/results/",
        f"/admin/judging/assignment/{scene['other_assignment'].pk}/reassign/",
    ):
        assert judge_client.get(url).status_code == 403, url


def test_scoring_page_shows_the_dossier_its_files_and_the_criteria(judge_client, scene):
    assignment = scene["assignments"][scene["mine"].pk]
    response = judge_client.get(score_url(assignment))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dossier 3.1" in page
    assert f'href="/applicant/files/{scene["files"][scene["mine"].pk].pk}/"' in page
    for criterion in selectors.round_criteria(assignment):
        assert f'name="score-{criterion.pk}"' in page
    assert 'step="0.5"' in page
    assert "judging/scoring.js" in page
    assert "<script>" not in page  # CSP: no inline scripts


def post_scores(client, assignment, values: list[str], *, submit: bool, comment="Tốt"):
    criteria = selectors.round_criteria(assignment)
    data = {f"score-{c.pk}": v for c, v in zip(criteria, values, strict=True)}
    data.update({"comment": comment, "submit" if submit else "save": "1"})
    return client.post(score_url(assignment), data)


def test_out_of_range_scores_are_refused_at_the_criterion_and_nothing_is_saved(judge_client, scene):
    assignment = scene["assignments"][scene["mine"].pk]
    response = post_scores(judge_client, assignment, ["11", "7", "", "7", "7"], submit=True)
    page = response.content.decode()
    assert response.status_code == 200
    criteria = selectors.round_criteria(assignment)
    assert f'id="error-{criteria[0].pk}">Enter a score from 0 to 10.</p>' in page
    assert f'id="error-{criteria[2].pk}">Score this criterion before submitting.</p>' in page
    assert 'value="11"' in page  # what was typed stays
    assert Review.objects.count() == 0


def test_a_submitted_review_is_final_and_cannot_be_changed(judge_client, scene):
    assignment = scene["assignments"][scene["mine"].pk]
    draft = post_scores(judge_client, assignment, ["8", "7.5", "", "", ""], submit=False)
    assert draft.status_code == 302
    assert Review.objects.get().status == ReviewStatus.DRAFT
    final = post_scores(judge_client, assignment, ["8", "7.5", "6", "9", "10"], submit=True)
    assert final.status_code == 302
    review = Review.objects.get()
    assert (review.status, review.total) == (ReviewStatus.FINAL, D("80.50"))
    before = list(Score.objects.values_list("criterion", "value").order_by("criterion"))
    again = post_scores(judge_client, assignment, ["1", "1", "1", "1", "1"], submit=True)
    assert again.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.total) == (ReviewStatus.FINAL, D("80.50"))
    assert list(Score.objects.values_list("criterion", "value").order_by("criterion")) == before
    page = judge_client.get(score_url(assignment)).content.decode()
    assert "Your review is final and locked." in page
    assert 'name="score-' not in page
    assert "1 of 1 done" in judge_client.get("/admin/judging/myassignment/").content.decode()


def test_other_judges_scores_are_hidden_until_the_results_are_confirmed(
    judge_client, scene, judges, organiser, preliminary
):
    theirs = Assignment.objects.get(dossier=scene["mine"], judge=judges[1])
    criteria = selectors.round_criteria(theirs)
    services.review_save(
        assignment=theirs,
        values={c.pk: "3" for c in criteria},
        comment="",
        by=judges[1],
        submit=True,
    )
    mine = scene["assignments"][scene["mine"].pk]
    page = judge_client.get(score_url(mine)).content.decode()
    assert "Judge 2" not in page
    assert "30.00" not in page
    missing = [a.pk for a in services.missing_reviews(preliminary)]
    services.round_close(round_=preliminary, by=organiser, missing_accepted=missing)
    page = judge_client.get(score_url(mine)).content.decode()
    assert "Judge 2" not in page  # closed, but it could still reopen
    services.results_confirm(round_=preliminary, by=organiser)
    page = judge_client.get(score_url(mine)).content.decode()
    assert "Judge 2" in page
    assert "30.00" in page


def test_judge_declares_a_conflict_with_an_applicant_from_the_admin(judge_client, scene, judges):
    form = judge_client.get("/admin/judging/myconflict/add/").content.decode()
    assert scene["mine"].applicant.email in form
    assert scene["conflicted"].applicant.email not in form  # already declared
    refused = judge_client.post(
        "/admin/judging/myconflict/add/", {"applicant": scene["mine"].applicant.pk, "reason": ""}
    )
    assert refused.status_code == 200
    assert "Please give a reason." in refused.content.decode()
    done = judge_client.post(
        "/admin/judging/myconflict/add/",
        {"applicant": scene["mine"].applicant.pk, "reason": "Đối thủ cạnh tranh"},
    )
    assert done.status_code == 302
    assert not selectors.visible_dossiers_for(judges[0]).exists()
    assert judge_client.get(score_url(scene["assignments"][scene["mine"].pk])).status_code == 404


def test_judge_declines_from_the_scoring_page(judge_client, scene, judges):
    assignment = scene["assignments"][scene["mine"].pk]
    response = judge_client.post(
        f"/admin/judging/myassignment/{assignment.pk}/decline/", {"reason": "Quá tải"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DECLINED
    # Free panel judges top it up to k = 3 (judge2 holds it already; judge1 declined).
    takers = Assignment.objects.filter(dossier=scene["mine"], status=AssignmentStatus.ACTIVE)
    assert sorted(a.judge.email for a in takers) == [
        "judge2@example.com",
        "judge3@example.com",
        "judge4@example.com",
    ]


# --- Organisers ----------------------------------------------------------------------------


def test_screening_shows_the_engine_outcome_and_bulk_decisions_need_a_justification(
    organiser_client, season
):
    category = season.categories.get(number=3)
    eligible = make_dossier(category, 1, status=DossierStatus.SUBMITTED)
    not_owner = make_dossier(category, 2, status=DossierStatus.SUBMITTED, owns_solution=False)
    page = organiser_client.get("/admin/submissions/dossier/").content.decode()
    assert "Eligible" in page
    assert "Ineligible" in page
    data = {"action": "mark_ineligible", "_selected_action": [eligible.pk, not_owner.pk]}
    confirm = organiser_client.post("/admin/submissions/dossier/", data)
    assert confirm.status_code == 200
    assert "against the eligibility check" in confirm.content.decode()
    organiser_client.post("/admin/submissions/dossier/", {**data, "apply": "1"})
    eligible.refresh_from_db()
    not_owner.refresh_from_db()
    assert eligible.status == DossierStatus.SUBMITTED  # refused: no justification
    assert not_owner.status == DossierStatus.INELIGIBLE
    organiser_client.post(
        "/admin/submissions/dossier/",
        {**data, "apply": "1", "justification": "Sản phẩm thuộc công ty mẹ"},
    )
    eligible.refresh_from_db()
    assert eligible.status == DossierStatus.INELIGIBLE
    assert eligible.eligibility_override == "ineligible"
    latest = eligible.history.latest()
    assert latest.history_change_reason == "Sản phẩm thuộc công ty mẹ"
    audit = organiser_client.get(f"/admin/submissions/dossier/{eligible.pk}/audit/")
    assert "Sản phẩm thuộc công ty mẹ" in audit.content.decode()


def test_audit_trail_lists_assignments_conflicts_and_reviews_with_who(
    organiser_client, scene, judges
):
    mine = scene["assignments"][scene["mine"].pk]
    criteria = selectors.round_criteria(mine)
    services.review_save(
        assignment=mine, values={criteria[0].pk: "7"}, comment="", by=judges[0], submit=False
    )
    page = organiser_client.get(f"/admin/submissions/dossier/{scene['mine'].pk}/audit/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "assigned by hand" in text
    assert "draft saved" in text
    assert str(judges[0]) in text
    conflicted = organiser_client.get(
        f"/admin/submissions/dossier/{scene['conflicted'].pk}/audit/"
    ).content.decode()
    assert "Công ty của vợ tôi" in conflicted
    assert "conflict of interest" in conflicted


def test_results_page_confirms_and_verifies(organiser_client, scene, judges, preliminary):
    for assignment in Assignment.objects.filter(status=AssignmentStatus.ACTIVE):
        criteria = selectors.round_criteria(assignment)
        services.review_save(
            assignment=assignment,
            values={c.pk: "7" for c in criteria},
            comment="",
            by=assignment.judge,
            submit=True,
        )
    url = f"/admin/judging/round/{preliminary.pk}/results/"
    preview = organiser_client.get(url).content.decode()
    assert "Preview computed from the current final reviews" in preview
    assert "VDA2024-C3-0001" in preview
    action = {"action": "close_rounds", "_selected_action": [preliminary.pk]}
    page = organiser_client.post("/admin/judging/round/", action)
    assert page.status_code == 200  # the confirmation page first
    assert "Closes now: judges can no longer score" in page.content.decode()
    closed = organiser_client.post("/admin/judging/round/", {**action, "post": "yes"})
    assert closed.status_code == 302
    assert organiser_client.post(url, {"confirm": "1"}).status_code == 302
    preliminary.refresh_from_db()
    assert preliminary.snapshot.sha256 in organiser_client.get(url).content.decode()
    verified = organiser_client.get(url, {"verify": "1"})
    assert verified.context["verification"].ok
    assert Dossier.objects.get(pk=scene["mine"].pk).status == DossierStatus.FINALIST


def test_organiser_reassigns_an_assignment(organiser_client, scene, judges):
    assignment = scene["other_assignment"]
    url = f"/admin/judging/assignment/{assignment.pk}/reassign/"
    assert organiser_client.get(url).status_code == 200
    response = organiser_client.post(url, {"judge": judges[3].pk, "note": "Cân bằng tải"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.REMOVED
    assert Assignment.objects.get(dossier=scene["other"], judge=judges[3]).is_active


def test_organiser_cannot_assign_a_conflicted_judge_by_hand(
    organiser_client, scene, judges, preliminary
):
    response = organiser_client.post(
        "/admin/judging/assignment/add/",
        {"round": preliminary.pk, "dossier": scene["conflicted"].pk, "judge": judges[0].pk},
    )
    assert response.status_code == 200
    assert "conflict of interest" in response.content.decode()
    assert not Assignment.objects.filter(
        dossier=scene["conflicted"], judge=judges[0], status=AssignmentStatus.ACTIVE
    ).exists()


def test_the_admin_index_links_organisers_to_their_dashboard(organiser, judges):
    from django.test import Client

    for user, shown in [(organiser, True), (judges[0], False)]:
        client = Client()
        client.force_login(user)
        assert ('href="/organisers/"' in client.get("/admin/").content.decode()) is shown


def test_screening_page_lists_the_documents_and_downloads_them_all_as_a_logged_zip(
    organiser_client, organiser, scene, judges
):
    import io
    import zipfile

    from submissions.models import FileAccess

    mine = scene["mine"]
    attach(mine, "giay-phep.pdf")
    page = organiser_client.get(f"/admin/submissions/dossier/{mine.pk}/screen/").content.decode()
    assert "form-Dossier 3.1.pdf" in page
    assert "giay-phep.pdf" in page
    assert "application/pdf" in page
    assert "Download all 2 files as a ZIP" in page
    url = f"/admin/submissions/dossier/{mine.pk}/files.zip"
    response = organiser_client.get(url)
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == [
        "01-application_form-form-Dossier 3.1.pdf",
        "02-application_form-giay-phep.pdf",
    ]
    assert archive.read(archive.namelist()[1]) == PDF
    # The page read each PDF for its first-page preview, then the ZIP read each file.
    assert list(FileAccess.objects.order_by("pk").values_list("user", "dossier", "thumbnail")) == [
        (organiser.pk, mine.pk, True),
        (organiser.pk, mine.pk, True),
        (organiser.pk, mine.pk, False),
        (organiser.pk, mine.pk, False),
    ]
    organiser_client.force_login(judges[0])  # a judge of the dossier: not for them
    assert organiser_client.get(url).status_code == 403
    assert FileAccess.objects.count() == 4
