from zoneinfo import ZoneInfo

import pytest

from accounts.roles import Role
from judging.models import Panel
from tests.factories import UserFactory
from tests.judging.helpers import english, open_preliminary

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
    return open_preliminary(season, assignment_seed=7)


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
