"""A small judged VDA 2024 season for the organisers' tests: four finalists in categories 1 and
3, scored by two judges in the final round, results confirmed through judging's service.

Category 3 (quota 2): Đặng Thị Ướt 89.63, An Phát 85.00 are honorees; Đà Nẵng 70.00 is not.
Category 1: the Bắc Ninh department 87.50 is the honoree. Judge 3 has a conflict of interest
with the Đà Nẵng applicant, yet an active assignment (as if the conflict came late): no export
may show that pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from accounts.models import User
from accounts.roles import Role
from categories.demo import seed_vda_2024
from categories.models import Category, Criterion, RoundKind, Season
from judging import services
from judging.aggregation import review_total
from judging.models import (
    Assignment,
    ConflictOfInterest,
    Panel,
    ResultSnapshot,
    Review,
    ReviewStatus,
    Round,
    RoundState,
    Score,
)
from submissions.models import ApplicantKind, Dossier, DossierStatus
from tests.factories import DossierFactory, UserFactory, applicant

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "pw-123456789"  # tests.factories.UserFactory's

INDIVIDUAL = {
    "kind": ApplicantKind.INDIVIDUAL,
    "legal_name": "",
    "established_in_vietnam": None,
    "legal_representative_in_vietnam": None,
    "full_name": "Đặng Thị Ướt",
    "vietnamese_citizen": True,
    "citizen_id": "046190001234",
    "province_code": "46",
    "province_name": "Tỉnh Thừa Thiên Huế",
}

# (email, category, receipt, title, profile, scores of judge 1, scores of judge 2)
ENTRIES = [
    (
        "soict@example.com",
        1,
        "VDA2024-C1-0001",
        "Chính quyền số Bắc Ninh",
        {
            "kind": ApplicantKind.STATE_AGENCY,
            "legal_name": "Sở Thông tin và Truyền thông tỉnh Bắc Ninh",
            "province_code": "27",
            "province_name": "Tỉnh Bắc Ninh",
        },
        [8.5] * 5,
        [9] * 5,
    ),
    (
        "anphat@example.com",
        3,
        "VDA2024-C3-0001",
        "Nền tảng số An Phát",
        {"legal_name": "Công ty Cổ phần Công nghệ Số An Phát"},
        [9] * 5,
        [8] * 5,
    ),
    (
        "uot@example.com",
        3,
        "VDA2024-C3-0002",
        "Ứng dụng học tiếng Việt cho người khiếm thị",
        INDIVIDUAL,
        [10, 9.5, 9, 9.5, 9],
        [8.5] * 5,
    ),
    (
        "danang@example.com",
        3,
        "VDA2024-C3-0003",
        "Hệ thống quản lý bệnh viện thông minh",
        {
            "legal_name": "Công ty TNHH Phần mềm Đà Nẵng",
            "province_code": "48",
            "province_name": "Thành phố Đà Nẵng",
        },
        [7] * 5,
        [7] * 5,
    ),
]


@dataclass
class JudgedSeason:
    season: Season
    round: Round
    organiser: User
    judges: list[User]
    dossiers: dict[str, Dossier]  # by receipt number
    snapshot: ResultSnapshot


def organiser(email: str = "btc@example.com") -> User:
    return UserFactory(email=email, full_name="Ban Tổ chức", role=Role.ORGANISER, is_staff=True)


def judge(n: int) -> User:
    return UserFactory(
        email=f"giamkhao{n}@example.com", full_name=f"Giám khảo {n}", role=Role.JUDGE, is_staff=True
    )


def finalist(email: str, category: Category, receipt: str, title: str, profile: dict) -> Dossier:
    at = datetime(2024, 6, 20, 10, 0, tzinfo=ICT) + timedelta(hours=int(receipt[-1]))
    return DossierFactory(
        applicant=applicant(email, **profile),
        category=category,
        title=title,
        status=DossierStatus.FINALIST,
        receipt_number=receipt,
        first_submitted_at=at,
        submitted_at=at,
    )


def final_round(season: Season) -> Round:
    return Round.objects.create(
        season=season,
        kind=RoundKind.FINAL,
        opens_at=datetime(2024, 9, 1, tzinfo=ICT),
        closes_at=datetime(2024, 9, 20, tzinfo=ICT),
        state=RoundState.OPEN,
        judges_per_dossier=2,
    )


def final_review(round_: Round, dossier: Dossier, judge_: User, values: list) -> Review:
    assignment = Assignment.objects.create(round=round_, dossier=dossier, judge=judge_)
    criteria = list(
        Criterion.objects.filter(category=dossier.category, round_kind=round_.kind).order_by(
            "position"
        )
    )
    scores = [Decimal(str(v)) for v in values]
    total = review_total((c.weight, s, c.max_score) for c, s in zip(criteria, scores, strict=True))
    review = Review.objects.create(
        assignment=assignment,
        status=ReviewStatus.FINAL,
        total=total,
        submitted_at=datetime(2024, 9, 10, tzinfo=ICT),
    )
    Score.objects.bulk_create(
        Score(review=review, criterion=c, value=s) for c, s in zip(criteria, scores, strict=True)
    )
    return review


def judged_season() -> JudgedSeason:
    season = seed_vda_2024()
    boss = organiser()
    judges = [judge(n) for n in (1, 2, 3)]
    round_ = final_round(season)
    for number, quota in ((1, 1), (3, 2)):
        category = season.categories.get(number=number)
        panel = Panel.objects.create(round=round_, category=category, quota=quota)
        panel.judges.set(judges[:2])
    dossiers = {}
    for email, number, receipt, title, profile, first, second in ENTRIES:
        category = season.categories.get(number=number)
        dossier = finalist(email, category, receipt, title, profile)
        final_review(round_, dossier, judges[0], first)
        final_review(round_, dossier, judges[1], second)
        dossiers[receipt] = dossier
    _late_conflict(round_, dossiers["VDA2024-C3-0003"], judges[2], boss)
    round_.state = RoundState.CLOSED
    round_.save()
    snapshot = services.results_confirm(round_=round_, by=boss)
    return JudgedSeason(season, round_, boss, judges, dossiers, snapshot)


def _late_conflict(round_: Round, dossier: Dossier, judge_: User, by: User) -> None:
    """A conflict with the applicant, and an assignment still active with a draft review."""
    ConflictOfInterest.objects.create(
        judge=judge_, applicant=dossier.applicant, reason="Người thân", declared_by=by
    )
    assignment = Assignment.objects.create(round=round_, dossier=dossier, judge=judge_)
    Review.objects.create(assignment=assignment, status=ReviewStatus.DRAFT)
