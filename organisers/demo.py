"""A past season, judged and published, for `seed_demo` (and the gallery's tests and bench):
honorees in the public gallery, certificates whose QR codes verify, feedback to entrants.

The dossiers, reviews and scores are written in bulk (demo data, as the judged demo's tests
write them); confirming, publishing and issuing go through the real services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from accounts.roles import Role
from categories.demo import CATEGORIES, CRITERIA, _seed_criteria
from categories.models import Category, Criterion, RoundKind, Season, SeasonState
from judging.aggregation import review_total
from judging.models import (
    Assignment,
    Panel,
    ResultSnapshot,
    Review,
    ReviewStatus,
    Round,
    RoundState,
    Score,
)
from judging.services import results_confirm, results_publish
from organisers.exports.honorees import honorees
from organisers.models import (
    AnonymousHonorees,
    FeedbackLevel,
    RoundFeedback,
    SeasonAwardSettings,
    Signatory,
)
from organisers.services import certificates_issue
from submissions.models import ApplicantKind, ApplicantProfile, Dossier, DossierStatus
from submissions.provinces import province_by_code
from vda_portal.localtime import PORTAL_TZ

PAST_YEAR = 2023
PROVINCES = ["48", "01", "79", "31", "92", "27", "46", "56"]  # Đà Nẵng first
WORDS = ["Sao Mai", "Hòa Bình", "Bình Minh", "Phương Nam", "Trường Sơn", "Hồng Hà", "Cửu Long"]
SIGNATORIES = [
    (
        "Nguyễn Minh Hồng",
        "Chủ tịch Hội Truyền thông số Việt Nam",
        "Chairman, Vietnam Digital Communications Association",
    ),
    ("Lê Quang Tự Do", "Trưởng Ban Tổ chức", "Head of the Organising Committee"),
]


def _name(number: int, index: int) -> str:
    word = WORDS[index % len(WORDS)]
    if number == 1:
        return f"Sở Thông tin và Truyền thông {word} {index:03d}"
    return f"Công ty Cổ phần Công nghệ {word} {number}{index:03d}"


@transaction.atomic
def seed_published_season(
    *,
    year: int,
    organiser: User,
    judges: list[User],
    per_category: int,
    honorees_per_category: int,
    numbers: tuple[int, ...] = (1, 2, 3, 4, 5),
    consents: Callable[[int, int], bool] = lambda number, index: index % 4 != 3,
    feedback: FeedbackLevel = FeedbackLevel.COMMENTS,
    email_prefix: str = "past",
) -> Season:
    """A season of `year` whose final round is scored by two judges, confirmed, published
    (result emails queued), with award settings and every honoree's certificate issued.
    Returns the existing season if its final results are already confirmed."""
    done = ResultSnapshot.objects.filter(round__season__year=year, round__kind=RoundKind.FINAL)
    if done.exists():
        return Season.objects.get(year=year)
    season, _ = Season.objects.update_or_create(
        year=year,
        defaults={
            "name": f"VDA {year} – Giải thưởng Chuyển đổi số Việt Nam",
            "submissions_open_at": datetime(year, 4, 16, tzinfo=PORTAL_TZ),
            "submission_deadline": datetime(year, 6, 30, 23, 59, 59, tzinfo=PORTAL_TZ),
            "ceremony_date": date(year, 10, 5),
            "state": SeasonState.JUDGING,  # its submissions closed long ago
        },
    )
    categories = []
    for data in CATEGORIES:
        if data["number"] in numbers:
            category, _ = Category.objects.update_or_create(
                season=season, number=data["number"], defaults=data
            )
            _seed_criteria(category, CRITERIA[data["number"]])
            categories.append(category)
    dossiers = _dossiers(season, categories, per_category, consents, email_prefix)
    round_ = Round.objects.create(
        season=season,
        kind=RoundKind.FINAL,
        opens_at=datetime(year, 9, 1, tzinfo=PORTAL_TZ),
        closes_at=datetime(year, 9, 20, tzinfo=PORTAL_TZ),
        state=RoundState.CLOSED,
        judges_per_dossier=2,
    )
    for category in categories:
        panel = Panel.objects.create(round=round_, category=category, quota=honorees_per_category)
        panel.judges.set(judges[:2])
    _reviews(round_, dossiers, judges[:2])
    RoundFeedback.objects.update_or_create(round=round_, defaults={"level": feedback})
    snapshot = results_confirm(round_=round_, by=organiser)
    results_publish(round_=round_, by=organiser)
    _award_settings(season)
    snapshot.refresh_from_db()
    certificates_issue(snapshot=snapshot, honorees=honorees(snapshot))
    return season


def _dossiers(season, categories, per_category, consents, prefix) -> list[Dossier]:
    password = make_password(None)
    group = Group.objects.get(name=Role.APPLICANT)
    users = User.objects.bulk_create(
        User(
            email=f"{prefix}{season.year}-c{c.number}-{i:03d}@example.com",
            full_name=f"Người liên hệ {c.number}-{i:03d}",
            password=password,
        )
        for c in categories
        for i in range(1, per_category + 1)
    )
    users = list(User.objects.filter(email__in=[u.email for u in users]).order_by("email"))
    group.user_set.add(*users)
    by_email = {u.email: u for u in users}
    profiles, rows = [], []
    at = datetime(season.year, 6, 1, 9, 0, tzinfo=PORTAL_TZ)
    for c in categories:
        for i in range(1, per_category + 1):
            user = by_email[f"{prefix}{season.year}-c{c.number}-{i:03d}@example.com"]
            code = PROVINCES[(c.number + i) % len(PROVINCES)]
            profiles.append(
                ApplicantProfile(
                    user=user,
                    kind=ApplicantKind.STATE_AGENCY if c.number == 1 else ApplicantKind.ENTERPRISE,
                    legal_name=_name(c.number, i),
                    province_code=code,
                    province_name=province_by_code(code).name,
                    address=f"Số {i} đường {WORDS[i % len(WORDS)]}",
                    works_in_ict=c.number != 1,
                    phone=f"09{c.number}{i:07d}"[:10],
                    contact_person=user.full_name,
                    established_in_vietnam=True,
                    country="Việt Nam",
                )
            )
            submitted = at + timedelta(hours=c.number * 50 + i)
            rows.append(
                Dossier(
                    season=season,
                    category=c,
                    applicant=user,
                    status=DossierStatus.FINALIST,
                    receipt_number=f"VDA{season.year}-C{c.number}-{i:04d}",
                    title=f"Nền tảng số {WORDS[i % len(WORDS)]} {c.number}.{i:03d}",
                    summary=(
                        f"Giải pháp số phục vụ người dân và doanh nghiệp tại "
                        f"{province_by_code(code).name}: dịch vụ công trực tuyến, dữ liệu mở "
                        "và thanh toán không dùng tiền mặt."
                    ),
                    declaration_true=True,
                    consent_publish=consents(c.number, i),
                    first_submitted_at=submitted,
                    submitted_at=submitted,
                )
            )
    ApplicantProfile.objects.bulk_create(profiles)
    Dossier.objects.bulk_create(rows)
    return list(
        Dossier.objects.filter(season=season).select_related("category").order_by("receipt_number")
    )


def _reviews(round_: Round, dossiers: list[Dossier], judges: list[User]) -> None:
    criteria: dict[int, list[Criterion]] = {}
    for criterion in Criterion.objects.filter(
        category__season=round_.season, round_kind=RoundKind.FINAL
    ).order_by("position"):
        criteria.setdefault(criterion.category_id, []).append(criterion)
    assignments = Assignment.objects.bulk_create(
        Assignment(round=round_, dossier=d, judge=j) for d in dossiers for j in judges
    )
    assignments = list(
        Assignment.objects.filter(round=round_).select_related("dossier").order_by("pk")
    )
    reviews, values = [], []
    for a in assignments:
        index = int(a.dossier.receipt_number.rsplit("-", 1)[1])
        judge_bias = Decimal(judges.index(next(j for j in judges if j.pk == a.judge_id))) / 2
        scores = [
            min(Decimal(10), Decimal(9) - Decimal(index % 9) / 2 - judge_bias + Decimal(k % 2) / 2)
            for k, _c in enumerate(criteria[a.dossier.category_id])
        ]
        cs = criteria[a.dossier.category_id]
        total = review_total((c.weight, s, c.max_score) for c, s in zip(cs, scores, strict=True))
        comment = (
            "Hồ sơ rõ ràng, số liệu đầy đủ; nên nêu thêm kết quả đo được."
            if a.judge_id == judges[0].pk
            else "Giải pháp có tác động rõ; phần dữ liệu cần minh chứng thêm."
        )
        reviews.append(
            Review(
                assignment=a,
                status=ReviewStatus.FINAL,
                total=total,
                comment=comment,
                submitted_at=datetime(round_.season.year, 9, 10, tzinfo=PORTAL_TZ),
            )
        )
        values.append(scores)
    Review.objects.bulk_create(reviews)
    saved = {r.assignment_id: r for r in Review.objects.filter(assignment__round=round_)}
    Score.objects.bulk_create(
        Score(review=saved[a.pk], criterion=c, value=v)
        for a, scores in zip(assignments, values, strict=True)
        for c, v in zip(criteria[a.dossier.category_id], scores, strict=True)
    )


def _award_settings(season: Season) -> None:
    award, _ = SeasonAwardSettings.objects.get_or_create(
        season=season, defaults={"anonymous_honorees": AnonymousHonorees.PLACEHOLDER}
    )
    if not award.signatories.exists():
        for position, (name, title_vi, title_en) in enumerate(SIGNATORIES):
            Signatory.objects.create(
                award_settings=award,
                position=position,
                name=name,
                title_vi=title_vi,
                title_en=title_en,
            )


def seed_past_season(organiser: User, judges: list[User]) -> Season:
    """The demo's published past season (VDA 2023): 4 dossiers in each of three categories,
    two honorees each, one honoree who did not consent to publication."""
    return seed_published_season(
        year=PAST_YEAR,
        organiser=organiser,
        judges=judges,
        per_category=4,
        honorees_per_category=2,
        numbers=(1, 3, 4),
        consents=lambda number, index: not (number == 4 and index == 1),
    )
