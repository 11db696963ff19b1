"""Helpers of the judging tests (plain functions; fixtures live in conftest.py)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from categories.models import RoundKind
from judging.models import Round, RoundState
from submissions.models import DossierStatus
from tests.factories import DossierFactory, applicant

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_SUBMISSION = datetime(2024, 6, 1, 9, 0, tzinfo=ICT)


def open_preliminary(season, **fields) -> Round:
    """VDA 2024's preliminary round, open: July and August."""
    return Round.objects.create(
        season=season,
        kind=RoundKind.PRELIMINARY,
        opens_at=datetime(2024, 7, 1, tzinfo=ICT),
        closes_at=datetime(2024, 8, 31, 23, 59, 59, tzinfo=ICT),
        state=RoundState.OPEN,
        **fields,
    )


def make_dossier(category, n: int, *, status=DossierStatus.ELIGIBLE, owner=None, **fields):
    """A received dossier with a receipt number; the n-th of its category."""
    at = FIRST_SUBMISSION + timedelta(hours=n)
    return DossierFactory(
        category=category,
        applicant=owner or applicant(f"applicant-c{category.number}-{n}@example.com"),
        status=status,
        receipt_number=f"VDA2024-C{category.number}-{n:04d}",
        first_submitted_at=at,
        submitted_at=at,
        title=f"Dossier {category.number}.{n}",
        **fields,
    )


def english(client):
    """Pages in English, so assertions do not depend on the Vietnamese catalogue."""
    client.cookies["vda_language"] = "en"
    return client
