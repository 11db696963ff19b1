"""Screening decisions reach the applicant: ineligible and "needs changes" with the organiser's
message, by email and on the dossier page; "needs changes" reopens the dossier before the
deadline only."""

import pytest
from django.utils import translation

from submissions.models import Dossier, DossierStatus, EligibilityDecision, OutboundEmail
from submissions.services import DossierError, dossier_decide_eligibility, dossier_submit
from tests.factories import UserFactory
from tests.submissions.conftest import IN_WINDOW

pytestmark = pytest.mark.django_db
AFTER_DEADLINE = IN_WINDOW.replace(month=7, day=2)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def organiser(db):
    return UserFactory(role="Organisers", is_staff=True)


@pytest.fixture
def submitted(complete_draft, owner):
    return dossier_submit(dossier=complete_draft, by=owner)


def test_needs_changes_before_the_deadline_reopens_the_dossier_and_tells_the_applicant(
    submitted, owner, organiser, client
):
    OutboundEmail.objects.all().delete()
    dossier_decide_eligibility(
        dossier=submitted,
        decision=EligibilityDecision.NEEDS_CHANGES,
        justification="",
        message="The application form is not signed.",
        by=organiser,
    )
    dossier = Dossier.objects.get(pk=submitted.pk)
    assert (dossier.status, dossier.screening_notice) == (
        DossierStatus.DRAFT,
        "The application form is not signed.",
    )
    email = OutboundEmail.objects.get()
    assert email.to_email == owner.email
    assert email.subject == f"[VDA] Hồ sơ {dossier.receipt_number} cần chỉnh sửa"
    assert "The application form is not signed." in email.text_body
    client.force_login(owner)
    page = client.get(f"/applicant/dossiers/{dossier.pk}/").content.decode()
    assert "The application form is not signed." in page
    again = dossier_submit(dossier=dossier, by=owner)  # fixed and resubmitted
    assert again.status == DossierStatus.SUBMITTED
    assert again.screening_notice == ""


def test_needs_changes_is_refused_after_the_deadline_and_nothing_changes(
    submitted, organiser, time_machine
):
    time_machine.move_to(AFTER_DEADLINE, tick=False)
    before = Dossier.objects.values().get(pk=submitted.pk)
    emails = OutboundEmail.objects.count()
    with pytest.raises(DossierError) as refused:
        dossier_decide_eligibility(
            dossier=submitted,
            decision=EligibilityDecision.NEEDS_CHANGES,
            justification="",
            message="Sign the form.",
            by=organiser,
        )
    assert str(refused.value.message) == (
        "The deadline has passed: the dossier can no longer be changed. Decide eligible or "
        "ineligible, with the reason."
    )
    assert Dossier.objects.values().get(pk=submitted.pk) == before
    assert OutboundEmail.objects.count() == emails


def test_needs_changes_needs_a_message(submitted, organiser):
    with pytest.raises(DossierError, match="Tell the applicant what to change"):
        dossier_decide_eligibility(
            dossier=submitted,
            decision=EligibilityDecision.NEEDS_CHANGES,
            justification="",
            message=" ",
            by=organiser,
        )
    assert Dossier.objects.get(pk=submitted.pk).status == DossierStatus.SUBMITTED


def test_ineligible_after_the_deadline_stands_with_its_reason_by_email_and_on_the_page(
    submitted, owner, organiser, client, time_machine
):
    time_machine.move_to(AFTER_DEADLINE, tick=False)
    OutboundEmail.objects.all().delete()
    dossier_decide_eligibility(
        dossier=submitted,
        decision=EligibilityDecision.INELIGIBLE,
        justification="The product is not owned by the applicant.",
        message="The product belongs to another company.",
        by=organiser,
    )
    dossier = Dossier.objects.get(pk=submitted.pk)
    assert dossier.status == DossierStatus.INELIGIBLE
    email = OutboundEmail.objects.get()
    assert "The product belongs to another company." in email.text_body
    client.force_login(owner)
    client.cookies["vda_language"] = "en"
    page = client.get(f"/applicant/dossiers/{dossier.pk}/").content.decode()
    assert "The organisers found this dossier not eligible" in page
    assert "The product belongs to another company." in page
    assert "The product is not owned by the applicant." not in page  # internal justification


def test_an_eligible_decision_sends_nothing(submitted, organiser):
    OutboundEmail.objects.all().delete()
    dossier_decide_eligibility(
        dossier=submitted, decision=EligibilityDecision.ELIGIBLE, justification="", by=organiser
    )
    assert OutboundEmail.objects.count() == 0
