from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_TOTP_SECRET
from accounts.models import User
from categories.models import Category, Criterion, Season
from submissions.models import DeadlineExtension, Dossier, DossierMember, Nomination

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

    season = Season.objects.get()
    assert season.year == 2024
    assert season.submission_deadline == datetime(2024, 6, 30, 23, 59, 59, tzinfo=ICT)
    assert season.submissions_open_at == datetime(2024, 4, 16, tzinfo=ICT)
    assert [c.number for c in season.categories.all()] == [1, 2, 3, 4, 5]
    assert Criterion.objects.count() == 5 * 5 * 2
    for category in season.categories.all():
        for round_kind in ("preliminary", "final"):
            weights = category.criteria.filter(round_kind=round_kind).values_list(
                "weight", flat=True
            )
            assert sum(weights) == 100
    emails = set(User.objects.values_list("email", flat=True))
    assert emails == {
        "organiser@example.com",
        *(f"judge{n}@example.com" for n in range(1, 7)),
        *(f"applicant{n}@example.com" for n in range(1, 5)),
        "buudien@example.com",  # filed by the organiser from a postal dossier: no login yet
    }
    offline = User.objects.get(email="buudien@example.com")
    assert not offline.has_usable_password()
    assert all(u.check_password("vda-demo-2024") for u in User.objects.exclude(pk=offline.pk))
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
    assert Season.objects.count() == 1


@pytest.mark.django_db
def test_open_now_opens_the_season_today_for_fourteen_days(settings, time_machine):
    settings.DEBUG = True
    time_machine.move_to(datetime(2026, 11, 27, 10, 0, tzinfo=ICT))
    call_command("seed_demo", "--open-now", stdout=StringIO())
    season = Season.objects.get()
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
