"""Feedback to entrants, per round: nothing; per-criterion averages and rank band; and the
judges' comments, anonymised. Exact values from the confirmed snapshot, shown only to the
dossier's own applicant once the result is published; the result email links to it."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from judging.models import ResultSnapshot, Round
from organisers.demo import seed_published_season
from organisers.feedback import entrant_feedback, rank_band, shareable_comments
from organisers.models import FeedbackLevel, RoundFeedback
from organisers.services import round_feedback_set
from submissions.models import Dossier, OutboundEmail
from tests.judging.helpers import english
from tests.judging.organiser_season import judge, organiser

pytestmark = pytest.mark.django_db

# The demo's judges comment on the first criterion for the entrant, on the second for
# organisers only; each review also has an overall comment (no visibility choice: never shown).
COMMENT_1 = "Strategy and leadership</span>: Định hướng rõ ràng, có lộ trình cụ thể."
COMMENT_2 = "Strategy and leadership</span>: Cần nêu rõ nguồn lực."
ORGANISERS_ONLY = "Chỉ dành cho Ban Tổ chức: đề nghị xác minh số liệu."
REVIEW_COMMENTS = [
    "Hồ sơ rõ ràng, số liệu đầy đủ; nên nêu thêm kết quả đo được.",
    "Giải pháp có tác động rõ; phần dữ liệu cần minh chứng thêm.",
]
# Dossier 1.i, criterion k (from 0): judge 1 gives 9 − (i mod 9)/2 + (k mod 2)/2, judge 2 half
# a point less. Dossier 1.1: 8.5 and 8.0 (even k), 9.0 and 8.5 (odd k).
AVERAGES_1 = [
    ("Strategy and leadership", "8.25 / 10"),
    ("Platforms and solutions", "8.75 / 10"),
    ("Data and integration", "8.25 / 10"),
    ("Measured outcomes", "8.75 / 10"),
    ("Replicability", "8.25 / 10"),
]


@pytest.fixture
def staff():
    return organiser(), [judge(1), judge(2)]


def season_with(staff, level):
    boss, judges = staff
    return seed_published_season(
        year=2023,
        organiser=boss,
        judges=judges,
        per_category=4,
        honorees_per_category=2,
        numbers=(1,),
        feedback=level,
    )


def dossier(n: int) -> Dossier:
    return Dossier.objects.get(receipt_number=f"VDA2023-C1-{n:04d}")


def page(client, d: Dossier):
    client.force_login(d.applicant)
    return english(client).get(f"/applicant/dossiers/{d.pk}/").content.decode()


def averages(html: str) -> list[tuple[str, str]]:
    return re.findall(r"<tr><td>([^<]+)</td><td class=\"text-end\" data-average>([^<]+)</td>", html)


def test_rank_bands():
    assert rank_band(1, 4, 3) == "nhóm 25 % dẫn đầu của hạng mục 3"  # Vietnamese by default
    translation.activate("en")
    assert rank_band(1, 4, 3) == "top 25 % of category 3"
    assert rank_band(2, 4, 3) == "top 50 % of category 3"
    assert rank_band(3, 4, 3) == "lower half of category 3"
    assert rank_band(1, 10, 1) == "top 10 % of category 1"
    assert rank_band(2, 10, 1) == "top 25 % of category 1"


def test_nothing_shows_nothing(client, staff):
    season_with(staff, FeedbackLevel.NOTHING)
    html = page(client, dossier(1))
    assert 'id="feedback"' not in html
    assert entrant_feedback(dossier(1)) == []


def test_averages_and_rank_band_exactly(client, staff):
    season_with(staff, FeedbackLevel.AVERAGES)
    html = page(client, dossier(1))
    assert 'data-feedback="averages"' in html
    assert "Your dossier ranked in the top 25 % of category 1." in html
    assert averages(html) == AVERAGES_1
    assert "data-comment" not in html
    assert "Định hướng rõ ràng" not in html
    assert "Giám khảo" not in html  # no judge's name
    third = page(client, dossier(3))
    assert "Your dossier ranked in the lower half of category 1." in third
    assert averages(third)[0] == ("Strategy and leadership", "7.25 / 10")  # 7.5 and 7.0


def test_comments_anonymised_and_shuffled(client, staff):
    season_with(staff, FeedbackLevel.COMMENTS)
    html = page(client, dossier(2))
    assert "Your dossier ranked in the top 50 % of category 1." in html
    pattern = r'<li data-comment><span class="fw-semibold">(.+?)</li>'
    shown = re.findall(pattern, html)
    assert sorted(shown) == sorted([COMMENT_1, COMMENT_2])
    assert ORGANISERS_ONLY not in html  # "for organisers only": never
    assert not any(comment in html for comment in REVIEW_COMMENTS)
    assert "Giám khảo" not in html
    assert "giamkhao" not in html
    # The order is shuffled per dossier, and the same on every visit.
    assert shown == re.findall(pattern, page(client, dossier(2)))
    # Not always the first judge's first: the order follows the snapshot and the dossier. (Over
    # four dossiers all orders may agree, 1 time in 8; over 20 seeds, 1 in 500,000.)
    snapshot = ResultSnapshot.objects.get(round__kind="final")
    orders = set()
    for n in range(20):
        snapshot.sha256 = f"{n:064x}"  # unsaved: only the seed of the shuffle changes
        orders.add(tuple(c.text for c in shareable_comments(snapshot, dossier(2))))
    assert len(orders) == 2


def test_only_the_own_applicant_sees_it(client, staff):
    season_with(staff, FeedbackLevel.COMMENTS)
    other = dossier(2)
    client.force_login(dossier(1).applicant)
    response = client.get(f"/applicant/dossiers/{other.pk}/")
    assert response.status_code in (403, 404)
    assert "Định hướng rõ ràng" not in response.content.decode()


def test_not_before_publication(client, staff):
    season_with(staff, FeedbackLevel.COMMENTS)
    Dossier.objects.filter(receipt_number="VDA2023-C1-0001").update(published_status="")
    assert entrant_feedback(dossier(1)) == []
    Dossier.objects.filter(receipt_number="VDA2023-C1-0001").update(published_status="honoree")
    ResultSnapshot.objects.update(published_at=None)
    assert entrant_feedback(dossier(1)) == []


def test_result_email_links_to_the_dossier_page(staff, settings):
    season_with(staff, FeedbackLevel.AVERAGES)
    d = dossier(1)
    email = OutboundEmail.objects.get(key__startswith="judging-result:", to_email=d.applicant.email)
    assert f"{settings.SITE_URL}/applicant/dossiers/{d.pk}/" in email.text_body


def test_only_organisers_choose_the_feedback(staff):
    boss, judges = staff
    season_with(staff, FeedbackLevel.NOTHING)
    round_ = Round.objects.get(season__year=2023)
    with pytest.raises(PermissionDenied):
        round_feedback_set(round_=round_, level=FeedbackLevel.COMMENTS, by=judges[0])
    assert RoundFeedback.objects.get(round=round_).level == FeedbackLevel.NOTHING
    round_feedback_set(round_=round_, level=FeedbackLevel.COMMENTS, by=boss)
    assert RoundFeedback.objects.get(round=round_).level == FeedbackLevel.COMMENTS


def test_organisers_only_comments_never_reach_the_entrant_whatever_the_level(client, staff):
    season_with(staff, FeedbackLevel.COMMENTS)
    from judging.models import CommentVisibility, Score

    # Even when every comment of a dossier is for organisers only, none is shown.
    Score.objects.filter(review__assignment__dossier=dossier(1)).update(
        comment_visibility=CommentVisibility.ORGANISERS
    )
    html = page(client, dossier(1))
    assert 'data-feedback="comments"' in html
    assert "data-comment" not in html
    assert "Định hướng rõ ràng" not in html
    assert ORGANISERS_ONLY not in html
    assert entrant_feedback(dossier(1))[0].comments == []
