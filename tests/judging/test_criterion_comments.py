"""Judges comment per criterion, each comment marked for the entrant or for organisers only."""

import pytest
from django.utils.translation import override

from judging import selectors, services
from judging.models import CommentVisibility, Score
from judging.services import ReviewInvalid
from tests.judging.test_admin import scene, score_url  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def _assignment(scene):  # noqa: F811
    return scene["assignments"][scene["mine"].pk]


def test_service_saves_each_criterions_comment_and_visibility(scene, judges):  # noqa: F811
    assignment = _assignment(scene)
    criteria = selectors.round_criteria(assignment)
    values = {c.pk: "7" for c in criteria}
    comments = {
        criteria[0].pk: ("  Rõ ràng, có số liệu.  ", CommentVisibility.ENTRANT),
        criteria[1].pk: ("Nghi ngờ số người dùng", CommentVisibility.ORGANISERS),
    }
    services.review_save(
        assignment=assignment,
        values=values,
        comment="",
        by=judges[0],
        submit=False,
        comments=comments,
    )
    saved = {s.criterion_id: (s.comment, s.comment_visibility) for s in Score.objects.all()}
    assert saved[criteria[0].pk] == ("Rõ ràng, có số liệu.", "entrant")
    assert saved[criteria[1].pk] == ("Nghi ngờ số người dùng", "organisers")
    assert saved[criteria[2].pk] == ("", "organisers")
    # A caller that passes no comments keeps the saved ones.
    services.review_save(
        assignment=assignment, values=values, comment="", by=judges[0], submit=True
    )
    assert Score.objects.get(criterion=criteria[0]).comment == "Rõ ràng, có số liệu."
    history = Score.objects.get(criterion=criteria[0]).history.first()
    assert history.comment_visibility == "entrant"


@override("en")
def test_a_comment_needs_its_score_and_a_known_visibility(scene, judges):  # noqa: F811
    assignment = _assignment(scene)
    criteria = selectors.round_criteria(assignment)
    with pytest.raises(ReviewInvalid) as refused:
        services.review_save(
            assignment=assignment,
            values={criteria[0].pk: "", criteria[1].pk: "7"},
            comment="",
            by=judges[0],
            submit=False,
            comments={
                criteria[0].pk: ("Không có điểm", "entrant"),
                criteria[1].pk: ("x", "everyone"),
            },
        )
    assert str(refused.value.errors[criteria[0].pk]) == (
        "Give this criterion a score to keep your comment."
    )
    assert str(refused.value.errors[criteria[1].pk]) == "Choose who may read the comment."
    assert Score.objects.count() == 0


def test_scoring_page_offers_a_comment_and_the_visibility_choice_per_criterion(
    judge_client,
    scene,  # noqa: F811
):
    assignment = _assignment(scene)
    criteria = selectors.round_criteria(assignment)
    page = judge_client.get(score_url(assignment)).content.decode()
    for criterion in criteria:
        assert f'name="comment-{criterion.pk}"' in page
        assert f'name="visibility-{criterion.pk}" value="entrant"' in page
        assert f'name="visibility-{criterion.pk}" value="organisers" checked' in page
    assert "May be shown to the entrant" in page
    assert "For organisers only" in page
    assert "only the first kind can ever reach the entrant" in page


def test_judge_posts_comments_and_sees_them_after_submitting(judge_client, scene):  # noqa: F811
    assignment = _assignment(scene)
    criteria = selectors.round_criteria(assignment)
    data = {f"score-{c.pk}": "8" for c in criteria}
    data.update(
        {
            f"comment-{criteria[0].pk}": "Hay",
            f"visibility-{criteria[0].pk}": "entrant",
            f"comment-{criteria[1].pk}": "Chỉ cho ban tổ chức",
            f"visibility-{criteria[1].pk}": "organisers",
            "comment": "",
            "submit": "1",
        }
    )
    assert judge_client.post(score_url(assignment), data).status_code == 302
    score = Score.objects.get(criterion=criteria[0])
    assert (score.comment, score.comment_visibility) == ("Hay", "entrant")
    page = judge_client.get(score_url(assignment)).content.decode()
    assert "Hay <em>(May be shown to the entrant)</em>" in page
    assert "Chỉ cho ban tổ chức <em>(For organisers only)</em>" in page


def test_another_judge_cannot_post_comments_on_this_assignment(
    client,
    scene,  # noqa: F811
    judges,
):
    from tests.judging.helpers import english

    client.force_login(judges[2])
    assignment = _assignment(scene)
    criteria = selectors.round_criteria(assignment)
    data = {f"score-{c.pk}": "8" for c in criteria}
    data.update({f"comment-{criteria[0].pk}": "x", "comment": "", "save": "1"})
    assert english(client).post(score_url(assignment), data).status_code == 404
    assert Score.objects.count() == 0
