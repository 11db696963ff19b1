"""Deadline reminders across the VDA 2024 schedule (16/6, 23/6, 27/6, 29/6, 30/6 at 09:00 ICT).

The service runs synchronously here (eager Celery); the real broker and worker are in
test_reminders_worker.py.
"""

from datetime import datetime, time, timedelta
from io import StringIO
from smtplib import SMTPServerDisconnected
from zoneinfo import ZoneInfo

import pytest
from django.core import mail, signing
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from categories.models import Season
from submissions.completeness import missing_items
from submissions.demo import PROFILES
from submissions.models import (
    ApplicantProfile,
    Attachment,
    DocumentType,
    Dossier,
    DossierStatus,
    OutboundEmail,
    OutboundEmailStatus,
    ReminderDelivery,
    ReminderOptOut,
    ReminderPlan,
    ReminderSlot,
)
from submissions.provinces import province_name
from submissions.reminders import (
    Audience,
    Recipient,
    applicants,
    ensure_default_plan,
    reminders_dispatch,
    reminders_run,
    reminders_send_batch,
    unsubscribe_token,
)
from submissions.reminders import engine as reminders
from submissions.tasks import send_reminder_batch
from vda_portal.celery import app

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
SLOT_14, SLOT_7, SLOT_3, SLOT_1, SLOT_0 = (
    datetime(2024, 6, day, 9, 0, tzinfo=ICT) for day in (16, 23, 27, 29, 30)
)
FIRST_LATE = datetime(2024, 7, 1, 0, 0, 0, tzinfo=ICT)
ENTERPRISE = PROFILES["applicant1@example.com"]


@pytest.fixture
def plan(season):
    return ensure_default_plan(season)


