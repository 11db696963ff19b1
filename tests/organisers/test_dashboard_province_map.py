"""The dashboard groups received dossiers by the province each was filed with, in the map of
its season's opening day (34 units from 1/7/2025)."""

from datetime import datetime

import pytest

from categories.models import Season
from submissions.models import Dossier
from tests.judging.organiser_season import ICT
from tests.organisers.test_dashboard import DASHBOARD, boss_client, received  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_season_opening_after_the_merger_groups_by_the_34_units(boss_client, season):  # noqa: F811
    Season.objects.filter(pk=season.pk).update(
        submissions_open_at=datetime(2025, 7, 1, tzinfo=ICT),
        submission_deadline=datetime(2025, 9, 30, 23, 59, 59, tzinfo=ICT),
    )
    filed_in_bac_ninh = received(season, 1, province="27")  # the profile still says 27
    Dossier.objects.filter(pk=filed_in_bac_ninh.pk).update(
        province_code="24", province_name="Tỉnh Bắc Ninh"
    )
    received(season, 2, province="79")

    provinces = boss_client.get(DASHBOARD).context["province_chart"]

    assert len(provinces["table"]) == 34
    assert [(bar.label, bar.total) for bar in provinces["chart"].bars] == [
        ("Bắc Ninh", 1),
        ("Hồ Chí Minh", 1),
    ]
    assert provinces["unknown"] == 0
