"""Judging demo data for `seed_demo`: the rounds and panels of a season, and (--judged) a fully
judged season. Everything is deterministic and idempotent: a second run changes no row."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.demo import APPLICANTS, DEMO_PASSWORD, JUDGES, ORGANISER
from accounts.models import User
from accounts.roles import Role
from categories.models import RoundKind, Season
from judging import selectors, services
from judging.models import (
    ConflictOfInterest,
    Panel,
    PrintedName,
    Round,
    RoundState,
)
from judging.printed_names import pending_correction
from submissions.demo import demo_pdf
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
from submissions.services import dossier_decide_eligibility, profile_save
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
    seed_judge_expertise()  # before any assignment: it prefers judges who know the field
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
    submitted = Dossier.objects.filter(
        season=round_.season,
        status=DossierStatus.SUBMITTED,
        applicant__email__in=[email for email, _name in APPLICANTS],
    )
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
    if not selectors.is_confirmed(preliminary):
        for category in season.categories.order_by("number"):
            for index in range(1, PER_CATEGORY + 1):
                _demo_dossier(season, category, index, organiser)
        _declare_demo_conflict(season)
        _plant_near_duplicate(season)
        _suggest_demo_conflicts(season)
        _judge_round(preliminary, organiser)
    _check_integrity(season)
    if not selectors.is_confirmed(final):
        _verify_finalists(season, final, organiser)
        _judge_round(final, organiser)
    _demo_pending_correction(final)


def _demo_pending_correction(final: Round) -> None:
    """The first honoree renames their organisation after confirmation: organisers see it as a
    pending correction of the printed name (admin → printed names). Once only: never again
    after organisers accepted or declined it."""
    printed = (
        PrintedName.objects.filter(snapshot__round=final)
        .select_related("dossier__applicant__applicant_profile")
        .order_by("dossier__category__number", "dossier__receipt_number")
        .first()
    )
    if printed is None or printed.history.count() > 1 or pending_correction(printed):
        return
    profile = printed.dossier.applicant.applicant_profile
    field = "legal_name" if profile.is_organisation else "full_name"
    if getattr(profile, field) != printed.name:
        return
    profile_save(user=profile.user, data={field: f"{printed.name} (tên mới)"})


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
    if ConflictOfInterest.objects.filter(judge=judge, applicant=applicant).exists():
        return  # declared for an earlier demo season already
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
    # Within the season's window (the demo window of --open-now included).
    submitted = season.submissions_open_at + timedelta(hours=8 + number * 37 + index * 5)
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
            # Worded per entrant: identical sentences would read as copies to the integrity check.
            content.update(
                vietnam_presence=f"{index + 3} nhân sự tại văn phòng {word}",
                vietnam_contribution=f"Đào tạo {20 * index} kỹ sư {word} cùng "
                f"{index} trường đại học",
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


# --- Defensible judging (issue 17): expertise, suggested conflicts, integrity, verification --

DEMO_FIELDS = {
    "judge1@example.com": ["e_government", "education"],
    "judge2@example.com": ["fintech", "logistics"],
    "judge3@example.com": ["health", "fintech"],
    "judge4@example.com": ["agriculture", "e_government"],
    "judge5@example.com": ["education", "health"],
    "judge6@example.com": ["logistics", "agriculture", "fintech"],
}
# Organisations typed the way a judge would, without diacritics: each is near-identical to a
# demo applicant's legal name, so the portal suggests a conflict.
DEMO_TIES = {
    "judge3@example.com": [("CONG NGHE SAO MAI 301 CO., LTD", "", "")],
    "judge5@example.com": [("Dich vu So Binh Minh 405 Corporation", "", "")],
}
PLANTED_ORIGINAL = (
    "Nền tảng thanh toán điện tử cho hợp tác xã nông nghiệp giúp nông dân nhận tiền bán nông "
    "sản ngay tại ruộng, đối soát tự động với ngân hàng và lưu vết mọi giao dịch trên sổ cái "
    "điện tử để cơ quan thuế kiểm tra khi cần thiết."
)
PLANTED_COPY = (  # the same, typed without diacritics, two words changed
    "Nen tang thanh toan dien tu cho hop tac xa nong nghiep giup ba con nhan tien ban nong "
    "san ngay tai ruong, doi soat tu dong voi ngan hang va luu vet moi giao dich tren so cai "
    "dien tu de co quan thue kiem tra khi can."
)
PLANTED = {(3, 5): PLANTED_ORIGINAL, (3, 11): PLANTED_COPY}  # (category, index) -> summary
VERIFIED_CATEGORIES = (3, 4)


def seed_judge_expertise() -> None:
    """Every demo judge's fields, and two judges' ties (idempotent: same values, no writes)."""
    for email, fields in DEMO_FIELDS.items():
        judge = User.objects.get(email=email)
        ties = [services.TieData(*tie) for tie in DEMO_TIES.get(email, [])]
        services.judge_expertise_save(judge=judge, fields=fields, ties=ties, by=None)


def _plant_near_duplicate(season: Season) -> None:
    """Dossier 3.11 copies the summary of 3.05 without diacritics."""
    for (number, index), summary in PLANTED.items():
        dossier = Dossier.objects.get(
            season=season, category__number=number, applicant__email=_applicant_email(number, index)
        )
        if dossier.summary != summary:
            dossier.summary = summary
            dossier.save(update_fields=["summary", "updated_at"])


def _suggest_demo_conflicts(season: Season) -> None:
    """Store the suggestions of the judges' ties; judge3 dismisses theirs, judge5's waits."""
    from judging.models import ConflictSuggestion

    dossiers = Dossier.objects.filter(season=season).select_related("applicant__applicant_profile")
    judges = User.objects.filter(email__in=list(DEMO_TIES))
    services.suggestions_refresh(judge_ids=[j.pk for j in judges], dossiers=dossiers)
    judge3 = User.objects.get(email="judge3@example.com")
    for suggestion in ConflictSuggestion.objects.filter(judge=judge3, decision="pending"):
        services.suggestion_decide(suggestion=suggestion, confirm=False, by=judge3)


def _check_integrity(season: Season) -> None:
    from judging.models import IntegrityFinding

    if not IntegrityFinding.objects.filter(season=season).exists():
        services.integrity_check(season=season, by=None)


def _verify_finalists(season: Season, final: Round, organiser: User) -> None:
    """Site verifications of categories 3 and 4's finalists: one not confirmed (overridden by
    organisers with a reason), one with concerns, the rest confirmed, the last not yet held."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from judging.models import SiteVerification, Verdict

    verifier = User.objects.get(email="judge6@example.com")
    finalists = list(
        Dossier.objects.filter(
            season=season,
            category__number__in=VERIFIED_CATEGORIES,
            status=DossierStatus.FINALIST,
        ).order_by("category__number", "receipt_number")
    )
    if not finalists or SiteVerification.objects.filter(dossier__in=finalists).exists():
        return
    when = final.opens_at.astimezone(PORTAL_TZ).date() + timedelta(days=3)
    services.verifications_schedule(
        dossiers=finalists,
        scheduled_for=when,
        mode="on_site",
        place="Trụ sở đơn vị dự thi",
        verifiers=[verifier, organiser],
        by=organiser,
    )
    verdicts = [Verdict.NOT_CONFIRMED, Verdict.CONCERNS]
    for index, dossier in enumerate(finalists[:-1]):
        verification = dossier.site_verification
        verdict = verdicts[index] if index < len(verdicts) else Verdict.CONFIRMED
        findings = {
            f.claim: "Khớp với hồ sơ." if verdict == Verdict.CONFIRMED else "Chưa đủ minh chứng."
            for f in verification.findings.all()
        }
        documents = []
        if index == 0:
            documents = [
                SimpleUploadedFile(
                    "bien-ban-tham-dinh.pdf", demo_pdf("Biên bản thẩm định"), "application/pdf"
                )
            ]
        services.verification_report(
            verification=verification,
            held_on=when,
            attendees="Giám đốc, kế toán trưởng và trưởng nhóm kỹ thuật của đơn vị",
            summary="Đoàn đã xem hệ thống đang vận hành và đối chiếu số liệu.",
            verdict=verdict,
            findings=findings,
            documents=documents,
            by=verifier,
        )
        if verdict == Verdict.NOT_CONFIRMED:
            services.verification_override(
                verification=verification,
                reason="Đơn vị đã bổ sung sao kê ngân hàng xác nhận số người dùng.",
                by=organiser,
            )


