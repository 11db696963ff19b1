"""Data for the nginx test's own database: an open season, an applicant with a draft, a
second applicant for the lockout, an organiser and 10,000 submitted dossiers to export. Run in
a subprocess with the stack's settings, after django.setup() (see SEED_SCRIPT)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group

from accounts.demo import enrol_demo_totp
from accounts.roles import Role
from categories.demo import seed_vda_2024
from submissions.models import Dossier, DossierStatus
from tests.factories import DossierFactory, UserFactory, applicant

SEED_SCRIPT = (
    "import json, django; django.setup()\n"
    "from tests.deploy.stack_seed import seed; print(json.dumps(seed()))\n"
)

PASSWORD = "pw-123456789"  # tests.factories.UserFactory's
MANY = 10_000


def verified(user):
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def seed() -> dict:
    # A copy of the suite's test database: migrated, but another test may have flushed the
    # groups its migrations made.
    for role in Role:
        Group.objects.get_or_create(name=role)
    season = seed_vda_2024(open_now=True)
    owner = verified(applicant("owner@example.com"))
    draft = DossierFactory(applicant=owner, category=season.categories.get(number=3))
    verified(applicant("khoa@example.com"))
    organiser = UserFactory(email="btc@example.com", role=Role.ORGANISER, is_staff=True)
    verified(organiser)
    enrol_demo_totp(organiser)  # staff pass a second factor (accounts.mfa)
    many = applicant("nhieu@example.com", legal_name="Tổng công ty Bưu điện Việt Nam")
    at = datetime(2024, 6, 1, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    Dossier.objects.bulk_create(
        (
            Dossier(
                season=season,
                category=season.categories.get(number=2),
                applicant=many,
                status=DossierStatus.SUBMITTED,
                receipt_number=f"VDA2024-C2-{n:05d}",
                first_submitted_at=at,
                submitted_at=at,
                title=f"Chuyển đổi số bưu cục số {n}: " + "mạng lưới bưu chính số " * 8,
            )
            for n in range(1, MANY + 1)
        ),
        batch_size=1000,
    )
    return {"draft": draft.pk, "year": season.year}
