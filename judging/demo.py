"""Judging demo data for `seed_demo`: the rounds and panels of a season, and (--judged) a fully
judged season. Everything is deterministic and idempotent: a second run changes no row."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, JUDGES, ORGANISER
from accounts.models import User
from accounts.roles import Role
from categories.models import RoundKind, Season
from judging import selectors, services
from judging.models import Panel, ResultSnapshot, Round, RoundState
from submissions.models import (
    ApplicantKind,
    ApplicantProfile,
    Dossier,
    DossierStatus,
    EligibilityDecision,
    ProductField,
    ProductType,
)
from submissions.provinces import province_name
from submissions.services import dossier_decide_eligibility
from vda_portal.localtime import PORTAL_TZ

DEMO_SEED = 20241010  # queue orders of the demo rounds are the same on every machine
PRELIMINARY_DAYS = 62  # 01/07 – 31/08 for the 2024 deadline
FINAL_DAYS = 30
PER_CATEGORY = 12
PRELIMINARY_PANEL_SIZE = 4
FINALISTS_PER_CATEGORY = 5
HONOREE_THRESHOLD = Decimal("65.00")
HONOREES_PER_CATEGORY = 3


# --- Rounds and panels (every seed) --------------------------------------------------------


@transaction.atomic
def seed_rounds(season: Season) -> tuple[Round, Round]:
    """Both rounds after the deadline, the preliminary one open; panels of the demo judges."""
    start = season.submissions_close_at
    preliminary_end = start + timedelta(days=PRELIMINARY_DAYS)
    preliminary, _ = Round.objects.get_or_create(
        season=season,
        kind=RoundKind.PRELIMINARY,
        defaults={
            "opens_at": start,
            "closes_at": preliminary_end - timedelta(seconds=1),
            "state": RoundState.OPEN,
            "assignment_seed": DEMO_SEED,
        },
    )
    final, _ = Round.objects.get_or_create(
        season=season,
        kind=RoundKind.FINAL,
        defaults={
            "opens_at": preliminary_end,
            "closes_at": preliminary_end + timedelta(days=FINAL_DAYS, seconds=-1),
            "assignment_seed": DEMO_SEED + 1,
            "judges_per_dossier": 5,
            "trimmed_mean": True,
        },
    )
    judges = [User.objects.get(email=email) for email, _name in JUDGES]
    for category in season.categories.order_by("number"):
        offset = category.number - 1
        members = [judges[(offset + i) % len(judges)] for i in range(PRELIMINARY_PANEL_SIZE)]
        _panel(preliminary, category, members, quota=FINALISTS_PER_CATEGORY)
        _panel(final, category, judges, quota=HONOREES_PER_CATEGORY, threshold=HONOREE_THRESHOLD)
    return preliminary, final


def _panel(round_, category, judges, **rules) -> Panel:
    panel, _ = Panel.objects.get_or_create(round=round_, category=category, defaults=rules)
    missing = [j for j in judges if j.pk not in set(panel.judges.values_list("pk", flat=True))]
    if missing:  # adding nothing would still write an (empty) history row
        panel.judges.add(*missing)
    return panel


def assign_open_round(round_: Round) -> int:
    """Assign the open preliminary round's eligible dossiers (none: nothing to do)."""
    if round_.state != RoundState.OPEN:
        return 0
    _screen_demo_submissions(round_)
    if not selectors.round_candidates(round_).exists():
        return 0
    return services.assign_automatically(round_=round_, by=_organiser()).created


def _screen_demo_submissions(round_: Round) -> None:
    """Screen the demo applicants' submitted dossiers as the engine says, so that judges have
    something in their queues right after `make run`."""
    organiser = _organiser()
    submitted = Dossier.objects.filter(season=round_.season, status=DossierStatus.SUBMITTED)
    for dossier in submitted.select_related("category"):
        decision = (
            EligibilityDecision.INELIGIBLE
            if dossier.eligibility_reasons
            else EligibilityDecision.ELIGIBLE
        )
        dossier_decide_eligibility(
            dossier=dossier, decision=decision, justification="", by=organiser
        )


def _organiser() -> User:
    return User.objects.get(email=ORGANISER[0])


# --- A fully judged season (--judged) ------------------------------------------------------

