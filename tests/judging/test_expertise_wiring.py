"""Assignment by expertise through the service and the admin: judges declare fields and ties,
the automatic assignment keeps its guarantees and maximises matches, organisers see why."""

from collections import Counter
from itertools import combinations

import pytest
from django.utils import translation

from judging import selectors, services
from judging.admin.expertise import explanation_text
from judging.models import Assignment, AssignmentStatus, JudgeProfile, JudgeTie
from judging.services import JudgingError, TieData
from tests.judging.helpers import make_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def active(round_):
    return Assignment.objects.filter(round=round_, status=AssignmentStatus.ACTIVE)


def test_judge_declares_fields_and_ties_and_the_history_keeps_replaced_ties(judges):
    judge = judges[0]
    services.judge_expertise_save(
        judge=judge,
        fields=["fintech", "health", "fintech"],
        ties=[TieData("Công ty Cổ phần VNG", "0303490096", "@VNG.com.vn"), TieData()],
        by=judge,
    )
    profile = JudgeProfile.objects.get(judge=judge)
    assert profile.fields == ["fintech", "health"]
    tie = JudgeTie.objects.get(judge=judge)
    assert (tie.organisation, tie.tax_code, tie.email_domain) == (
        "Công ty Cổ phần VNG",
        "0303490096",
        "vng.com.vn",
    )
    services.judge_expertise_save(
        judge=judge, fields=["fintech"], ties=[TieData("FPT", "", "fpt.com")], by=judge
    )
    assert list(JudgeTie.objects.values_list("organisation", flat=True)) == ["FPT"]
    assert JudgeTie.history.filter(organisation="Công ty Cổ phần VNG", history_type="-").exists()
    assert profile.history.count() == 2


def test_only_the_judge_or_organisers_change_expertise_and_fields_are_checked(judges, organiser):
    with pytest.raises(JudgingError, match="Only organisers"):
        services.judge_expertise_save(judge=judges[0], fields=["fintech"], by=judges[1])
    with pytest.raises(JudgingError, match="Unknown field: space"):
        services.judge_expertise_save(judge=judges[0], fields=["space"], by=judges[0])
    services.judge_expertise_save(judge=judges[0], fields=["health"], by=organiser)
    assert JudgeProfile.objects.get(judge=judges[0]).fields == ["health"]


def _expertise_scene(category, judges):
    """Four panel judges: 1 and 2 know fintech, 3 and 4 health; 3 fintech and 3 health
    dossiers, k = 2."""
    for judge, field in zip(judges[:4], ["fintech", "fintech", "health", "health"], strict=True):
        services.judge_expertise_save(judge=judge, fields=[field], by=None)
    fields = ["fintech"] * 3 + ["health"] * 3
    return [make_dossier(category, n, product_field=f) for n, f in enumerate(fields, 1)]


def test_automatic_assignment_puts_every_dossier_with_its_fields_judges_when_balance_allows(
    preliminary, panel, category, judges, organiser
):
    preliminary.judges_per_dossier = 2
    preliminary.save()
    dossiers = _expertise_scene(category, judges)
    report = services.assign_automatically(round_=preliminary, by=organiser)
    assert report.created == 12
    fields = selectors.judge_fields([j.pk for j in judges[:4]])
    pairs = list(active(preliminary).values_list("dossier__product_field", "judge"))
    assert all(field in fields[judge] for field, judge in pairs)  # 12 of 12 match
    assert sorted(Counter(j for _f, j in pairs).values()) == [3, 3, 3, 3]
    explained = {e["dossier"].pk: e for e in selectors.expertise_explanations(preliminary)}
    assert explanation_text(explained[dossiers[0].pk]["explanation"]) == (
        "2 of 2 judges know Fintech"
    )


