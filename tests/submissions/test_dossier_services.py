from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from submissions.completeness import missing_items
from submissions.models import Dossier, DossierStatus, OutboundEmail, StaleSave
from submissions.services import (
    Incomplete,
    NotEligible,
    StaleVersion,
    WindowClosed,
    dossier_create,
    dossier_decide_eligibility,
    dossier_save,
    dossier_submit,
    dossier_withdraw,
    profile_save,
)
from tests.factories import applicant, foreign_individual_profile

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
LAST_SECOND = datetime(2024, 6, 30, 23, 59, 59, tzinfo=ICT)
FIRST_LATE = datetime(2024, 7, 1, 0, 0, 0, tzinfo=ICT)
BEFORE_OPENING = datetime(2024, 4, 15, 23, 59, 59, tzinfo=ICT)


def snapshot(dossier: Dossier) -> dict:
    row = Dossier.objects.values().get(pk=dossier.pk)
    row.pop("updated_at")
    return row


@pytest.mark.django_db
def test_submit_at_the_last_second_is_accepted(complete_draft, owner, time_machine):
    time_machine.move_to(LAST_SECOND, tick=False)
    dossier = dossier_submit(dossier=complete_draft, by=owner)
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.receipt_number == "VDA2024-C3-0001"
    assert dossier.first_submitted_at == LAST_SECOND


@pytest.mark.django_db
def test_the_instant_checked_is_the_instant_stored(complete_draft, owner, monkeypatch):
    """Accepted in the deadline's last millisecond while the clock runs on: the stored time is
    the one checked, never the next second's (bench/loadtest.py checks the same in the rush)."""
    from datetime import timedelta

    from django.utils import timezone

    ticks = iter(
        LAST_SECOND.replace(microsecond=999_000) + timedelta(milliseconds=n) for n in range(10_000)
    )
    monkeypatch.setattr(timezone, "now", lambda: next(ticks))
    dossier = dossier_submit(dossier=complete_draft, by=owner)
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.submitted_at == dossier.first_submitted_at < FIRST_LATE


@pytest.mark.django_db
@pytest.mark.parametrize("instant", [FIRST_LATE, BEFORE_OPENING])
def test_submit_or_edit_outside_the_window_is_refused_and_the_draft_intact(
    complete_draft, owner, time_machine, instant
):
    before = snapshot(complete_draft)
    time_machine.move_to(instant, tick=False)
    with pytest.raises(WindowClosed):
        dossier_submit(dossier=complete_draft, by=owner)
    with pytest.raises(WindowClosed):
        dossier_save(
            dossier=complete_draft,
            data={"title": "Late"},
            version=complete_draft.version,
            by=owner,
        )
    assert snapshot(complete_draft) == before
    assert OutboundEmail.objects.count() == 0


@pytest.mark.django_db
def test_the_refusal_message_names_the_deadline(complete_draft, owner, time_machine):
    time_machine.move_to(FIRST_LATE, tick=False)
    with pytest.raises(WindowClosed) as refusal:
        dossier_submit(dossier=complete_draft, by=owner)
    assert "30/06/2024 23:59:59" in str(refusal.value.message)


@pytest.mark.django_db
def test_double_submit_gives_one_submission_and_one_email(complete_draft, owner, mailoutbox):
    first = dossier_submit(dossier=complete_draft, by=owner)
    second = dossier_submit(dossier=complete_draft, by=owner)  # second tab / retried request
    assert first.receipt_number == second.receipt_number == "VDA2024-C3-0001"
    assert Dossier.objects.filter(receipt_number__isnull=False).count() == 1
    assert OutboundEmail.objects.filter(key=f"submission-confirmation:{first.pk}").count() == 1


@pytest.mark.django_db(transaction=True)
def test_confirmation_email_is_sent_after_commit_in_the_applicants_language(
    season, time_machine, mailoutbox
):
    from tests.factories import DossierFactory
    from tests.submissions.conftest import IN_WINDOW, upload

    time_machine.move_to(IN_WINDOW, tick=False)
    owner = applicant("en@example.com")
    owner.language = "en"
    owner.save()
    dossier = DossierFactory(applicant=owner, category=season.categories.get(number=3))
    for document, name in [
        ("application_form", "a.pdf"),
        ("business_registration", "b.pdf"),
        ("ip_commitment", "c.pdf"),
    ]:
        from tests.submissions import files

        upload(dossier, document, files.pdf(), name, owner)
    dossier_submit(dossier=dossier, by=owner)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["en@example.com"]
    assert message.subject == "[VDA] Dossier received: VDA2024-C3-0001"
    assert "Receipt number: VDA2024-C3-0001" in message.body
    assert "Received at: 20/06/2024 10:00:00 (Vietnam time)" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<strong>VDA2024-C3-0001</strong>" in html


@pytest.mark.django_db
def test_receipt_numbers_run_per_category(season, complete_draft, owner):
    dossier_submit(dossier=complete_draft, by=owner)
    second_owner = applicant("second@example.com")
    from tests.factories import DossierFactory
    from tests.submissions import files
    from tests.submissions.conftest import upload

    other = DossierFactory(applicant=second_owner, category=season.categories.get(number=3))
    for document in ("application_form", "business_registration", "ip_commitment"):
        upload(other, document, files.pdf(), f"{document}.pdf", second_owner)
    assert dossier_submit(dossier=other, by=second_owner).receipt_number == "VDA2024-C3-0002"


