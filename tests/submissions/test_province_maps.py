"""Provinces follow the map in force on the season's opening day: 63 until 30/6/2025, 34 from
1/7/2025; a profile and a dossier keep what they were saved with."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.roles import Role
from categories.models import Season
from submissions.forms import ApplicantProfileForm
from submissions.models import ApplicantProfile
from submissions.provinces import (
    all_provinces,
    code_in_2025_map,
    province_choices_on,
    provinces_2025,
    provinces_on,
)
from tests.factories import UserFactory
from tests.submissions.test_profile import ENTERPRISE

ICT = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_34_units_are_made_of_every_2024_province_once():
    units = provinces_2025()
    assert len(units) == 34
    assert sum(unit.kind == "city" for unit in units) == 6
    merged = sorted(code for unit in units for code in unit.merged_from)
    assert merged == sorted(p.code for p in all_provinces())
    assert code_in_2025_map("30") == "31"  # Hải Dương joined Hải Phòng
    assert code_in_2025_map("74") == "79"  # Bình Dương joined Hồ Chí Minh


def test_the_map_changes_on_1_july_2025():
    assert len(provinces_on(date(2025, 6, 30))) == 63
    assert len(provinces_on(date(2025, 7, 1))) == 34


def test_choices_are_alphabetical_without_marks():
    names = [name for _code, name in province_choices_on(date(2026, 1, 1))]
    assert names[:3] == ["An Giang", "Bắc Ninh", "Cà Mau"]
    assert "Bình Dương" not in names
    assert names.index("Đà Nẵng") < names.index("Điện Biên") < names.index("Gia Lai")


def _season_opening(day: datetime) -> Season:
    return Season.objects.create(
        year=day.year + 1,
        name="VDA thử",
        submissions_open_at=day,
        submission_deadline=day.replace(month=12),
    )


@pytest.mark.django_db
def test_the_profile_form_offers_the_map_of_the_seasons_opening_day(season):
    assert len(ApplicantProfileForm().fields["province_code"].choices) == 64  # 2024: 63 + "—"
    _season_opening(datetime(2026, 3, 1, tzinfo=ICT))
    choices = dict(ApplicantProfileForm().fields["province_code"].choices)
    assert len(choices) == 35
    assert choices["24"] == "Bắc Ninh"  # the code of Bắc Giang in 2024


@pytest.mark.django_db
def test_a_profile_saved_in_the_34_map_stores_its_name_and_a_dossier_keeps_its_province(
    client, season
):
    _season_opening(datetime(2026, 3, 1, tzinfo=ICT))
    user = UserFactory(role=Role.APPLICANT)
    client.force_login(user)
    client.post(reverse("submissions:profile"), {**ENTERPRISE, "province_code": "24"})
    profile = ApplicantProfile.objects.get(user=user)
    assert (profile.province_code, profile.province_name) == ("24", "Tỉnh Bắc Ninh")


@pytest.mark.django_db
def test_a_profile_from_the_63_map_keeps_its_province_until_changed(client, season):
    user = UserFactory(role=Role.APPLICANT)
    client.force_login(user)
    client.post(reverse("submissions:profile"), {**ENTERPRISE, "province_code": "49"})
    _season_opening(datetime(2026, 3, 1, tzinfo=ICT))
    choices = dict(
        client.get(reverse("submissions:profile")).context["form"].fields["province_code"].choices
    )
    assert choices["49"] == "Tỉnh Quảng Nam"  # no longer a province, still the saved one
    client.post(reverse("submissions:profile"), {**ENTERPRISE, "province_code": "49"})
    profile = ApplicantProfile.objects.get(user=user)
    assert (profile.province_code, profile.province_name) == ("49", "Tỉnh Quảng Nam")


@pytest.mark.django_db
def test_a_submitted_dossier_keeps_the_province_it_was_filed_with(complete_draft, owner):
    from submissions.services import dossier_submit, profile_save

    profile = owner.applicant_profile
    dossier = dossier_submit(dossier=complete_draft, by=owner)
    filed = (dossier.province_code, dossier.province_name)
    assert filed == (profile.province_code, profile.province_name)
    profile_save(user=owner, data={"province_code": "01"}, province_name="Thành phố Hà Nội")
    dossier.refresh_from_db()
    assert (dossier.province_code, dossier.province_name) == filed
