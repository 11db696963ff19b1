"""The judges' reminder audience, through the reminder engine of submissions."""

from datetime import datetime, time, timedelta

import pytest

from judging import services
from judging.selectors import round_criteria
from submissions.models import OutboundEmail, ReminderPlan, ReminderSlot
from submissions.reminders import get_audience, plan_refresh_slots, reminders_run
from tests.judging.conftest import ICT
from tests.judging.helpers import make_dossier

pytestmark = pytest.mark.django_db


def test_judges_with_unfinished_reviews_are_reminded_before_the_round_closes(
    preliminary, panel, category, judges, organiser
):
    done, open_, conflicted = (make_dossier(category, n) for n in (1, 2, 3))
    for dossier in (done, open_, conflicted):
        services.assignment_create(
            round_=preliminary, dossier=dossier, judge=judges[0], by=organiser
        )
    services.assignment_create(round_=preliminary, dossier=done, judge=judges[1], by=organiser)
    finished = done.judging_assignments.get(judge=judges[1])
    services.review_save(
        assignment=finished,
        values={c.pk: "5" for c in round_criteria(finished)},
        comment="",
        by=judges[1],
        submit=True,
    )
    services.conflict_declare(judge=judges[0], dossier=conflicted, reason="Cố vấn", by=judges[0])

    assert get_audience("judges_preliminary") is not None
    plan = ReminderPlan.objects.create(season=preliminary.season, audience="judges_preliminary")
    ReminderSlot.objects.create(plan=plan, days_before=1, time_of_day=time(9, 0))
    plan_refresh_slots(plan=plan)
    at = datetime(2024, 8, 30, 10, 0, tzinfo=ICT)  # the day before 31/08 23:59:59
    assert preliminary.closes_at - at < timedelta(days=2)

    (result,) = reminders_run(at=at)
    # judge1: two open dossiers; judges 2–4 took over the conflicted one (k = 3).
    assert result.count == 4
    reminders = OutboundEmail.objects.filter(key__startswith="reminder:")
    body = dict(reminders.values_list("to_email", "text_body"))
    # A duty: no unsubscribe link or header.
    assert not any("unsubscribe" in text.lower() for text in body.values())
    assert set(reminders.values_list("headers", flat=True)) == {None}
    assert set(body) == {j.email for j in judges[:4]}
    assert "VDA2024-C3-0001" in body[judges[0].email]
    assert "VDA2024-C3-0002" in body[judges[0].email]
    assert "VDA2024-C3-0003" not in body[judges[0].email]  # conflicted: never named
    assert "VDA2024-C3-0003" in body[judges[1].email]
    assert "VDA2024-C3-0001" not in body[judges[1].email]  # judge2 finished it
    assert "/admin/judging/myassignment/" in body[judges[0].email]
    assert sum(r.count for r in reminders_run(at=at)) == 0  # once per slot


def test_a_round_gets_its_judges_reminder_plan_and_a_judge_cannot_opt_out(
    preliminary, panel, category, judges, organiser
):
    from submissions.models import ReminderOptOut

    services.round_save_settings(round_=preliminary, by=organiser)
    plan = ReminderPlan.objects.get(season=preliminary.season, audience="judges_preliminary")
    assert list(plan.slots.values_list("days_before", flat=True)) == [14, 7, 3, 1, 0]
    dossier = make_dossier(category, 1)
    services.assignment_create(round_=preliminary, dossier=dossier, judge=judges[0], by=organiser)
    told = OutboundEmail.objects.get(key__startswith="judge-assigned:")
    assert told.to_email == judges[0].email
    assert "31/08/2024 23:59" in told.text_body
    assert "/admin/judging/myassignment/" in told.text_body
    ReminderOptOut.objects.create(user=judges[0], plan=plan)
    (result,) = reminders_run(at=datetime(2024, 8, 31, 10, 0, tzinfo=ICT))
    assert result.count == 1
