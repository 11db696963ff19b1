from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.roles import Role
from categories.models import RoundKind
from judging.models import Panel, Round, RoundState
from tests.factories import UserFactory
from tests.judging.helpers import english

ICT = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def judges(db):
    return [
        UserFactory(
            email=f"judge{n}@example.com", full_name=f"Judge {n}", role=Role.JUDGE, is_staff=True
        )
        for n in range(1, 7)
    ]


@pytest.fixture
def organiser(db):
    return UserFactory(email="organiser@example.com", role=Role.ORGANISER, is_staff=True)


@pytest.fixture
def category(season):
    return season.categories.get(number=3)


@pytest.fixture
def preliminary(season):
    return Round.objects.create(
        season=season,
        kind=RoundKind.PRELIMINARY,
        opens_at=datetime(2024, 7, 1, tzinfo=ICT),
        closes_at=datetime(2024, 8, 31, 23, 59, 59, tzinfo=ICT),
        state=RoundState.OPEN,
        assignment_seed=7,
    )


@pytest.fixture
def panel(preliminary, category, judges):
    panel = Panel.objects.create(round=preliminary, category=category, quota=2)
    panel.judges.set(judges[:4])
    return panel


@pytest.fixture
def judge_client(client, judges):
    client.force_login(judges[0])
    return english(client)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return english(client)
