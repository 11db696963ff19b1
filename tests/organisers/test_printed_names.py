"""Honoree names after confirmation (issue 12): the final round's confirmation freezes what is
printed; certificates and the honoree list read the frozen value; a later profile change is a
pending correction organisers may accept (recorded in the history) or decline."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from judging import services
from judging.models import PrintedName
from judging.printed_names import pending_correction
from submissions.models import ApplicantProfile, Dossier
from tests.judging.helpers import english
from tests.judging.organiser_season import judged_season
from tests.organisers.test_exports import body, csv_rows, pdf_text, url

pytestmark = pytest.mark.django_db

UOT = "VDA2024-C3-0002"


@pytest.fixture
def judged():
    return judged_season()


@pytest.fixture
def organiser_client(client, judged):
    client.force_login(judged.organiser)
    return english(client)


def rename_after_confirmation(judged) -> Dossier:
    dossier = judged.dossiers[UOT]
    ApplicantProfile.objects.filter(user=dossier.applicant).update(
        full_name="Đặng Thị Ướt Sửa", province_name="Thành phố Hà Nội"
    )
    Dossier.objects.filter(pk=dossier.pk).update(title="Tên đã sửa")
    return dossier


def test_confirmation_freezes_the_honorees_printed_names(judged):
    printed = PrintedName.objects.filter(snapshot=judged.snapshot).order_by(
        "dossier__receipt_number"
    )
    assert [(p.dossier.receipt_number, p.name, p.title, p.province) for p in printed] == [
        (
            "VDA2024-C1-0001",
            "Sở Thông tin và Truyền thông tỉnh Bắc Ninh",
            "Chính quyền số Bắc Ninh",
            "Tỉnh Bắc Ninh",
        ),
        (
            "VDA2024-C3-0001",
            "Công ty Cổ phần Công nghệ Số An Phát",
            "Nền tảng số An Phát",
            "Thành phố Hà Nội",
        ),
        (UOT, "Đặng Thị Ướt", "Ứng dụng học tiếng Việt cho người khiếm thị", "Tỉnh Thừa Thiên Huế"),
    ]


def test_a_profile_change_after_confirmation_reaches_no_certificate_or_list(
    organiser_client, judged
):
    dossier = rename_after_confirmation(judged)
    rows = csv_rows(body(organiser_client.get(url("honorees.csv"))))
    uot = next(r for r in rows if r[3].startswith("Đặng"))
    assert uot[3:6] == [
        "Đặng Thị Ướt",
        "Ứng dụng học tiếng Việt cho người khiếm thị",
        "Tỉnh Thừa Thiên Huế",
    ]
    response = organiser_client.get(url(f"certificates/{dossier.pk}.pdf"))
    flat = " ".join(pdf_text(response.content)[1].split())
    assert "Đặng Thị Ướt" in flat
    assert "Sửa" not in flat


def test_the_change_is_a_pending_correction_organisers_accept_and_it_is_recorded(
    organiser_client, judged
):
    dossier = rename_after_confirmation(judged)
    printed = PrintedName.objects.get(dossier=dossier)
    assert pending_correction(printed) == "Đặng Thị Ướt Sửa"
    changelist = reverse("admin:judging_printedname_changelist")
    page = organiser_client.get(changelist)
    assert "Đặng Thị Ướt Sửa" in page.content.decode()
    response = organiser_client.post(
        changelist,
        {"action": "accept_corrections", "_selected_action": [printed.pk]},
        follow=True,
    )
    assert "1 name updated." in [str(m) for m in response.context["messages"]]
    printed.refresh_from_db()
    assert printed.name == "Đặng Thị Ướt Sửa"
    assert pending_correction(printed) == ""
    latest = printed.history.latest()
    assert (latest.history_change_reason, latest.history_user) == (
        "correction accepted",
        judged.organiser,
    )
    assert printed.history.earliest().name == "Đặng Thị Ướt"
    rows = csv_rows(body(organiser_client.get(url("honorees.csv"))))
    assert any(r[3] == "Đặng Thị Ướt Sửa" for r in rows)


def test_a_declined_correction_is_no_longer_pending_and_the_name_stays(judged):
    dossier = rename_after_confirmation(judged)
    printed = PrintedName.objects.get(dossier=dossier)
    services.printed_name_decline_correction(printed=printed, by=judged.organiser)
    printed.refresh_from_db()
    assert (printed.name, pending_correction(printed)) == ("Đặng Thị Ướt", "")
    with pytest.raises(services.JudgingError):
        services.printed_name_accept_correction(printed=printed, by=judged.organiser)


def test_only_organisers_accept_a_correction(judged):
    dossier = rename_after_confirmation(judged)
    printed = PrintedName.objects.get(dossier=dossier)
    with pytest.raises(services.JudgingError):
        services.printed_name_accept_correction(printed=printed, by=judged.judges[0])
    printed.refresh_from_db()
    assert printed.name == "Đặng Thị Ướt"


def test_the_printed_names_list_has_a_constant_number_of_queries(organiser_client, judged):
    changelist = reverse("admin:judging_printedname_changelist")
    with CaptureQueriesContext(connection) as three:
        assert organiser_client.get(changelist).status_code == 200
    PrintedName.objects.filter(
        pk__in=list(PrintedName.objects.values_list("pk", flat=True)[1:])
    ).delete()
    with CaptureQueriesContext(connection) as one:
        organiser_client.get(changelist)
    assert len(three) == len(one)


def test_the_judged_demo_shows_one_pending_correction_and_stays_idempotent(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", "--judged", stdout=None)
    pending = [p for p in PrintedName.objects.all() if pending_correction(p)]
    assert len(pending) == 1
    assert pending_correction(pending[0]) == f"{pending[0].name} (tên mới)"
    call_command("seed_demo", "--judged", stdout=None)
    assert [p for p in PrintedName.objects.all() if pending_correction(p)] == pending
    assert ApplicantProfile.history.filter(legal_name__endswith="(tên mới)").count() <= 1
