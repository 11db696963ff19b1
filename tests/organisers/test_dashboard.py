"""The organisers' dashboard: who may see it, what each chart counts, accessible SVG with its
numbers as tables, numbers per language, empty seasons, and a constant number of queries."""

import re
import uuid
from datetime import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.models import User
from accounts.roles import Role
from categories.demo import seed_vda_2024
from categories.models import RoundKind
from judging.models import Assignment, Review, ReviewStatus, Round, RoundState
from organisers.charts import Series, bar_chart, nice_scale
from organisers.templatetags.dashboard_charts import count_format
from submissions.models import (
    ApplicantKind,
    ApplicantProfile,
    Dossier,
    DossierStatus,
    OutboundEmail,
    ReminderDelivery,
    ReminderPlan,
    ReminderSlot,
)
from tests.factories import DossierFactory, UserFactory, applicant
from tests.judging.helpers import english
from tests.judging.organiser_season import ICT, judge, judged_season, organiser

pytestmark = pytest.mark.django_db

DASHBOARD = "/organisers/"


@pytest.fixture
def boss_client(client):
    client.force_login(organiser())
    return english(client)


def charts_in(html: str) -> list[str]:
    return re.findall(r'<svg class="chart-svg" role="img" aria-labelledby="([^"]+)"', html)


# --- Who may see it --------------------------------------------------------------------------


def test_visitors_sign_in_and_only_organisers_see_the_dashboard(client, season):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/organisers/"
    for user in (judge(1), applicant("ung-vien@example.com")):
        client.force_login(user)
        assert client.get(DASHBOARD).status_code == 403
    client.force_login(organiser())
    assert client.get(DASHBOARD).status_code == 200
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(DASHBOARD).status_code == 200


def test_the_menu_links_the_dashboard_for_organisers_only(client, season):
    client.force_login(organiser())
    assert 'href="/organisers/"' in client.get("/").content.decode()
    for user in (judge(1), applicant("ung-vien@example.com")):
        client.force_login(user)
        assert 'href="/organisers/"' not in client.get("/").content.decode()


# --- A judged season -------------------------------------------------------------------------


def test_a_judged_season_in_figures_and_accessible_charts(client):
    data = judged_season()
    client.force_login(data.organiser)

    response = english(client).get(DASHBOARD)

    assert response.status_code == 200
    html = response.content.decode()
    context = response.context
    assert (context["headline"].dossiers, context["headline"].received) == (4, 4)
    assert context["headline"].honorees == 3
    # Judge 3's pair is under a conflict of interest: it is no work to be done.
    assert (context["headline"].reviews_done, context["headline"].reviews_total) == (8, 8)
    status = context["status_chart"]
    assert [s.key for s in status.series] == ["honoree", "not_selected"]
    assert [bar.values for bar in status.bars] == [[1, 0], [0, 0], [2, 1], [0, 0], [0, 0]]
    (final,) = context["rounds"]
    assert [bar.values for bar in final.panels.bars] == [[2, 0], [0, 0], [6, 0], [0, 0], [0, 0]]
    assert [(bar.label, bar.values) for bar in final.judges.bars] == [
        ("Giám khảo 1", [4, 0]),
        ("Giám khảo 2", [4, 0]),
    ]
    labelled = charts_in(html)
    # Status, days, provinces, outcomes, panels, judges; no reason was found, no reminder sent.
    assert len(labelled) == 6
    for ids in labelled:
        title, desc = ids.split()
        assert re.search(rf'<title id="{title}">[^<]+</title>', html)
        assert re.search(rf'<desc id="{desc}">[^<]+</desc>', html)
    # Every chart also has its numbers as a table (also the empty ones: reasons, reminders).
    assert html.count('<figure class="chart"') == 8
    assert html.count('<details class="chart-data">') == 8
    assert "The final round&#x27;s results are not confirmed" not in html
    assert 'data-export="honorees-xlsx" href="/organisers/exports/2024/honorees.xlsx"' in html
    assert "style=" not in html  # the CSP allows no inline style