PROVINCES = ["01", "79", "48", "31", "92", "27", "38", "46", "56", "75"]
AGENCIES = [
    "Sở Thông tin và Truyền thông tỉnh {p}",
    "Ủy ban nhân dân tỉnh {p}",
    "Sở Y tế tỉnh {p}",
    "Sở Giáo dục và Đào tạo tỉnh {p}",
]
ENTERPRISES = [
    "Công ty Cổ phần Giải pháp Số {n}",
    "Công ty TNHH Công nghệ {n}",
    "Tổng Công ty Dịch vụ Số {n}",
]
FOREIGN = [
    ("Singapore", "{n} Digital Pte. Ltd."),
    ("Hàn Quốc (Korea)", "{n} Tech Co., Ltd."),
    ("Nhật Bản (Japan)", "{n} Systems K.K."),
]
WORDS = [
    "Sao Mai",
    "Hồng Hà",
    "Trường Sơn",
    "Phương Nam",
    "Bình Minh",
    "Thăng Long",
    "Cửu Long",
    "Tây Nguyên",
    "Hải Vân",
    "Ngọc Lan",
    "Bạch Đằng",
    "Lam Sơn",
]
PRODUCT_FIELDS = [
    ProductField.E_GOVERNMENT,
    ProductField.FINTECH,
    ProductField.HEALTH,
    ProductField.EDUCATION,
    ProductField.AGRICULTURE,
    ProductField.LOGISTICS,
]
# How strict each demo judge is, in points (judge1 harsh … judge6 lenient): normalisation
# has something to correct.
JUDGE_BIAS = [
    Decimal("-1.5"),
    Decimal("-0.5"),
    Decimal("0"),
    Decimal("0"),
    Decimal("0.5"),
    Decimal("1.5"),
]


def _h(*parts) -> int:
    return int(hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:12], 16)


@transaction.atomic
def seed_judged(season: Season, preliminary: Round, final: Round) -> None:
    """About 60 dossiers, screened, scored in both rounds by the demo judges, results confirmed
    with their snapshots. Skips whatever is already done, so a second run changes nothing."""
    organiser = _organiser()
    if not ResultSnapshot.objects.filter(round=preliminary).exists():
        for category in season.categories.order_by("number"):
            for index in range(1, PER_CATEGORY + 1):
                _demo_dossier(season, category, index, organiser)
        _declare_demo_conflict(season)
        _judge_round(preliminary, organiser)
    if not ResultSnapshot.objects.filter(round=final).exists():
        _judge_round(final, organiser)


def _judge_round(round_: Round, organiser: User) -> None:
    round_.refresh_from_db()
    if round_.state != RoundState.OPEN:
        services.round_open(round_=round_, by=organiser)
    services.assign_automatically(round_=round_, by=organiser)
    for assignment in (
        selectors.visible_assignments()
        .filter(round=round_)
        .select_related("dossier", "judge", "round")
    ):
        if getattr(assignment, "review", None) and assignment.review.is_final:
            continue
        services.review_save(
            assignment=assignment,
            values=_demo_scores(assignment),
            comment=_demo_comment(assignment),
            by=assignment.judge,
            submit=True,
        )
    services.round_close(round_=round_, by=organiser)
    services.results_confirm(round_=round_, by=organiser)


def _demo_scores(assignment) -> dict[int, Decimal]:
    """Deterministic: the dossier's quality, the judge's bias, a little noise per criterion."""
    dossier, judge = assignment.dossier, assignment.judge
    quality = Decimal(4 + _h("quality", dossier.receipt_number) % 11) / 2  # 2.0 … 7.0
    quality += 2
    bias = JUDGE_BIAS[int(judge.email.removeprefix("judge").split("@")[0]) - 1]
    values = {}
    for criterion in selectors.round_criteria(assignment):
        noise = Decimal(_h(dossier.pk, judge.pk, criterion.pk, assignment.round.kind) % 5 - 2) / 2
        raw = quality + bias + noise
        values[criterion.pk] = min(max((raw * 2).to_integral_value() / 2, Decimal(0)), Decimal(10))
    return values


def _demo_comment(assignment) -> str:
    return "Hồ sơ rõ ràng, số liệu đầy đủ." if assignment.dossier.pk % 2 else "Cần thêm minh chứng."


def _declare_demo_conflict(season: Season) -> None:
    """judge2 works for one of the category-2 applicants: declared before assignment."""
    judge = User.objects.get(email=JUDGES[1][0])
    applicant = User.objects.get(email=_applicant_email(2, 1))
    services.conflict_declare(
        judge=judge, applicant=applicant, reason="Từng làm cố vấn cho đơn vị này.", by=judge
    )


def _applicant_email(category: int, index: int) -> str:
    return f"demo-c{category}-{index:02d}@example.com"


def _demo_dossier(season: Season, category, index: int, organiser: User) -> Dossier:
    user = _demo_applicant(category.number, index)
    dossier = Dossier.objects.filter(applicant=user, category=category).first()
    if dossier is None:
        dossier = _create_dossier(season, category, user, index)
    if dossier.status == DossierStatus.SUBMITTED:
        dossier_decide_eligibility(
            dossier=dossier, decision=EligibilityDecision.ELIGIBLE, justification="", by=organiser
        )
    return dossier


def _demo_applicant(number: int, index: int) -> User:
    email = _applicant_email(number, index)
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": f"Người liên hệ {number}-{index:02d}"}
    )
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=Role.APPLICANT))
        ApplicantProfile.objects.create(user=user, **_profile(number, index))
    return user