@pytest.mark.django_db
def test_incomplete_draft_cannot_be_submitted_and_lists_everything_missing(draft, owner):
    with pytest.raises(Incomplete) as refusal:
        dossier_submit(dossier=draft, by=owner)
    assert refusal.value.details == [
        "Đơn đăng ký tham dự đã ký (PDF)",
        "Giấy chứng nhận đăng ký doanh nghiệp hoặc quyết định thành lập",
        "Bản cam kết quyền sở hữu trí tuệ",
    ]
    assert Dossier.objects.get(pk=draft.pk).status == DossierStatus.DRAFT


@pytest.mark.django_db
def test_stale_save_is_refused_and_both_texts_recoverable(draft, owner):
    opened_version = draft.version
    dossier_save(dossier=draft, data={"title": "Tab A"}, version=opened_version, by=owner)
    with pytest.raises(StaleVersion):
        dossier_save(dossier=draft, data={"title": "Tab B"}, version=opened_version, by=owner)
    draft.refresh_from_db()
    assert draft.title == "Tab A"
    stale = StaleSave.objects.get(dossier=draft)
    assert stale.data["title"] == "Tab B"
    assert (stale.based_on_version, stale.current_version) == (opened_version, opened_version + 1)


@pytest.mark.django_db
def test_every_version_is_kept(draft, owner):
    dossier_save(dossier=draft, data={"title": "v2"}, version=draft.version, by=owner)
    draft.refresh_from_db()
    dossier_save(dossier=draft, data={"title": "v3"}, version=draft.version, by=owner)
    titles = list(draft.history.order_by("history_date").values_list("title", flat=True))
    assert titles == ["Nền tảng số An Phát", "v2", "v3"]


@pytest.mark.django_db
def test_withdraw_then_nothing_more(complete_draft, owner):
    dossier_submit(dossier=complete_draft, by=owner)
    withdrawn = dossier_withdraw(dossier=complete_draft, by=owner)
    assert withdrawn.status == DossierStatus.WITHDRAWN
    assert withdrawn.receipt_number == "VDA2024-C3-0001"


@pytest.mark.django_db
def test_starting_a_dossier_in_an_ineligible_category_is_refused_with_reasons(season, open_window):
    vietnamese_company = applicant("vn@example.com")
    with pytest.raises(NotEligible) as refusal:
        dossier_create(applicant=vietnamese_company, category=season.categories.get(number=5))
    assert len(refusal.value.details) == 1
    assert "hạng mục 3" in refusal.value.details[0]
    assert Dossier.objects.count() == 0


@pytest.mark.django_db
def test_submitting_in_an_ineligible_category_is_refused(complete_draft, owner):
    complete_draft.owns_solution = False
    complete_draft.save()
    with pytest.raises(Incomplete):  # ownership must be declared yes, listed as missing
        dossier_submit(dossier=complete_draft, by=owner)


@pytest.mark.django_db
def test_profile_change_flags_a_submitted_dossier_without_changing_its_status(
    complete_draft, owner
):
    dossier_submit(dossier=complete_draft, by=owner)
    data = {"works_in_ict": False}
    profile_save(user=owner, data=data)
    complete_draft.refresh_from_db()
    assert complete_draft.status == DossierStatus.SUBMITTED
    assert complete_draft.eligibility_flagged is True
    assert complete_draft.eligibility_reasons == ["not_ict"]


@pytest.mark.django_db
def test_override_against_the_engine_needs_a_justification_kept_in_history(complete_draft, owner):
    from tests.factories import UserFactory

    organiser = UserFactory(role="Organisers", is_staff=True)
    dossier_submit(dossier=complete_draft, by=owner)
    profile_save(user=owner, data={"works_in_ict": False})
    from submissions.services import DossierError

    with pytest.raises(DossierError):
        dossier_decide_eligibility(
            dossier=complete_draft, decision="eligible", justification=" ", by=organiser
        )
    decided = dossier_decide_eligibility(
        dossier=complete_draft,
        decision="eligible",
        justification="Đơn vị có giấy phép viễn thông; hoạt động ICT đã xác minh.",
        by=organiser,
    )
    assert decided.status == DossierStatus.ELIGIBLE
    assert decided.eligibility_override == "eligible"
    assert decided.eligibility_decided_by == organiser
    last = decided.history.order_by("-history_id").first()
    assert last.history_change_reason == (
        "Đơn vị có giấy phép viễn thông; hoạt động ICT đã xác minh."
    )


@pytest.mark.django_db
def test_foreign_individual_needs_the_residence_card_document(season, open_window):
    person = applicant("anna@example.com", **foreign_individual_profile())
    dossier = dossier_create(applicant=person, category=season.categories.get(number=5))
    missing = missing_items(dossier, person.applicant_profile, [])
    keys = [item.key for item in missing if item.key.startswith("document:")]
    assert keys == [
        "document:application_form",
        "document:residence_card",
        "document:ip_commitment",
    ]


class FailingBackend:
    """An email backend whose server is down: every send raises."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


@pytest.mark.django_db
def test_a_failed_send_is_recorded_and_the_email_stays_pending(complete_draft, owner, settings):
    from submissions import mail as outbox

    dossier_submit(dossier=complete_draft, by=owner)
    email = OutboundEmail.objects.get()
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with pytest.raises(ConnectionRefusedError):
        outbox.deliver(email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("pending", 1)
    assert email.last_error == "ConnectionRefusedError: SMTP server down"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.deliver(email.pk) is True
    assert outbox.deliver(email.pk) is False  # sent once, never twice
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 2, "")