def test_provinces_of_2024_with_a_table_of_all_63(boss_client, season):
    for n, code in enumerate(["01", "01", "79", "46"]):
        received(season, n, province=code)
    received(season, 9, province="")

    response = boss_client.get(DASHBOARD)

    provinces = response.context["province_chart"]
    assert [(bar.label, bar.total) for bar in provinces["chart"].bars] == [
        ("Hà Nội", 2),
        ("Thừa Thiên Huế", 1),
        ("Hồ Chí Minh", 1),
    ]
    assert len(provinces["table"]) == 63
    assert provinces["unknown"] == 1
    html = response.content.decode()
    assert '<th scope="row">Cà Mau</th><td class="text-end">0</td>' in html


def test_submissions_per_day_count_vietnam_days_from_opening_to_deadline(boss_client, season):
    received(season, 1, at=datetime(2024, 4, 16, 0, 10, tzinfo=ICT))  # 15/04 in UTC
    received(season, 2, at=datetime(2024, 6, 30, 23, 30, tzinfo=ICT))
    received(season, 3, at=datetime(2024, 6, 30, 8, 0, tzinfo=ICT))
    received(season, 4, at=datetime(2024, 6, 1, 8, 0, tzinfo=ICT), status=DossierStatus.WITHDRAWN)

    chart = boss_client.get(DASHBOARD).context["daily_chart"]

    assert len(chart.columns) == 76  # 16/04 … 30/06
    assert (chart.columns[0].day.isoformat(), chart.columns[0].value) == ("2024-04-16", 1)
    assert (chart.columns[-1].day.isoformat(), chart.columns[-1].value) == ("2024-06-30", 2)
    assert chart.total == 3  # a withdrawn dossier is not received


def test_eligibility_outcomes_and_reasons(boss_client, season):
    received(season, 1, status=DossierStatus.SUBMITTED, reasons=["not_ict"])
    received(season, 2, status=DossierStatus.ELIGIBLE)
    received(season, 3, status=DossierStatus.IN_REVIEW, reasons=["not_ict", "not_owner"])
    Dossier.objects.filter(receipt_number="VDA2024-C3-0003").update(eligibility_override="eligible")
    received(season, 4, status=DossierStatus.INELIGIBLE, reasons=["not_owner"])
    received(season, 5, status=DossierStatus.INELIGIBLE, number=1)
    Dossier.objects.filter(receipt_number="VDA2024-C1-0005").update(
        eligibility_override="ineligible"
    )
    DossierFactory(category=season.categories.get(number=3))  # a draft counts nowhere here

    context = boss_client.get(DASHBOARD).context

    assert [(bar.label, bar.total) for bar in context["outcome_chart"].bars] == [
        ("Awaiting screening", 1),
        ("Eligible", 1),
        ("Eligible by the organisers' decision", 1),
        ("Ineligible", 1),
        ("Ineligible by the organisers' decision", 1),
    ]
    reasons = context["reason_chart"]
    assert [(bar.label, bar.values) for bar in reasons.bars] == [
        ("Not working in ICT", [0, 0, 2, 0, 0]),
        ("Does not own the solution", [0, 0, 2, 0, 0]),
    ]


def test_reminders_sent_waiting_and_failed_per_slot(boss_client, season):
    plan = ReminderPlan.objects.create(season=season)
    week = ReminderSlot.objects.create(plan=plan, days_before=7)
    day = ReminderSlot.objects.create(plan=plan, days_before=1)
    for n, (slot, status) in enumerate(
        [(week, "sent"), (week, "sent"), (week, "failed"), (day, "pending"), (day, None)]
    ):
        remind(slot, applicant(f"nhac{n}@example.com"), status)

    chart = boss_client.get(DASHBOARD).context["reminder_chart"]

    assert [s.label for s in chart.series] == ["Sent", "Waiting to be sent", "Failed"]
    assert [(bar.label, bar.values) for bar in chart.bars] == [
        ("7 days before, 09:00 · Applicants with unsubmitted dossiers", [2, 0, 1]),
        ("1 day before, 09:00 · Applicants with unsubmitted dossiers", [0, 2, 0]),
    ]


# --- Empty seasons ---------------------------------------------------------------------------


def test_no_season_yet(boss_client):
    response = boss_client.get(DASHBOARD)
    assert response.status_code == 200
    assert b"There is no season yet." in response.content


