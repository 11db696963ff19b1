from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_TOTP_SECRET
from accounts.models import User
from categories.models import Category, Criterion, Season, SeasonState
from judging.models import Assignment, Review, RoundPublication
from submissions.models import (
    DeadlineExtension,
    Dossier,
    DossierMember,
    DossierStatus,
    Nomination,
    OutboundEmail,
)

ICT = ZoneInfo("Asia/Ho_Chi_Minh")


def snapshot() -> dict:
    return {
        "seasons": list(Season.objects.values().order_by("id")),
        "categories": list(Category.objects.values().order_by("id")),
        "criteria": list(Criterion.objects.values().order_by("id")),
        "users": list(
            User.objects.values("id", "email", "full_name", "is_staff", "password").order_by("id")
        ),
        "memberships": list(User.groups.through.objects.values().order_by("id")),
        "dossiers": list(Dossier.objects.values("id", "status", "receipt_number").order_by("id")),
        "assignments": Assignment.objects.count(),
        "reviews": Review.objects.count(),
        "publications": list(RoundPublication.objects.values("round", "recipients")),
        "emails": OutboundEmail.objects.count(),
        # The entry paths (submissions/demo_entry_paths.py).
        "team": list(DossierMember.objects.values("id", "email", "role", "state")),
        "nominations": list(Nomination.objects.values("id", "nominee_email", "state")),
        "received": list(Dossier.objects.exclude(received_via="online").values("id", "status")),
        "extensions": list(DeadlineExtension.objects.values("id", "deadline")),
    }


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_rows(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first

    season = Season.objects.get(year=2024)
    assert season.year == 2024
    assert season.submission_deadline == datetime(2024, 6, 30, 23, 59, 59, tzinfo=ICT)
    assert season.submissions_open_at == datetime(2024, 4, 16, tzinfo=ICT)
    assert [c.number for c in season.categories.all()] == [1, 2, 3, 4, 5]
    assert Criterion.objects.filter(category__season=season).count() == 5 * 5 * 2
    for category in season.categories.all():
        for round_kind in ("preliminary", "final"):
            weights = category.criteria.filter(round_kind=round_kind).values_list(
                "weight", flat=True
            )
            assert sum(weights) == 100
    emails = set(
        User.objects.exclude(email__startswith="demo-c")
        .exclude(email__startswith="past2023-")
        .values_list("email", flat=True)
    )
    assert emails == {
        "organiser@example.com",
        *(f"judge{n}@example.com" for n in range(1, 7)),
        *(f"applicant{n}@example.com" for n in range(1, 5)),
        "buudien@example.com",  # filed by the organiser from a postal dossier: no login yet
    }
    offline = User.objects.get(email="buudien@example.com")
    assert not offline.has_usable_password()
    demo = User.objects.exclude(email__startswith="past2023-").exclude(pk=offline.pk)
    assert all(u.check_password("vda-demo-2024") for u in demo)
    # The past season's other applicants cannot sign in (no usable password).
    assert not any(u.has_usable_password() for u in User.objects.filter(email__startswith="past"))
    # Each entry path is shown: a team, a nomination, a postal dossier, an extension.
    assert sorted(DossierMember.objects.values_list("role", "state")) == [
        ("editor", "active"),
        ("viewer", "invited"),
    ]
    assert Nomination.objects.get().state == "sent"
    postal = Dossier.objects.get(received_via="post")
    assert postal.receipt_number is not None
    assert DeadlineExtension.objects.count() == 1
    printed = out.getvalue()
    assert "organiser@example.com" in printed
    assert "vda-demo-2024" in printed


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=StringIO())
    assert Season.objects.count() == 0
    call_command("seed_demo", "--force", stdout=StringIO())
    assert Season.objects.count() == 2  # 2024, and 2023 judged and published


@pytest.mark.django_db
def test_open_now_opens_the_season_today_for_fourteen_days(settings, time_machine):
    settings.DEBUG = True
    time_machine.move_to(datetime(2026, 11, 27, 10, 0, tzinfo=ICT))
    call_command("seed_demo", "--open-now", stdout=StringIO())
    season = Season.objects.get(year=2024)
    assert season.is_demo is True
    assert season.accepts_submissions()
    assert season.submission_deadline == datetime(2026, 12, 11, 23, 59, 59, tzinfo=ICT)


@pytest.mark.django_db
def test_demo_staff_have_the_printed_totp_secret_and_applicants_none(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert f"oathtool --totp -b {DEMO_TOTP_SECRET}" in out.getvalue()
    enrolled = set(Authenticator.objects.filter(type="totp").values_list("user__email", flat=True))
    assert enrolled == {"organiser@example.com", *(f"judge{n}@example.com" for n in range(1, 7))}
    settings.DEBUG = False
    quiet = StringIO()
    call_command("seed_demo", "--force", stdout=quiet)
    assert DEMO_TOTP_SECRET not in quiet.getvalue()


@pytest.mark.django_db
def test_the_demo_shows_every_state(settings, time_machine):
    settings.DEBUG = True
    time_machine.move_to(datetime(2026, 11, 27, 10, 0, tzinfo=ICT))
    call_command("seed_demo", "--open-now", stdout=StringIO())
    now = Season.objects.get(year=2024)
    past = Season.objects.get(year=2023)
    assert (now.current_state(), past.current_state()) == (
        SeasonState.OPEN,
        SeasonState.PUBLISHED,
    )
    statuses = set(Dossier.objects.filter(season=now).values_list("status", flat=True))
    assert statuses == {
        DossierStatus.DRAFT,
        DossierStatus.SUBMITTED,
        DossierStatus.IN_REVIEW,
        DossierStatus.INELIGIBLE,
        DossierStatus.WITHDRAWN,
    }
    assert Dossier.objects.filter(season=now).exclude(screening_message="").count() == 10
    assert Dossier.objects.filter(season=now).count() >= 30
    judges = set(
        Assignment.objects.filter(round__season=now, status="active").values_list(
            "judge__email", flat=True
        )
    )
    assert judges == {f"judge{n}@example.com" for n in range(1, 7)}
    assert Dossier.objects.filter(season=past, status=DossierStatus.HONOREE).count() == 6
    assert RoundPublication.objects.filter(round__season=past).count() == 1


@pytest.mark.django_db
def test_seed_demo_publishes_a_past_season_with_gallery_certificates_and_feedback(settings, client):
    from organisers.certificates import qr_code, verification_url
    from organisers.models import Certificate
    from submissions.models import Dossier

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent
    assert Certificate.objects.count() == 6
    assert client.get("/vinh-danh/2023/").status_code == 200
    certificate = Certificate.objects.order_by("category_number", "rank").first()
    url = verification_url(certificate.code)
    assert [s.data for s in qr_code(url).data_list] == [url.encode()]
    assert client.get(f"/xac-minh/{certificate.code}").status_code == 200
    honoured = Dossier.objects.get(applicant__email="applicant1@example.com", season__year=2023)
    client.force_login(honoured.applicant)
    assert f"/applicant/dossiers/{honoured.pk}/certificate.pdf" in client.get("/applicant/").text
    assert 'id="feedback"' in client.get(f"/applicant/dossiers/{honoured.pk}/").text