@pytest.fixture
def clock(time_machine):
    def move(instant: datetime) -> datetime:
        time_machine.move_to(instant, tick=False)
        return instant

    return move


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the reminder service now and deliver its emails (the on-commit tasks) at once."""

    def run_now(**kwargs) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            results = reminders_run(**kwargs)
        return sum(result.count for result in results)

    return run_now


def person(email: str, *, language: str = "en", profile: bool = True, **extra) -> User:
    user = User.objects.create_user(email, "pw-123456789", language=language, **extra)
    if profile:
        values = {**ENTERPRISE, "province_name": province_name(ENTERPRISE["province_code"])}
        ApplicantProfile.objects.create(user=user, **values)
    return user


def dossier(user: User, season: Season, number: int = 3, **fields) -> Dossier:
    fields.setdefault("title", f"Entry of {user.email}")
    category = season.categories.get(number=number)
    return Dossier.objects.create(season=season, category=category, applicant=user, **fields)


def recipients() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


def slot(plan: ReminderPlan, days_before: int) -> ReminderSlot:
    return plan.slots.get(days_before=days_before)


# --- The plan ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_default_plan_of_vda_2024_is_five_slots_at_nine(season):
    plan = ensure_default_plan(season)
    again = ensure_default_plan(season)
    assert again.pk == plan.pk
    slots = list(plan.slots.order_by("send_at"))
    assert [(s.days_before, s.time_of_day) for s in slots] == [
        (14, time(9)),
        (7, time(9)),
        (3, time(9)),
        (1, time(9)),
        (0, time(9)),
    ]
    assert [s.send_at for s in slots] == [SLOT_14, SLOT_7, SLOT_3, SLOT_1, SLOT_0]
    assert plan.enabled is True
    assert plan.include_profiles_without_dossier is False


@pytest.mark.django_db
def test_slots_follow_the_deadline_of_seed_demo_open_now(settings, clock):
    settings.DEBUG = True
    clock(datetime(2026, 11, 27, 10, 0, tzinfo=ICT))
    call_command("seed_demo", stdout=StringIO())
    plan = ReminderPlan.objects.get(audience="applicants")
    assert plan.slots.order_by("send_at").first().send_at == SLOT_14
    call_command("seed_demo", "--open-now", stdout=StringIO())  # deadline: 11/12/2026 23:59:59
    sends = list(plan.slots.order_by("send_at").values_list("send_at", flat=True))
    assert sends == [
        datetime(2026, 11, 27, 9, 0, tzinfo=ICT),
        datetime(2026, 12, 4, 9, 0, tzinfo=ICT),
        datetime(2026, 12, 8, 9, 0, tzinfo=ICT),
        datetime(2026, 12, 10, 9, 0, tzinfo=ICT),
        datetime(2026, 12, 11, 9, 0, tzinfo=ICT),
    ]
    assert plan.slots.count() == 5


@pytest.mark.django_db
def test_a_deadline_moved_anywhere_moves_the_slots_at_the_next_run(plan, season, clock, run):
    ann = person("ann@example.com")
    dossier(ann, season)
    clock(SLOT_14 + timedelta(minutes=5))
    assert run() == 1
    # Extended by a week (e.g. in the season admin): the 7-day slot is now on 30/6.
    Season.objects.filter(pk=season.pk).update(
        submission_deadline=season.submission_deadline + timedelta(days=7)
    )
    clock(SLOT_7 + timedelta(minutes=5))
    assert run() == 0
    assert slot(plan, 7).send_at == SLOT_0
    clock(SLOT_0 + timedelta(minutes=5))
    assert run() == 1
    assert [m.subject for m in mail.outbox][-1] == "[VDA 2024] 7 days left to submit your dossier"


# --- Who gets what, when -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_right_people_at_each_slot_and_never_twice(plan, season, clock, run):
    ann = person("ann@example.com")
    dossier(ann, season, 3)
    bao = person("bao@example.com")
    dossier(bao, season, 2, status=DossierStatus.SUBMITTED)
    dossier(bao, season, 4, title="")  # one draft left among received ones
    chi = person("chi@example.com")
    dossier(chi, season, 3, status=DossierStatus.SUBMITTED)
    dung = person("dung@example.com")
    dossier(dung, season, 3, status=DossierStatus.WITHDRAWN)
    person("em@example.com")  # a profile, no dossier: only when the plan says so
    person("phuong@example.com", profile=False)  # an account, nothing else
    gone = person("gone@example.com", is_active=False)
    dossier(gone, season, 3)

    expected = ["ann@example.com", "bao@example.com"]
    for instant in (SLOT_14, SLOT_7, SLOT_3, SLOT_1, SLOT_0):
        mail.outbox.clear()
        clock(instant - timedelta(minutes=1))
        assert run() == 0
        clock(instant + timedelta(minutes=5))
        assert run() == 2
        assert recipients() == expected
        clock(instant + timedelta(hours=3))
        assert run() == 0  # a second run sends nothing
        assert len(mail.outbox) == 2

    assert ReminderDelivery.objects.count() == 10
    assert OutboundEmail.objects.filter(status=OutboundEmailStatus.SENT).count() == 10
    clock(FIRST_LATE)
    assert run() == 0


@pytest.mark.django_db
def test_profiles_without_a_dossier_when_the_plan_includes_them(plan, season, clock, run):
    ReminderPlan.objects.filter(pk=plan.pk).update(include_profiles_without_dossier=True)
    person("em@example.com")
    person("phuong@example.com", profile=False)
    ann = person("ann@example.com")
    dossier(ann, season, 3, status=DossierStatus.SUBMITTED)
    clock(SLOT_3 + timedelta(minutes=5))
    assert run() == 1
    (message,) = mail.outbox
    assert message.to == ["em@example.com"]
    assert message.subject == "[VDA 2024] 3 days left to enter"
    assert "you have not started a dossier for VDA 2024" in message.body
    assert "http://127.0.0.1:8000/applicant/\n" in message.body


@pytest.mark.django_db
def test_the_email_lists_each_draft_what_it_misses_and_its_link(plan, season, clock, run):
    ann = person("ann@example.com", full_name="Trần An")
    empty = dossier(ann, season, 3, title="VietVoice")
    complete = dossier(ann, season, 2, title="An Phát số", **complete_fields(2))
    for document in (DocumentType.APPLICATION_FORM, DocumentType.BUSINESS_REGISTRATION):
        Attachment.objects.create(
            dossier=complete,
            document_type=document,
            file=f"x/{document}.pdf",
            original_name=f"{document}.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
            uploaded_by=ann,
        )
    assert missing_items(complete, ann.applicant_profile, [DocumentType.APPLICATION_FORM]) != []
    clock(SLOT_0 + timedelta(minutes=5))
    assert run() == 1
    (message,) = mail.outbox
    assert message.subject == "[VDA 2024] Today is the last day to submit your dossier"
    body = message.body
    assert body.startswith("Hello Trần An,\n\nYou have 2 dossiers for VDA 2024")
    assert "close at 30/06/2024 23:59:59 (Vietnam time)" in body
    complete_url = f"http://127.0.0.1:8000/applicant/dossiers/{complete.pk}/"
    empty_url = f"http://127.0.0.1:8000/applicant/dossiers/{empty.pk}/"
    assert (
        "* 2. Excellent digital transformation – enterprise or public service unit: An Phát số\n"
        f"  {complete_url}\n"
        "  Complete: it only needs to be submitted.\n"
    ) in body
    assert (
        "* 3. Excellent digital technology product, service or solution: VietVoice\n"
        f"  {empty_url}\n"
        "  Still missing:\n"
        "  - Summary\n"
    ) in body
    assert "  - Intellectual property ownership commitment\n" in body
    html = message.alternatives[0][0]
    assert f'<a href="{complete_url}">' in html
    assert "<li>Intellectual property ownership commitment</li>" in html


@pytest.mark.django_db
def test_each_person_gets_the_email_in_their_language(plan, season, clock, run):
    for email, language in (("vi@example.com", "vi"), ("en@example.com", "en")):
        dossier(person(email, language=language), season, 3)
    clock(SLOT_7 + timedelta(minutes=5))
    assert run() == 2
    by_person = {message.to[0]: message for message in mail.outbox}
    assert by_person["en@example.com"].subject == "[VDA 2024] 7 days left to submit your dossier"
    assert "Excellent digital technology product" in by_person["en@example.com"].body
    assert "Sản phẩm, dịch vụ, giải pháp công nghệ số xuất sắc" in by_person["vi@example.com"].body
    assert '<html lang="vi">' in by_person["vi@example.com"].alternatives[0][0]


@pytest.mark.django_db
def test_a_draft_without_a_profile_names_the_profile_as_missing(plan, season, clock, run):
    dossier(person("ann@example.com", profile=False), season, title="VietVoice")
    clock(SLOT_1 + timedelta(minutes=5))
    assert run() == 1
    (message,) = mail.outbox
    assert message.subject == "[VDA 2024] 1 day left to submit your dossier"
    assert "  Still missing:\n  - Your applicant profile\n" in message.body


@pytest.mark.django_db
def test_a_disabled_plan_sends_nothing_not_even_its_queued_batches(plan, season, clock, run):
    ann = person("ann@example.com")
    dossier(ann, season)
    ReminderPlan.objects.filter(pk=plan.pk).update(enabled=False)
    clock(SLOT_14 + timedelta(minutes=5))
    assert run() == 0
    assert send_reminder_batch(slot(plan, 14).pk, [ann.pk]) == 0
    assert ReminderDelivery.objects.count() == 0


@pytest.mark.django_db
def test_submitted_or_withdrawn_dossiers_get_nothing_more(plan, season, clock, run):
    ann, bao = person("ann@example.com"), person("bao@example.com")
    ann_draft, bao_draft = dossier(ann, season), dossier(bao, season)
    clock(SLOT_14 + timedelta(minutes=5))
    assert run() == 2
    Dossier.objects.filter(pk=ann_draft.pk).update(status=DossierStatus.SUBMITTED)
    Dossier.objects.filter(pk=bao_draft.pk).update(status=DossierStatus.WITHDRAWN)
    mail.outbox.clear()
    for instant in (SLOT_7, SLOT_3, SLOT_1, SLOT_0):
        clock(instant + timedelta(minutes=5))
        assert run() == 0
    assert mail.outbox == []
    assert ReminderDelivery.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "instant",
    [FIRST_LATE, FIRST_LATE + timedelta(hours=9), datetime(2024, 7, 15, 9, 0, tzinfo=ICT)],
)
def test_nothing_is_sent_at_or_after_the_deadline(plan, season, clock, run, instant):
    dossier(person("ann@example.com"), season)
    clock(instant)
    assert run() == 0
    assert reminders_dispatch() == 0
    assert mail.outbox == []
    assert ReminderDelivery.objects.count() == 0


@pytest.mark.django_db
def test_a_batch_queued_before_the_deadline_sends_nothing_after_it(plan, season, clock):
    ann = person("ann@example.com")
    dossier(ann, season)
    clock(FIRST_LATE + timedelta(seconds=30))  # the worker picked it up late
    assert send_reminder_batch(slot(plan, 0).pk, [ann.pk]) == 0
    assert ReminderDelivery.objects.count() == 0


@pytest.mark.django_db
def test_a_missed_slot_is_caught_up_once_and_an_older_one_never(plan, season, clock, run):
    dossier(person("ann@example.com"), season)
    # Beat was down from before 16/6 until 24/6 10:00: 14 days (16/6) and 7 days (23/6) missed.
    clock(datetime(2024, 6, 24, 10, 0, tzinfo=ICT))
    assert run() == 1
    assert [m.subject for m in mail.outbox] == ["[VDA 2024] 7 days left to submit your dossier"]
    clock(datetime(2024, 6, 25, 10, 0, tzinfo=ICT))
    assert run() == 0
    assert not slot(plan, 14).deliveries.exists()
    # Down again over the last day: the deadline-day slot is caught up before the close.
    clock(datetime(2024, 6, 30, 23, 59, 0, tzinfo=ICT))
    assert run() == 1
    assert list(ReminderDelivery.objects.values_list("slot__days_before", flat=True)) == [0, 7]


# --- Exactly once, whatever beat and workers do --------------------------------------------


@pytest.mark.django_db
def test_a_batch_task_run_twice_sends_once(plan, season, clock, django_capture_on_commit_callbacks):
    ann = person("ann@example.com")
    dossier(ann, season)
    clock(SLOT_14 + timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminder_batch(slot(plan, 14).pk, [ann.pk])
        second = send_reminder_batch(slot(plan, 14).pk, [ann.pk])  # redelivered message
    assert (first, second) == (1, 0)
    assert recipients() == ["ann@example.com"]
    delivery = ReminderDelivery.objects.get()
    assert delivery.email.key == f"reminder:{slot(plan, 14).pk}:{ann.pk}"
    assert delivery.email.status == OutboundEmailStatus.SENT


@pytest.mark.django_db
def test_only_rows_inserted_by_this_run_are_sent(plan, season, clock):
    """Another run inserted ann's row first (and sends it): this run sends only bao's."""
    ann, bao = person("ann@example.com"), person("bao@example.com")
    dossier(ann, season)
    dossier(bao, season)
    clock(SLOT_14 + timedelta(minutes=5))
    slot_14 = slot(plan, 14)
    due = reminders._due_for_slot(slot_14.pk, SLOT_14 + timedelta(minutes=5))
    everyone = applicants._applicant_recipients(plan, SLOT_14, User.objects.order_by("pk"))
    ReminderDelivery.objects.create(slot=slot_14, user=ann, run_token=reminders.uuid4())
    mine = reminders._insert_deliveries(due.slot, everyone)
    assert mine == {bao.pk}


@pytest.mark.django_db
def test_a_worker_killed_mid_batch_leaves_nothing_half_sent(plan, season, clock, run, monkeypatch):
    dossier(person("ann@example.com"), season)
    dossier(person("bao@example.com"), season)
    clock(SLOT_14 + timedelta(minutes=5))
    render = reminders._render
    calls = []

    def dies_on_the_second(due, recipient):
        calls.append(recipient.user.email)
        if len(calls) == 2:
            raise SystemExit("worker killed")
        return render(due, recipient)

    monkeypatch.setattr(reminders, "_render", dies_on_the_second)
    with pytest.raises(SystemExit):
        run()
    assert ReminderDelivery.objects.count() == 0
    assert OutboundEmail.objects.count() == 0
    monkeypatch.setattr(reminders, "_render", render)
    assert run() == 2  # the message comes back (acks_late) and the batch runs whole
    assert recipients() == ["ann@example.com", "bao@example.com"]


@pytest.mark.django_db
def test_beat_dispatch_is_cheap_when_nothing_is_due_and_claims_a_slot_once(
    plan, season, clock, django_assert_num_queries, django_capture_on_commit_callbacks
):
    dossier(person("ann@example.com"), season)
    clock(SLOT_14 - timedelta(minutes=1))
    with django_assert_num_queries(2):
        assert reminders_dispatch() == 0
    at = clock(SLOT_14 + timedelta(minutes=2))
    stale = reminders.due_reminders(at=at)  # what a second beat loaded at the same moment
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_dispatch() == 1
    assert recipients() == ["ann@example.com"]
    assert reminders._dispatch(stale[0], at) == 0  # the second beat loses the claim
    clock(SLOT_14 + timedelta(minutes=7))
    with django_assert_num_queries(2):
        assert reminders_dispatch() == 0  # its batches may still run: left alone
    clock(SLOT_14 + timedelta(minutes=20))
    assert reminders_dispatch() == 0  # the lease ran out and nobody is left: completed
    assert slot(plan, 14).completed_at == SLOT_14 + timedelta(minutes=20)
    clock(SLOT_14 + timedelta(minutes=25))
    with django_assert_num_queries(2):
        assert reminders_dispatch() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_lost_batch_is_dispatched_again_after_the_lease(
    plan, season, clock, monkeypatch, django_capture_on_commit_callbacks
):
    dossier(person("ann@example.com"), season)
    clock(SLOT_14 + timedelta(minutes=2))
    monkeypatch.setattr(reminders, "_enqueue_batch", lambda slot_id, user_ids: None)  # lost
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_dispatch() == 1
    assert mail.outbox == []
    monkeypatch.undo()
    clock(SLOT_14 + timedelta(minutes=20))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_dispatch() == 1
    assert recipients() == ["ann@example.com"]


# --- SMTP failures -------------------------------------------------------------------------


class FlakyBackend(BaseEmailBackend):
    """A mail server that drops the first `failures` messages, then accepts (like locmem)."""

    failures = 0
    calls = 0

    def send_messages(self, messages):
        FlakyBackend.calls += 1
        if FlakyBackend.calls <= FlakyBackend.failures:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.calls = 0
    # Eager tasks that propagate errors would raise the retry instead of running it (the
    # outbox sweep then sends later); here the task retries in-process, as a worker would.
    before = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield FlakyBackend
    app.conf.task_eager_propagates = before


@pytest.mark.django_db
def test_smtp_failing_then_recovering_gives_one_email(plan, season, clock, run, flaky_smtp):
    flaky_smtp.failures = 2
    dossier(person("ann@example.com"), season)
    clock(SLOT_14 + timedelta(minutes=5))
    assert run() == 1
    assert recipients() == ["ann@example.com"]
    assert flaky_smtp.calls == 3
    email = ReminderDelivery.objects.get().email
    assert email.status == OutboundEmailStatus.SENT
    clock(SLOT_14 + timedelta(hours=1))
    assert run() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_permanent_smtp_failure_is_recorded_and_shown_to_organisers(
    plan, season, clock, run, flaky_smtp, admin_client
):
    flaky_smtp.failures = 100
    dossier(person("ann@example.com"), season)
    clock(SLOT_14 + timedelta(minutes=5))
    assert run() == 1
    assert mail.outbox == []
    email = ReminderDelivery.objects.get().email
    assert email.status == OutboundEmailStatus.FAILED
    assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    page = admin_client.get(
        reverse("admin:submissions_reminderdelivery_changelist"), {"email__status": "failed"}
    )
    assert page.status_code == 200
    content = page.content.decode()
    assert "ann@example.com" in content
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in content


# --- Unsubscribe ---------------------------------------------------------------------------


def unsubscribe_path(user: User, plan: ReminderPlan) -> str:
    token = unsubscribe_token(user_id=user.pk, plan_id=plan.pk)
    return reverse("submissions:reminder_unsubscribe", args=[token])


@pytest.mark.django_db
def test_every_reminder_carries_one_click_unsubscribe_headers(plan, season, clock, run):
    ann = person("ann@example.com")
    dossier(ann, season)
    clock(SLOT_14 + timedelta(minutes=5))
    run()
    (message,) = mail.outbox
    url = "http://127.0.0.1:8000" + unsubscribe_path(ann, plan)  # same frozen second
    assert message.extra_headers == {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert f"\n{url}\n" in message.body
    assert f'<a href="{url}">' in message.alternatives[0][0]


@pytest.mark.django_db
def test_the_unsubscribe_link_asks_then_opts_out_and_is_respected(plan, season, clock, run, client):
    ann, bao = person("ann@example.com"), person("bao@example.com")
    dossier(ann, season)
    dossier(bao, season)
    path = unsubscribe_path(ann, plan)
    page = client.get(path)
    assert page.status_code == 200
    assert b'<form method="post">' in page.content
    assert not ReminderOptOut.objects.exists()  # a link scanner's GET changes nothing
    done = client.post(path)
    assert done.status_code == 200
    assert ReminderOptOut.objects.filter(user=ann, plan=plan).count() == 1
    assert client.post(path).status_code == 200  # twice is fine
    assert ReminderOptOut.objects.count() == 1
    clock(SLOT_14 + timedelta(minutes=5))
    assert run() == 1
    assert recipients() == ["bao@example.com"]


@pytest.mark.django_db
def test_one_click_post_from_a_mail_client_needs_no_csrf_token(plan, season):
    from django.test import Client

    ann = person("ann@example.com")
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_path(ann, plan),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert ReminderOptOut.objects.filter(user=ann, plan=plan).exists()


@pytest.mark.django_db
def test_a_tampered_or_unknown_unsubscribe_link_changes_nothing(plan, season, client):
    ann = person("ann@example.com")
    path = unsubscribe_path(ann, plan)
    token = path.rstrip("/").rsplit("/", 1)[1]
    other = unsubscribe_token(user_id=ann.pk + 1, plan_id=plan.pk)  # signed, but nobody's
    forged = signing.dumps([ann.pk, plan.pk], salt="another-salt")
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad, status in ((tampered, 400), (forged, 400), ("nonsense", 400), (other, 404)):
        url = reverse("submissions:reminder_unsubscribe", args=[bad])
        assert client.get(url).status_code == status
        assert client.post(url).status_code == status
    assert not ReminderOptOut.objects.exists()


# --- Command -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_prints_what_it_sends(
    plan, season, django_capture_on_commit_callbacks, time_machine
):
    # The clock too: an email is never delivered after its deadline, whatever --at says.
    time_machine.move_to(datetime(2024, 6, 16, 9, 5, tzinfo=ICT), tick=False)
    dossier(person("ann@example.com"), season)
    dossier(person("bao@example.com"), season)

    def command(*args) -> str:
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_deadline_reminders", *args, stdout=out)
        return out.getvalue()

    at = ("--at", "2024-06-16T09:05:00+07:00")
    line = "2024 applicants: 14 days before (16/06/2024 09:00)"
    assert command(*at, "--dry-run") == f"{line}: 2\nreminders due: 2\n"
    assert ReminderDelivery.objects.count() == 0
    assert command(*at) == f"{line}: 2\nreminders sent: 2\n"
    assert command(*at) == f"{line}: 0\nreminders sent: 0\n"
    assert recipients() == ["ann@example.com", "bao@example.com"]
    assert command("--at", "2024-06-16T08:59") == "reminders sent: 0\n"  # naive: Vietnam time
    assert command("--at", "2024-07-01T00:00:00+07:00") == "reminders sent: 0\n"
    with pytest.raises(CommandError, match="not an ISO 8601"):
        command("--at", "16/06/2024")


# --- Scale ---------------------------------------------------------------------------------


def applicants_with_drafts(season: Season, prefix: str, count: int) -> list[int]:
    users = [person(f"{prefix}{n}@example.com") for n in range(count)]
    for user in users:
        draft = dossier(user, season, 3)
        dossier(user, season, 2)
        Attachment.objects.create(
            dossier=draft,
            document_type=DocumentType.APPLICATION_FORM,
            file="x/form.pdf",
            original_name="form.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
            uploaded_by=user,
        )
    return [user.pk for user in users]


@pytest.mark.django_db
def test_a_batch_costs_the_same_queries_for_5_and_50_recipients(plan, season, clock):
    clock(SLOT_14 + timedelta(minutes=5))
    slot_id = slot(plan, 14).pk
    counts = {}
    for size in (5, 50):
        ids = applicants_with_drafts(season, f"p{size}-", size)
        with CaptureQueriesContext(connection) as queries:
            assert reminders_send_batch(slot_id=slot_id, user_ids=ids) == size
        counts[size] = len(queries)
    assert counts[5] == counts[50]
    assert OutboundEmail.objects.count() == 55


# --- The hook for other audiences (judging) ------------------------------------------------


@pytest.mark.django_db
def test_another_app_plugs_in_its_audience(season, clock, run, monkeypatch):
    judge = person("judge@example.com", profile=False)
    person("someone@example.com", profile=False)
    judges = Audience(
        label="Judges with unfinished reviews",
        closes_at=lambda plan: plan.season.submissions_close_at + timedelta(days=30),
        users=lambda plan, at: User.objects.filter(email__startswith="judge"),
        recipients=lambda plan, at, users: [Recipient(user, ["review"]) for user in users],
    )
    monkeypatch.setitem(reminders._AUDIENCES, "judges-test", judges)
    plan = ReminderPlan.objects.create(season=season, audience="judges-test")
    ReminderSlot.objects.create(plan=plan, days_before=3)
    clock(datetime(2024, 7, 27, 9, 30, tzinfo=ICT))  # 3 days before 30/7 23:59:59
    assert run() == 1
    assert recipients() == ["judge@example.com"]
    delivery = ReminderDelivery.objects.get()
    assert delivery.user == judge
    assert delivery.email_id == f"reminder:{plan.slots.get().pk}:{judge.pk}"


# --- Admin ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_deliveries_list_costs_the_same_queries_for_1_and_many(
    plan, season, clock, run, admin_client
):
    url = reverse("admin:submissions_reminderdelivery_changelist")
    dossier(person("first@example.com"), season)
    clock(SLOT_14 + timedelta(minutes=5))
    run()
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(url).status_code == 200
    for n in range(12):
        dossier(person(f"more{n}@example.com"), season)
    clock(SLOT_7 + timedelta(minutes=5))
    run()
    with CaptureQueriesContext(connection) as many:
        page = admin_client.get(url)
    assert page.content.decode().count("@example.com</td>") == 14
    assert len(one) == len(many)


@pytest.mark.django_db
def test_organisers_edit_the_plan_and_a_new_plan_gets_the_default_slots(
    season, admin_client, clock
):
    clock(datetime(2024, 5, 1, 10, 0, tzinfo=ICT))
    url = reverse("admin:submissions_reminderplan_add")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "season": season.pk,
            "audience": "applicants",
            "enabled": "on",
            "slots-TOTAL_FORMS": "0",
            "slots-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    plan = ReminderPlan.objects.get()
    sends = list(plan.slots.order_by("send_at").values_list("send_at", flat=True))
    assert sends == [SLOT_14, SLOT_7, SLOT_3, SLOT_1, SLOT_0]
    change = reverse("admin:submissions_reminderplan_change", args=[plan.pk])
    page = admin_client.get(change)
    assert page.status_code == 200
    assert "16/06/2024 09:00" in page.content.decode()
    for name in ("reminderplan", "reminderoptout", "reminderdelivery"):
        assert admin_client.get(reverse(f"admin:submissions_{name}_changelist")).status_code == 200


def complete_fields(number: int) -> dict:
    """Every text field of a category-1/2 dossier filled in (declarations made)."""
    assert number in (1, 2)
    return {
        "summary": "Chuyển đổi số toàn diện.",
        "contact_name": "Nguyễn Văn An",
        "contact_email": "an@example.com",
        "contact_phone": "0912345678",
        "level_or_sector": "Doanh nghiệp",
        "strategy_leadership": "Chiến lược 2022–2025.",
        "platforms_solutions": "ERP, CRM.",
        "data_integration": "Kho dữ liệu chung.",
        "measured_results": "Giảm 30% thời gian xử lý.",
        "period_start": datetime(2022, 1, 1).date(),
        "period_end": datetime(2024, 1, 1).date(),
        "declaration_true": True,
        "consent_publish": True,
    }


@pytest.mark.django_db
def test_an_email_past_its_expiry_is_never_sent(mailoutbox, time_machine):
    from submissions import mail as outbox

    deadline = datetime(2024, 7, 1, 0, 0, tzinfo=ICT)
    email = OutboundEmail.objects.create(
        key="reminder:expired",
        to_email="late@example.com",
        subject="s",
        text_body="t",
        expires_at=deadline,
    )
    time_machine.move_to(deadline, tick=False)
    assert outbox.deliver(email.pk) is False
    email.refresh_from_db()
    assert email.status == "expired"
    assert mailoutbox == []