@cache
def _demo_password_hash() -> str:
    # Hashed once per run: sixty demo applicants would otherwise take seconds of PBKDF2.
    return make_password(DEMO_PASSWORD)


def _profile(number: int, index: int) -> dict:
    word = WORDS[(index - 1) % len(WORDS)]
    code = PROVINCES[(number + index) % len(PROVINCES)]
    common = {
        "province_code": code,
        "province_name": province_name(code),
        "address": f"Số {index} đường {word}",
        "works_in_ict": number != 1,
        "phone": f"09{number}{index:07d}"[:10],
        "contact_person": f"Người liên hệ {number}-{index:02d}",
        "established_in_vietnam": True,
        "country": "Việt Nam",
        "legal_representative_in_vietnam": True,
        "legal_representative_name": f"Đại diện {word}",
        "legal_representative_position": "Giám đốc",
    }
    if number == 1:
        name = AGENCIES[index % len(AGENCIES)].format(p=province_name(code))
        return {**common, "kind": ApplicantKind.STATE_AGENCY, "legal_name": f"{name} ({index})"}
    if number == 5:
        country, pattern = FOREIGN[index % len(FOREIGN)]
        return {
            **common,
            "kind": ApplicantKind.ENTERPRISE,
            "legal_name": pattern.format(n=f"Demo {index:02d}"),
            "established_in_vietnam": False,
            "country": country,
        }
    kind = (
        ApplicantKind.PUBLIC_SERVICE_UNIT
        if number == 2 and index % 4 == 0
        else (ApplicantKind.ENTERPRISE)
    )
    name = ENTERPRISES[index % len(ENTERPRISES)].format(n=f"{word} {number}{index:02d}")
    return {**common, "kind": kind, "legal_name": name}


def _create_dossier(season: Season, category, user: User, index: int) -> Dossier:
    number = category.number
    transformation = category.is_transformation
    kind_word = "Chuyển đổi số" if transformation else "Giải pháp"
    word = WORDS[(index - 1) % len(WORDS)]
    submitted = datetime(2024, 6, 1, 8, 0, tzinfo=PORTAL_TZ) + timedelta(
        hours=number * 37 + index * 5
    )
    content = {
        "title": f"{kind_word} {word} {number}.{index:02d}",
        "summary": f"Hồ sơ minh họa số {index} của hạng mục {number}.",
        "contact_name": user.full_name,
        "contact_email": user.email,
        "contact_phone": f"09{number}{index:07d}"[:10],
        "declaration_true": True,
        "consent_publish": True,
    }
    if transformation:
        content.update(
            level_or_sector="Cấp tỉnh" if number == 1 else "Doanh nghiệp",
            strategy_leadership="Chiến lược chuyển đổi số giai đoạn 2022–2025.",
            platforms_solutions="Hệ thống điều hành số, cổng dịch vụ trực tuyến.",
            data_integration="Kết nối trục liên thông và cơ sở dữ liệu dùng chung.",
            measured_results=f"Giảm {10 + index}% thời gian xử lý.",
            period_start=date(2022, 1, 1),
            period_end=date(2024, 5, 31),
        )
    else:
        content.update(
            product_name=f"{word} {number}{index:02d}",
            product_type=[ProductType.PRODUCT, ProductType.SERVICE, ProductType.SOLUTION][
                index % 3
            ],
            product_field=PRODUCT_FIELDS[index % len(PRODUCT_FIELDS)],
            launch_date=date(2020 + index % 4, 1 + index % 12, 1),
            user_count=1000 * index,
            users_customers=f"{1000 * index} người dùng",
            technology="Điện toán đám mây, AI",
            ip_ownership="Đơn vị sở hữu toàn bộ quyền",
            impact="Tiết kiệm chi phí và thời gian cho người dân.",
            owns_solution=True,
        )
        if number == 4:
            content.update(beneficiaries="Người khuyết tật, người cao tuổi", reach="20 tỉnh")
        if number == 5:
            content.update(
                vietnam_presence="Văn phòng đại diện tại TP. Hồ Chí Minh",
                vietnam_contribution="Chuyển giao công nghệ cho đối tác Việt Nam",
            )
    return Dossier.objects.create(
        season=season,
        category=category,
        applicant=user,
        status=DossierStatus.SUBMITTED,
        receipt_number=_next_receipt(season, category),
        first_submitted_at=submitted,
        submitted_at=submitted,
        **content,
    )


def _next_receipt(season: Season, category) -> str:
    last = (
        Dossier.objects.filter(category=category, receipt_number__isnull=False)
        .order_by("-receipt_number")
        .values_list("receipt_number", flat=True)
        .first()
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"VDA{season.year}-C{category.number}-{sequence:04d}"