def test_an_empty_season_shows_empty_states(boss_client, season):
    response = boss_client.get(DASHBOARD)

    assert response.status_code == 200
    html = response.content.decode()
    assert charts_in(html) == []
    assert "No dossier yet." in html
    assert "No dossier has been received yet." in html
    assert "No judging round has been set up for this season yet." in html
    assert "No reminder has been sent yet." in html
    assert 'data-export="honorees-unavailable"' in html


@pytest.mark.parametrize("judged", [False, True])
def test_the_demo_season_gives_organisers_something_to_see(boss_client, judged):
    call_command("seed_demo", "--force", *(["--judged"] if judged else []), stdout=None)

    response = boss_client.get(DASHBOARD)

    assert response.status_code == 200
    assert len(charts_in(response.content.decode())) >= 3
    assert ('data-export="honorees-xlsx"' in response.content.decode()) is judged


def test_another_season_is_chosen_by_its_year(boss_client, season):
    other = seed_vda_2024()
    other.pk, other.year, other.name = None, 2023, "VDA 2023"
    other.save()

    response = boss_client.get(DASHBOARD + "?season=2023")

    assert response.context["season"].year == 2023
    assert boss_client.get(DASHBOARD + "?season=1999").context["season"].year == 2024


# --- Charts ----------------------------------------------------------------------------------


def test_chart_numbers_follow_the_language_and_the_geometry_does_not():
    chart = bar_chart(
        id="c",
        title="Hồ sơ",
        description="Mô tả",
        row_header="Hạng mục",
        series=[Series("a", "A", "st-done"), Series("b", "B", "st-open")],
        rows=[("Một", [1234, 3]), ("Hai", [7, 0])],
    )
    with translation.override("vi"):
        vi = render_to_string("organisers/charts/bars.html", {"chart": chart})
    with translation.override("en"):
        en = render_to_string("organisers/charts/bars.html", {"chart": chart})

    assert ">1.237</text>" in vi
    assert ">1.000</text>" in vi  # an axis tick
    assert ">1,237</text>" in en
    assert '<td class="text-end">1.234</td>' in vi
    assert re.search(r'<rect class="st-done" x="238.0" y="28" width="\d+\.\d+" height="18">', vi)
    assert not re.search(r'(x|y|width)="\d+,\d', vi)  # no decimal comma inside the SVG
    assert vi.count("<tr>") == 4  # header, two bars, total


def test_chart_markup_escapes_every_label_and_writes_counts_as_intcomma():
    chart = bar_chart(
        id="c",
        title="T",
        description="D",
        row_header="Giám khảo",
        series=[Series("a", "<i>A</i>", "st-done"), Series("b", "B", "st-open")],
        rows=[('<script>alert("x")</script> & Co', [1234567, 1])],
    )
    with translation.override("vi"):
        html = render_to_string("organisers/charts/bars.html", {"chart": chart})
        assert all(count_format()(n) == intcomma(n) for n in (0, 7, 999, 1000, 1234567, 10**9))
    with translation.override("en"):
        assert all(count_format()(n) == intcomma(n) for n in (0, 999, 1000, 1234567))

    assert "<script>" not in html
    assert "<i>" not in html
    label = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"
    assert f"<title>{label} – &lt;i&gt;A&lt;/i&gt;: 1.234.567</title>" in html
    assert f'<th scope="row">{label}</th>' in html


def test_axis_scales_are_round_numbers():
    assert [nice_scale(v) for v in (0, 3, 7, 13, 21, 61, 450, 1500)] == [
        (1, 1),
        (3, 1),
        (8, 2),
        (20, 5),
        (30, 10),
        (80, 20),
        (500, 100),
        (2000, 500),
    ]


# --- Queries ---------------------------------------------------------------------------------


def test_the_dashboard_costs_the_same_queries_with_1_and_500_dossiers(client, season):
    client.force_login(organiser())
    round_ = Round.objects.create(
        season=season,
        kind=RoundKind.PRELIMINARY,
        opens_at=datetime(2024, 7, 1, tzinfo=ICT),
        closes_at=datetime(2024, 8, 31, tzinfo=ICT),
        state=RoundState.OPEN,
    )
    judges = [judge(n) for n in (1, 2, 3)]
    slot = ReminderSlot.objects.create(
        plan=ReminderPlan.objects.create(season=season), days_before=1
    )
    grow(season, round_, judges, slot, 0, 1)

    with CaptureQueriesContext(connection) as one:
        assert client.get(DASHBOARD).status_code == 200
    grow(season, round_, judges, slot, 1, 500)
    with CaptureQueriesContext(connection) as many:
        response = client.get(DASHBOARD)

    assert response.context["headline"].dossiers == 500
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


