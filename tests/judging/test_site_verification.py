"""Site verification: scheduled by organisers, reported by its verifiers only, read by the
dossier's final-round judges, and "not confirmed" blocks honours without an override."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from categories.models import RoundKind
from judging import rules, selectors, services
from judging.models import Panel, Round, RoundState, SiteVerification, Verdict
from judging.services import JudgingError
from submissions.models import DossierStatus
from tests.factories import applicant
from tests.judging.helpers import english, make_dossier
from tests.submissions import files

pytestmark = pytest.mark.django_db
ICT = ZoneInfo("Asia/Ho_Chi_Minh")
JPEG = files.jpeg()  # a real photo: uploads are checked by their content


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def final_round(season, category, judges):
    round_ = Round.objects.create(
        season=season,
        kind=RoundKind.FINAL,
        opens_at=datetime(2024, 9, 1, tzinfo=ICT),
        closes_at=datetime(2024, 9, 30, tzinfo=ICT),
        state=RoundState.OPEN,
        judges_per_dossier=2,
        assignment_seed=3,
    )
    Panel.objects.create(round=round_, category=category, quota=1).judges.set(judges[:2])
    return round_


@pytest.fixture
def finalists(category):
    return [make_dossier(category, n, status=DossierStatus.FINALIST) for n in (1, 2)]


@pytest.fixture
def scheduled(finalists, judges, organiser):
    (verification,) = services.verifications_schedule(
        dossiers=[finalists[1]],
        scheduled_for=date(2024, 9, 10),
        mode="on_site",
        place="Tòa nhà A, Cầu Giấy, Hà Nội",
        verifiers=[judges[4]],
        by=organiser,
    )
    return verification


def file_report(verification, judge, verdict, **extra):
    return services.verification_report(
        verification=verification,
        held_on=date(2024, 9, 10),
        attendees="Ông A (Giám đốc), bà B (Kế toán)",
        summary="Đã xem hệ thống vận hành.",
        verdict=verdict,
        findings={"user_count": "Chỉ thấy 3.000 tài khoản hoạt động."},
        by=judge,
        **extra,
    )


def test_scheduling_lists_the_dossiers_declared_claims(scheduled, judges):
    claims = list(scheduled.findings.values_list("claim", "declared"))
    assert ("user_count", "12000") in claims
    assert ("users_customers", "1.200 doanh nghiệp") in claims
    assert list(scheduled.verifiers.all()) == [judges[4]]
    assert scheduled.history.first().history_user.email == "organiser@example.com"


def test_only_organisers_schedule_and_verifiers_are_judges_or_staff(finalists, judges, organiser):
    plan = {"dossiers": finalists, "scheduled_for": date(2024, 9, 10), "mode": "online"}
    with pytest.raises(JudgingError, match="Only organisers"):
        services.verifications_schedule(**plan, place="", verifiers=[judges[0]], by=judges[0])
    outsider = applicant("outsider@example.com")
    with pytest.raises(JudgingError, match="Verifiers are judges or staff"):
        services.verifications_schedule(**plan, place="", verifiers=[outsider], by=organiser)
    with pytest.raises(JudgingError, match="at least one verifier"):
        services.verifications_schedule(**plan, place="", verifiers=[], by=organiser)
    assert not SiteVerification.objects.exists()


def test_the_verifier_files_the_report_with_findings_and_a_photo(scheduled, judges):
    photo = SimpleUploadedFile("phong-may.jpg", JPEG, content_type="image/jpeg")
    file_report(scheduled, judges[4], Verdict.CONCERNS, documents=[photo])
    scheduled.refresh_from_db()
    assert (scheduled.verdict, scheduled.held_on, scheduled.reported_by) == (
        "concerns",
        date(2024, 9, 10),
        judges[4],
    )
    finding = scheduled.findings.get(claim="user_count")
    assert finding.finding == "Chỉ thấy 3.000 tài khoản hoạt động."
    (document,) = scheduled.documents.all()
    assert document.original_name == "phong-may.jpg"
    assert len(document.sha256) == 64


def test_nobody_else_files_a_report_and_bad_input_is_refused(scheduled, judges, organiser):
    for other in (judges[0], organiser):
        with pytest.raises(JudgingError, match="Only this verification's verifiers"):
            file_report(scheduled, other, Verdict.CONFIRMED)
    with pytest.raises(JudgingError, match="Choose a verdict"):
        file_report(scheduled, judges[4], "maybe")
    with pytest.raises(JudgingError, match="future"):
        services.verification_report(
            verification=scheduled,
            held_on=timezone.localdate() + timedelta(days=1),
            attendees="A",
            summary="",
            verdict=Verdict.CONFIRMED,
            findings={},
            by=judges[4],
        )
    exe = SimpleUploadedFile("x.exe", b"MZ", content_type="application/x-msdownload")
    with pytest.raises(JudgingError, match="JPEG, PNG"):
        file_report(scheduled, judges[4], Verdict.CONFIRMED, documents=[exe])
    scheduled.refresh_from_db()
    assert not scheduled.is_reported


def test_who_reads_a_verification(scheduled, judges, organiser, final_round, finalists):
    services.assign_automatically(round_=final_round, by=organiser)
    assert rules.can_view_verification.test(judges[4], scheduled)  # its verifier
    assert rules.can_view_verification.test(organiser, scheduled)
    assert rules.can_view_verification.test(judges[0], scheduled)  # a final-round judge
    assert not rules.can_view_verification.test(judges[5], scheduled)
    assert list(selectors.verifications_of(judges[4])) == [scheduled]
    assert list(selectors.verifications_of(judges[0])) == []


def test_not_confirmed_blocks_the_honour_until_an_organiser_overrides_with_a_reason(
    scheduled, judges, organiser, final_round, finalists
):
    services.assign_automatically(round_=final_round, by=organiser)
    # The verified dossier (2) scores higher and would be the one honoree (quota 1).
    for assignment in selectors.visible_assignments().filter(round=final_round):
        value = "9" if assignment.dossier_id == finalists[1].pk else "5"
        criteria = selectors.round_criteria(assignment)
        services.review_save(
            assignment=assignment,
            values={c.pk: value for c in criteria},
            comment="",
            by=assignment.judge,
            submit=True,
        )
    services.round_close(round_=final_round, by=organiser)
    file_report(scheduled, judges[4], Verdict.NOT_CONFIRMED)
    with pytest.raises(JudgingError, match="Site verification did not confirm VDA2024-C3-0002"):
        services.results_confirm(round_=final_round, by=organiser)
    with pytest.raises(JudgingError, match="Only organisers"):
        services.verification_override(verification=scheduled, reason="x", by=judges[4])
    with pytest.raises(JudgingError, match="reason"):
        services.verification_override(verification=scheduled, reason=" ", by=organiser)
    services.verification_override(
        verification=scheduled, reason="Đã kiểm tra lại số liệu qua ngân hàng.", by=organiser
    )
    scheduled.refresh_from_db()
    assert (scheduled.override_by, scheduled.blocks_honour) == (organiser, False)
    assert scheduled.history.filter(history_change_reason="override").exists()
    services.results_confirm(round_=final_round, by=organiser)
    finalists[1].refresh_from_db()
    assert finalists[1].status == DossierStatus.HONOREE


def test_verifier_pages_show_only_their_own_verifications(client, scheduled, judges, finalists):
    client.force_login(judges[4])
    english(client)
    page = client.get("/admin/judging/siteverification/mine/").content.decode()
    assert finalists[1].receipt_number in page
    url = f"/admin/judging/siteverification/{scheduled.pk}/report/"
    form = client.get(url).content.decode()
    assert 'name="finding-user_count"' in form
    assert "Declared: 12000" in form
    response = client.post(
        url,
        {
            "held_on": "10/09/2024",
            "attendees": "Ông A",
            "summary": "",
            "verdict": "confirmed",
            "finding-user_count": "Khớp",
            "document": SimpleUploadedFile("bien-ban.pdf", files.pdf(), "application/pdf"),
        },
    )
    assert response.status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.verdict == "confirmed"
    document = scheduled.documents.get()
    assert client.get(f"/admin/judging/siteverification/document/{document.pk}/").status_code == 200
    # Another judge: no list entry, 404 on the report and the document, the organisers'
    # pages forbidden.
    client.force_login(judges[0])
    assert (
        finalists[1].receipt_number
        not in client.get("/admin/judging/siteverification/mine/").content.decode()
    )
    assert client.get(url).status_code == 404
    assert client.post(url, {"verdict": "not_confirmed"}).status_code == 404
    assert client.get(f"/admin/judging/siteverification/document/{document.pk}/").status_code == 404
    assert client.get("/admin/judging/siteverification/").status_code == 403
    assert client.get("/admin/judging/siteverification/schedule/").status_code == 403
    assert (
        client.post(
            f"/admin/judging/siteverification/{scheduled.pk}/override/", {"reason": "x"}
        ).status_code
        == 403
    )


def test_organisers_schedule_finalists_by_default_from_the_admin(
    organiser_client, finalists, judges, category, django_assert_max_num_queries
):
    in_review = make_dossier(category, 3, status=DossierStatus.IN_REVIEW)
    page = organiser_client.get("/admin/judging/siteverification/schedule/").content.decode()
    for d in finalists:
        assert f'value="{d.pk}" id="id_dossiers_' in page
    assert page.count("checked") >= 2
    response = organiser_client.post(
        "/admin/judging/siteverification/schedule/",
        {
            "dossiers": [finalists[0].pk, in_review.pk],
            "scheduled_for": "12/09/2024",
            "mode": "online",
            "place": "https://meet.example.com/vda",
            "verifiers": [judges[3].pk],
        },
    )
    assert response.status_code == 302
    assert SiteVerification.objects.count() == 2
    with django_assert_max_num_queries(16):
        listing = organiser_client.get("/admin/judging/siteverification/").content.decode()
    assert "12/09/2024" in listing


def test_final_round_judges_see_the_report_on_the_scoring_page(
    client, scheduled, judges, organiser, final_round, finalists
):
    file_report(scheduled, judges[4], Verdict.CONCERNS)
    services.assign_automatically(round_=final_round, by=organiser)
    assignment = selectors.visible_assignments().get(
        round=final_round, dossier=finalists[1], judge=judges[0]
    )
    client.force_login(judges[0])
    page = english(client).get(f"/admin/judging/myassignment/{assignment.pk}/score/")
    text = page.content.decode()
    assert "Site verification: Confirmed with concerns" in text
    assert "Chỉ thấy 3.000 tài khoản hoạt động." in text


def test_the_dossiers_audit_trail_lists_the_verification_and_its_override(
    organiser_client, scheduled, judges, organiser, finalists
):
    file_report(scheduled, judges[4], Verdict.NOT_CONFIRMED)
    services.verification_override(verification=scheduled, reason="Sao kê bổ sung", by=organiser)
    page = organiser_client.get(f"/admin/submissions/dossier/{finalists[1].pk}/audit/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Site verification #" in text
    assert "Sao kê bổ sung" in text
    assert "not_confirmed" in text or "Not confirmed" in text