def test_the_service_finds_the_brute_force_optimum_and_never_a_conflicted_judge(
    preliminary, panel, category, judges, organiser
):
    preliminary.judges_per_dossier = 2
    preliminary.save()
    dossiers = _expertise_scene(category, judges)
    # judge 1 is conflicted with a fintech dossier: the best plan still has loads 3,3,3,3.
    services.conflict_declare(judge=judges[0], dossier=dossiers[0], reason="Cổ đông", by=organiser)
    services.assign_automatically(round_=preliminary, by=organiser)
    fields = selectors.judge_fields([j.pk for j in judges[:4]])
    got = {d: set() for d in (x.pk for x in dossiers)}
    for d, j in active(preliminary).values_list("dossier", "judge"):
        got[d].add(j)
    assert judges[0].pk not in got[dossiers[0].pk]
    matches = sum(d.product_field in fields[j] for d in dossiers for j in got[d.pk])
    # Brute force over every plan with 2 distinct allowed judges each and loads within one.
    panel_ids = [j.pk for j in judges[:4]]
    options = [
        [c for c in combinations(panel_ids, 2) if not (d == dossiers[0] and judges[0].pk in c)]
        for d in dossiers
    ]
    best = 0
    stack = [(0, Counter(), 0)]
    while stack:
        i, loads, score = stack.pop()
        if i == len(dossiers):
            if max(loads.values()) - min(loads[j] for j in panel_ids) <= 1:
                best = max(best, score)
            continue
        for pair in options[i]:
            gain = sum(dossiers[i].product_field in fields[j] for j in pair)
            stack.append((i + 1, loads + Counter(pair), score + gain))
    assert (matches, best) == (10, 10)


def test_the_same_seed_gives_the_same_assignment(preliminary, panel, category, judges, organiser):
    preliminary.judges_per_dossier = 2
    preliminary.save()
    _expertise_scene(category, judges)
    services.assign_automatically(round_=preliminary, by=organiser)
    first = sorted(active(preliminary).values_list("dossier", "judge", "queue_key"))
    Assignment.history.all().delete()
    Assignment.objects.all().delete()
    services.assign_automatically(round_=preliminary, by=organiser)
    assert sorted(active(preliminary).values_list("dossier", "judge", "queue_key")) == first


def test_judge_page_saves_fields_and_ties(judge_client, judges, panel):
    url = "/admin/judging/myassignment/expertise/"
    page = judge_client.get(url).content.decode()
    assert 'value="fintech"' in page
    assert 'name="ties-0-tax_code"' in page
    data = {
        "fields_": ["fintech", "education"],
        "ties-TOTAL_FORMS": "2",
        "ties-INITIAL_FORMS": "0",
        "ties-MIN_NUM_FORMS": "0",
        "ties-MAX_NUM_FORMS": "30",
        "ties-0-organisation": "Ngân hàng TMCP Á Châu",
        "ties-0-tax_code": "0301452948",
        "ties-0-email_domain": "acb.com.vn",
    }
    assert judge_client.post(url, data).status_code == 302
    assert JudgeProfile.objects.get(judge=judges[0]).fields == ["education", "fintech"]
    assert JudgeTie.objects.get(judge=judges[0]).tax_code == "0301452948"
    assert "Ngân hàng TMCP Á Châu" in judge_client.get(url).content.decode()


def test_expertise_pages_are_for_their_audience(client, judges, organiser, preliminary):
    client.force_login(organiser)
    assert client.get("/admin/judging/myassignment/expertise/").status_code == 403
    assert client.get(f"/admin/judging/judgeprofile/round/{preliminary.pk}/").status_code == 200
    client.force_login(judges[0])
    assert client.get(f"/admin/judging/judgeprofile/round/{preliminary.pk}/").status_code == 403
    assert client.get("/admin/judging/judgeprofile/").status_code == 403


def test_round_expertise_page_explains_each_dossier_in_few_queries(
    organiser_client, preliminary, panel, category, judges, organiser, django_assert_max_num_queries
):
    preliminary.judges_per_dossier = 2
    preliminary.save()
    _expertise_scene(category, judges)
    services.assign_automatically(round_=preliminary, by=organiser)
    with django_assert_max_num_queries(14):
        page = organiser_client.get(f"/admin/judging/judgeprofile/round/{preliminary.pk}/")
    text = page.content.decode()
    assert text.count("2 of 2 judges know Fintech") == 3
    assert text.count("2 of 2 judges know Health") == 3
    assert "12 of 12 assignments put a judge on a dossier of their declared field." in text