# --- Helpers ---------------------------------------------------------------------------------

STATUSES = [
    DossierStatus.DRAFT,
    DossierStatus.SUBMITTED,
    DossierStatus.ELIGIBLE,
    DossierStatus.INELIGIBLE,
    DossierStatus.IN_REVIEW,
    DossierStatus.WITHDRAWN,
]
PROVINCES = ["01", "79", "48", "46", "27", "31", "92"]


def received(
    season, n, *, province="01", at=None, status=DossierStatus.ELIGIBLE, reasons=(), number=3
):
    at = at or datetime(2024, 6, 1, 9, 0, tzinfo=ICT)
    return DossierFactory(
        applicant=applicant(f"nop{n}@example.com", province_code=province, province_name=""),
        category=season.categories.get(number=number),
        status=status,
        receipt_number=f"VDA2024-C{number}-{n:04d}",
        first_submitted_at=at,
        submitted_at=at,
        eligibility_reasons=list(reasons),
    )


def remind(slot, user, status) -> None:
    key = f"reminder:{slot.pk}:{user.pk}"
    if status:
        OutboundEmail.objects.create(
            key=key, to_email=user.email, subject="Nhắc hạn", text_body="…", status=status
        )
    ReminderDelivery.objects.create(slot=slot, user=user, email_id=key, run_token=uuid.uuid4())


def grow(season, round_, judges, slot, first: int, last: int) -> None:
    """Dossiers first…last-1 with every kind of data the dashboard counts, in bulk."""
    categories = list(season.categories.order_by("number"))
    users = User.objects.bulk_create(
        User(email=f"nhieu{n}@example.com", full_name=f"Ứng viên {n}") for n in range(first, last)
    )
    ApplicantProfile.objects.bulk_create(
        ApplicantProfile(
            user=user,
            kind=ApplicantKind.ENTERPRISE,
            legal_name=f"Công ty {n}",
            province_code=PROVINCES[n % len(PROVINCES)],
        )
        for n, user in zip(range(first, last), users, strict=True)
    )
    dossiers = Dossier.objects.bulk_create(
        _bulk_dossier(season, categories[n % 5], user, n)
        for n, user in zip(range(first, last), users, strict=True)
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(round=round_, dossier=d, judge=judges[n % 3])
        for n, d in zip(range(first, last), dossiers, strict=True)
    )
    Review.objects.bulk_create(
        Review(
            assignment=a,
            status=ReviewStatus.FINAL,
            total=70,
            submitted_at=datetime(2024, 7, 5, tzinfo=ICT),
        )
        for a in assignments[::2]
    )
    OutboundEmail.objects.bulk_create(
        OutboundEmail(
            key=f"reminder:{slot.pk}:{u.pk}",
            to_email=u.email,
            subject="s",
            text_body="t",
            status=["sent", "failed", "pending"][u.pk % 3],
        )
        for u in users
    )
    ReminderDelivery.objects.bulk_create(
        ReminderDelivery(
            slot=slot, user=u, email_id=f"reminder:{slot.pk}:{u.pk}", run_token=uuid.uuid4()
        )
        for u in users
    )
    Group.objects.get(name=Role.APPLICANT).user_set.add(*users)


def _bulk_dossier(season, category, user, n: int) -> Dossier:
    status = STATUSES[n % len(STATUSES)]
    at = None if status == DossierStatus.DRAFT else datetime(2024, 5, 1 + n % 30, 9, tzinfo=ICT)
    return Dossier(
        season=season,
        category=category,
        applicant=user,
        status=status,
        receipt_number=None if at is None else f"VDA2024-C{category.number}-{n:04d}",
        first_submitted_at=at,
        submitted_at=at,
        title=f"Hồ sơ {n}",
        eligibility_reasons=["not_ict"] if status == DossierStatus.INELIGIBLE else [],
    )