# --- The open season: dossiers in every applicant state (every seed) ------------------------

EXTRA_PER_CATEGORY = 6
NEEDS_CHANGES = "Xin bổ sung giấy phép kinh doanh còn hiệu lực; bản đã nộp hết hạn."
NOT_ELIGIBLE = "Sản phẩm chưa thương mại hóa tại Việt Nam, chưa đáp ứng điều kiện của hạng mục."


def seed_every_state(season: Season, preliminary: Round) -> None:
    """A few dozen dossiers of the open season, in every state an applicant can see: a draft,
    submitted (waiting for screening), eligible and in the open round, ineligible with the
    organisers' message, needs changes (before the deadline), withdrawn. Then the open round's
    judges get the eligible ones, so every demo judge has something to score."""
    organiser = _organiser()
    open_for_changes = season.accepts_submissions()
    for category in season.categories.order_by("number"):
        for index in range(1, EXTRA_PER_CATEGORY + 1):
            user = _demo_applicant(category.number, index)
            if Dossier.objects.filter(applicant=user, category=category).exists():
                continue
            dossier = _create_dossier(season, category, user, index)
            _put_in_state(dossier, index % EXTRA_PER_CATEGORY, organiser, open_for_changes)
    preliminary.refresh_from_db()
    if preliminary.state == RoundState.OPEN:
        services.assign_automatically(round_=preliminary, by=organiser)


def _put_in_state(dossier: Dossier, kind: int, organiser: User, open_for_changes: bool) -> None:
    decide = dossier_decide_eligibility
    if kind == 0:
        Dossier.objects.filter(pk=dossier.pk).update(
            status=DossierStatus.DRAFT,
            receipt_number=None,
            first_submitted_at=None,
            submitted_at=None,
        )
    elif kind in (2, 3):
        decide(
            dossier=dossier, decision=EligibilityDecision.ELIGIBLE, justification="", by=organiser
        )
    elif kind == 4:
        decide(
            dossier=dossier,
            decision=EligibilityDecision.INELIGIBLE,
            justification="Kiểm tra thực tế: chưa thương mại hóa.",
            message=NOT_ELIGIBLE,
            by=organiser,
        )
    elif kind == 5 and open_for_changes:
        decide(
            dossier=dossier,
            decision=EligibilityDecision.NEEDS_CHANGES,
            justification="",
            message=NEEDS_CHANGES,
            by=organiser,
        )
    elif kind == 1 and dossier.category.number == 5:
        Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.WITHDRAWN)
