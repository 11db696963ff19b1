"""Seed a whole VDA programme's worth of data into a bench database, deterministically.

    createdb -h 127.0.0.1 -U postgres vda_bench_scale
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vda_bench_scale \
        .venv/bin/python bench/seed_scale.py [--scale programme|demo] [--seed 2024]

The database is migrated and EMPTIED first: its name must contain "bench". What it builds
(programme scale; --scale demo builds the same shape, small):

- 16,000 applicant accounts with profiles (all five kinds, 63 provinces), 60 judges (12 per
  category panel), one organiser; one password hash computed once and reused.
- 2,000 dossiers: 1,950 received and judged, spread over the five categories and 63 provinces,
  with 3–5 attachment rows each (fake storage keys, no files); 50 drafts of the "page bench"
  applicants (bench-app-NN@bench.example), complete but not submitted.
- The preliminary round: 3 final reviews per judged dossier (5,850 reviews, 29,250 scores),
  closed and confirmed by the real `results_confirm` (snapshot, results, 390 finalists).
- The final round, open: 3 judges per finalist (1,170 assignments), 90 % final reviews, 5 %
  drafts, 5 % not started (≈ 5,850 scores). About 35,000 scores in all.
- The season is open now (deadline in 14 days) so that applicants' pages are editable.
- For the pages of the gallery, the team and nominations: a published past season (2023, by
  the real `organisers.demo.seed_published_season`: confirmed, published, certificates issued;
  80 honorees of 160 finalists, at demo size 10 of 20); 400 nominations by other applicants
  (demo: 20), and bench-app-00's own 8 in every state, one of them opened (its claim link is
  measured); a team: bench-app-00's draft has two colleagues and an invitation, and bench-app-01
  works on four other dossiers (three drafts of the bench applicants, one received).

Prints what it made, with timings. Everything comes from random.Random(--seed).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import require_bench_database, setup_django

setup_django()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from categories.demo import seed_vda_2024  # noqa: E402
from categories.models import Criterion, RoundKind, Season, SeasonState  # noqa: E402
from judging import services  # noqa: E402
from judging.aggregation import review_total  # noqa: E402
from judging.assignment import queue_key  # noqa: E402
from judging.demo import WORDS as demo_words  # noqa: E402
from judging.models import (  # noqa: E402
    Assignment,
    Panel,
    Review,
    ReviewStatus,
    Round,
    RoundState,
    Score,
)
from organisers.demo import seed_published_season  # noqa: E402
from submissions.models import (  # noqa: E402
    ApplicantKind,
    ApplicantProfile,
    Attachment,
    DocumentType,
    Dossier,
    DossierMember,
    DossierStatus,
    MemberRole,
    MemberState,
    Nomination,
    NominationState,
    ProductField,
    ProductType,
)
from submissions.models.team import new_invitation_nonce  # noqa: E402
from submissions.provinces import all_provinces  # noqa: E402
from submissions.reminders import ensure_default_plan  # noqa: E402

BATCH = 2000
PASSWORD = "bench-password-2024"
ORGANISER_EMAIL = "bench-organiser@bench.example"


@dataclass(frozen=True)
class Scale:
    applicants: int
    judged: int  # received dossiers, judged in both rounds
    page_applicants: int  # applicants with an editable draft, for the page benchmarks
    judges: int  # a multiple of 5: one panel per category
    past_finalists: int  # per category, in the published past season
    past_honorees: int  # per category
    nominations: int  # by other applicants, beside the bench applicant's own


SCALES = {
    "programme": Scale(
        applicants=16_000,
        judged=1_950,
        page_applicants=50,
        judges=60,
        past_finalists=32,
        past_honorees=16,
        nominations=400,
    ),
    "demo": Scale(
        applicants=60,
        judged=25,
        page_applicants=5,
        judges=15,
        past_finalists=4,
        past_honorees=2,
        nominations=20,
    ),
}
PAST_YEAR = 2023
# The states of the bench applicant's own nominations, newest last (one claim link opened).
OWN_NOMINATIONS = ["sent", "opened", "claimed", "declined", "expired", "sent", "sent", "claimed"]

WORDS = [*demo_words, "Đồng Nai", "Hạ Long"]  # the demo's names, two more


def log(label: str, start: float) -> None:
    print(f"  {label:<52} {time.perf_counter() - start:7.2f} s", flush=True)


def reset_database() -> None:
    require_bench_database()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)  # groups and their permissions come from migrations


def kind_for_category(number: int) -> dict:
    """Profile facts that make an applicant eligible for the category."""
    if number == 1:
        return {"kind": ApplicantKind.STATE_AGENCY, "works_in_ict": False}
    if number == 5:
        return {
            "kind": ApplicantKind.ENTERPRISE,
            "established_in_vietnam": False,
            "country": "Singapore",
            "works_in_ict": True,
        }
    return {"kind": ApplicantKind.ENTERPRISE, "works_in_ict": True}


def profile(user_id: int, n: int, number: int, rng: random.Random, provinces) -> ApplicantProfile:
    province = provinces[rng.randrange(len(provinces))]
    word = WORDS[n % len(WORDS)]
    facts = {
        "established_in_vietnam": True,
        "country": "Việt Nam",
        "legal_representative_in_vietnam": True,
        **kind_for_category(number),
    }
    return ApplicantProfile(
        user_id=user_id,
        legal_name=f"Công ty Cổ phần Giải pháp Số {word} {n:05d}",
        legal_representative_name=f"Nguyễn Văn {word}",
        legal_representative_position="Giám đốc",
        legal_representative_id_number=f"{rng.randrange(10**11, 10**12)}",
        tax_code="0105668884",
        province_code=province.code,
        province_name=province.name,
        address=f"Số {n % 300 + 1} đường {word}",
        phone=f"09{n:08d}"[:10],
        contact_person=f"Người liên hệ {n}",
        **facts,
    )


def dossier_content(number: int, n: int, rng: random.Random) -> dict:
    word = WORDS[n % len(WORDS)]
    content = {
        "title": f"{'Chuyển đổi số' if number <= 2 else 'Giải pháp'} {word} {number}.{n:04d}",
        "summary": f"Hồ sơ số {n} của hạng mục {number}: " + "nền tảng số phục vụ người dân. " * 8,
        "contact_name": f"Người liên hệ {n}",
        "contact_email": f"contact{n}@bench.example",
        "contact_phone": f"09{n:08d}"[:10],
        "declaration_true": True,
        "consent_publish": True,
    }
    if number <= 2:
        content.update(
            level_or_sector="Cấp tỉnh" if number == 1 else "Doanh nghiệp",
            strategy_leadership="Chiến lược chuyển đổi số giai đoạn 2022–2025. " * 5,
            platforms_solutions="Hệ thống điều hành số, cổng dịch vụ trực tuyến. " * 5,
            data_integration="Kết nối trục liên thông và cơ sở dữ liệu dùng chung. " * 5,
            measured_results=f"Giảm {10 + n % 40}% thời gian xử lý hồ sơ.",
            period_start=date(2022, 1, 1),
            period_end=date(2024, 5, 31),
        )
    else:
        content.update(
            product_name=f"{word} {number}{n:04d}",
            product_type=[ProductType.PRODUCT, ProductType.SERVICE, ProductType.SOLUTION][n % 3],
            product_field=list(ProductField)[n % 7],
            launch_date=date(2019 + n % 5, 1 + n % 12, 1),
            user_count=rng.randrange(1_000, 2_000_000),
            users_customers="Người dân và doanh nghiệp trên cả nước. " * 4,
            technology="Điện toán đám mây, AI, dữ liệu lớn. " * 4,
            ip_ownership="Đơn vị sở hữu toàn bộ quyền sở hữu trí tuệ.",
            impact="Tiết kiệm chi phí và thời gian cho người dân. " * 5,
            owns_solution=True,
        )
        if number == 4:
            content.update(beneficiaries="Người khuyết tật, người cao tuổi", reach="20 tỉnh")
        if number == 5:
            content.update(
                vietnam_presence="Văn phòng đại diện tại TP. Hồ Chí Minh",
                vietnam_contribution="Chuyển giao công nghệ cho đối tác Việt Nam",
            )
    return content


def documents(number: int, rng: random.Random) -> list[str]:
    docs = [DocumentType.APPLICATION_FORM]
    if number != 1:
        docs.append(DocumentType.BUSINESS_REGISTRATION)
    if number in (4, 5):
        docs.append(DocumentType.LEGAL_REP_AUTHORISATION)
    if number >= 3:
        docs.append(DocumentType.IP_COMMITMENT)
        docs.extend([DocumentType.SCREENSHOT] * rng.randrange(0, 3))
    return docs


def attachment(dossier: Dossier, document_type: str, k: int, rng: random.Random) -> Attachment:
    image = document_type == DocumentType.SCREENSHOT
    name = f"{document_type}-{k}.{'png' if image else 'pdf'}"
    return Attachment(
        dossier=dossier,
        document_type=document_type,
        file=f"dossiers/{dossier.pk}/{rng.getrandbits(64):016x}/{name}",
        thumbnail=f"dossiers/{dossier.pk}/thumb-{k}.jpg" if image else "",
        original_name=name,
        content_type="image/png" if image else "application/pdf",
        size=rng.randrange(50_000, 8_000_000),
        sha256=f"{rng.getrandbits(256):064x}",
        uploaded_by_id=dossier.applicant_id,
    )


def seed(scale: Scale, seed_value: int) -> None:
    rng = random.Random(seed_value)
    provinces = list(all_provinces())
    password = make_password(PASSWORD)  # once: every bench account shares it

    start = time.perf_counter()
    season = seed_vda_2024(open_now=True)
    ensure_default_plan(season)
    categories = {c.number: c for c in season.categories.all()}
    groups = {role: Group.objects.get(name=role) for role in Role}
    log("season, categories, criteria, reminder plan", start)

    # --- accounts ---
    start = time.perf_counter()
    users = [
        User(
            email=f"applicant{n:05d}@bench.example",
            full_name=f"Người nộp {n}",
            password=password,
            language=("vi", "en")[n % 7 == 0],
        )
        for n in range(scale.applicants)
    ]
    users += [
        User(
            email=f"bench-app-{n:02d}@bench.example",
            full_name=f"Người nộp thử {n}",
            password=password,
        )
        for n in range(scale.page_applicants)
    ]
    users += [
        User(
            email=f"judge{n:02d}@bench.example",
            full_name=f"Giám khảo {n}",
            password=password,
            is_staff=True,
        )
        for n in range(scale.judges)
    ]
    users.append(
        User(email=ORGANISER_EMAIL, full_name="Ban Tổ chức", password=password, is_staff=True)
    )
    User.objects.bulk_create(users, batch_size=BATCH)
    by_email = dict(
        User.objects.filter(email__endswith="@bench.example").values_list("email", "pk")
    )
    applicant_ids = [by_email[f"applicant{n:05d}@bench.example"] for n in range(scale.applicants)]
    page_ids = [by_email[f"bench-app-{n:02d}@bench.example"] for n in range(scale.page_applicants)]
    judge_ids = [by_email[f"judge{n:02d}@bench.example"] for n in range(scale.judges)]
    organiser = User.objects.get(email=ORGANISER_EMAIL)
    through = User.groups.through
    memberships = [
        through(user_id=pk, group_id=groups[Role.APPLICANT].pk) for pk in applicant_ids + page_ids
    ]
    memberships += [through(user_id=pk, group_id=groups[Role.JUDGE].pk) for pk in judge_ids]
    memberships.append(through(user_id=organiser.pk, group_id=groups[Role.ORGANISER].pk))
    through.objects.bulk_create(memberships, batch_size=BATCH)
    log(f"{len(users)} accounts and their groups", start)

    # --- profiles: the owners of judged dossiers fit their category; the rest vary ---
    start = time.perf_counter()
    owners = rng.sample(range(scale.applicants), scale.judged)
    owner_category = {n: 1 + i % 5 for i, n in enumerate(owners)}
    profiles = [
        profile(pk, n, owner_category.get(n, rng.choice([1, 2, 2, 3, 3, 3, 4, 5])), rng, provinces)
        for n, pk in enumerate(applicant_ids)
    ]
    profiles += [profile(pk, 90_000 + n, 3, rng, provinces) for n, pk in enumerate(page_ids)]
    ApplicantProfile.objects.bulk_create(profiles, batch_size=BATCH)
    log(f"{len(profiles)} applicant profiles", start)

    # --- dossiers ---
    start = time.perf_counter()
    now = timezone.now()
    sequences = dict.fromkeys(categories, 0)
    judged = []
    # First submissions over the last 20 days, most of them in the last hours (the rush).
    times = sorted(now - timedelta(hours=min(480.0, rng.expovariate(1 / 30))) for _ in owners)
    for i, (n, at) in enumerate(zip(owners, times, strict=True)):
        number = owner_category[n]
        sequences[number] += 1
        judged.append(
            Dossier(
                season=season,
                category=categories[number],
                applicant_id=applicant_ids[n],
                status=DossierStatus.IN_REVIEW,
                receipt_number=f"VDA{season.year}-C{number}-{sequences[number]:04d}",
                first_submitted_at=at,
                submitted_at=at,
                version=3 + i % 5,
                **dossier_content(number, n, rng),
            )
        )
    drafts = [
        Dossier(
            season=season,
            category=categories[3],
            applicant_id=pk,
            version=4,
            **dossier_content(3, 90_000 + n, rng),
        )
        for n, pk in enumerate(page_ids)
    ]
    Dossier.objects.bulk_create(judged + drafts, batch_size=BATCH)
    rows = []
    for dossier in judged + drafts:
        for k, document_type in enumerate(documents(dossier.category.number, rng)):
            rows.append(attachment(dossier, document_type, k, rng))
    Attachment.objects.bulk_create(rows, batch_size=BATCH)
    log(f"{len(judged) + len(drafts)} dossiers, {len(rows)} attachment rows", start)

    # --- rounds and panels ---
    start = time.perf_counter()
    close = season.submissions_close_at
    preliminary = Round.objects.create(
        season=season,
        kind=RoundKind.PRELIMINARY,
        opens_at=close,
        closes_at=close + timedelta(days=62),
        state=RoundState.OPEN,
        assignment_seed=seed_value,
    )
    final = Round.objects.create(
        season=season,
        kind=RoundKind.FINAL,
        opens_at=close + timedelta(days=62),
        closes_at=close + timedelta(days=92),
        state=RoundState.NOT_STARTED,
        assignment_seed=seed_value + 1,
        judges_per_dossier=3,
    )
    panel_of = {
        number: [pk for i, pk in enumerate(judge_ids) if i % 5 == number - 1]
        for number in categories
    }
    per_category = scale.judged // 5
    for number, category in categories.items():
        for round_ in (preliminary, final):
            quota = max(1, per_category // 5) if round_ is preliminary else 10
            panel = Panel.objects.create(
                round=round_,
                category=category,
                quota=quota,
                threshold=None if round_ is preliminary else Decimal(60),
            )
            panel.judges.add(*panel_of[number])
    criteria: dict[tuple[int, str], list[Criterion]] = {}
    for c in Criterion.objects.filter(category__season=season).order_by("position", "id"):
        criteria.setdefault((c.category_id, c.round_kind), []).append(c)
    log("both rounds, 10 panels", start)

    start = time.perf_counter()
    quality = {d.pk: rng.uniform(3.0, 9.0) for d in judged}
    bias = {pk: rng.choice([-1.5, -0.5, 0, 0, 0.5, 1.5]) for pk in judge_ids}
    counts = score_round(preliminary, judged, panel_of, criteria, quality, bias, rng, final_share=1)
    log(f"preliminary: {counts[0]} assignments, {counts[1]} reviews, {counts[2]} scores", start)

    start = time.perf_counter()
    Round.objects.filter(pk=preliminary.pk).update(state=RoundState.CLOSED)
    preliminary.refresh_from_db()
    # Results are confirmed only in a judging season; the season then goes back to open so that
    # the page benchmark measures the applicants' editable drafts beside the judged rounds.
    Season.objects.filter(pk=season.pk).update(state=SeasonState.JUDGING)
    services.results_confirm(round_=preliminary, by=organiser)
    Season.objects.filter(pk=season.pk).update(state=SeasonState.OPEN)
    finalists = list(
        Dossier.objects.filter(season=season, status=DossierStatus.FINALIST)
        .select_related("category")
        .order_by("pk")
    )
    log(f"preliminary results confirmed (real service): {len(finalists)} finalists", start)

    start = time.perf_counter()
    Round.objects.filter(pk=final.pk).update(state=RoundState.OPEN)
    final.refresh_from_db()
    counts = score_round(final, finalists, panel_of, criteria, quality, bias, rng, final_share=0.9)
    log(f"final (open): {counts[0]} assignments, {counts[1]} reviews, {counts[2]} scores", start)

    start = time.perf_counter()
    judges = list(User.objects.filter(pk__in=judge_ids[:2]).order_by("pk"))
    seed_published_season(
        year=PAST_YEAR,
        organiser=organiser,
        judges=judges,
        per_category=scale.past_finalists,
        honorees_per_category=scale.past_honorees,
        consents=lambda number, index: index % 10 != 0,
        email_prefix="bench-past",
    )
    log(f"{PAST_YEAR} published (real services): {5 * scale.past_honorees} honorees", start)

    start = time.perf_counter()
    count = seed_nominations(season, categories, applicant_ids, page_ids[0], scale, rng)
    members = seed_teams(judged[0], drafts, page_ids)
    log(f"{count} nominations, {members} team members", start)


def seed_nominations(season, categories, applicant_ids, nominator_id, scale, rng) -> int:
    """Nominations by random applicants, and the bench applicant's own in every state."""
    now = timezone.now()
    rows = [
        Nomination(
            season=season,
            category=categories[1 + n % 5],
            nominator_id=applicant_ids[rng.randrange(len(applicant_ids))],
            nominee_name=f"Công ty đề cử {n:04d}",
            nominee_email=f"nominee{n:04d}@bench.example",
            reason="Giải pháp có tác động rộng tới người dân. " * 6,
            state=rng.choice(list(NominationState)),
            expires_at=season.submissions_close_at,
            sent_at=now,
        )
        for n in range(scale.nominations)
    ]
    rows += [
        Nomination(
            season=season,
            category=categories[1 + n % 5],
            nominator_id=nominator_id,
            nominee_name=f"Đơn vị được đề cử {n}",
            nominee_email=f"bench-nominee-{n}@bench.example",
            reason="Sản phẩm nổi bật, nhiều người dùng. " * 8,
            product_name=f"Sản phẩm {n}" if n % 2 else "",
            state=state,
            expires_at=season.submissions_close_at,
            sent_at=now - timedelta(days=len(OWN_NOMINATIONS) - n),
            opened_at=now if state in ("opened", "claimed", "declined") else None,
        )
        for n, state in enumerate(OWN_NOMINATIONS)
    ]
    Nomination.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def seed_teams(received: Dossier, drafts: list[Dossier], page_ids: list[int]) -> int:
    """bench-app-00's draft: an editor (bench-app-01), a viewer (bench-app-02), an invitation;
    bench-app-01 is also an editor of bench-app-02..04's drafts and a viewer of a received
    dossier: a team member's dashboard with several dossiers not their own."""
    emails = dict(User.objects.filter(pk__in=page_ids[:3]).values_list("pk", "email"))
    owner, member, viewer = page_ids[:3]
    now = timezone.now()

    def row(dossier, user_id, role, state=MemberState.ACTIVE, email=None):
        return DossierMember(
            dossier=dossier,
            email=email or emails[user_id],
            user_id=user_id,
            role=role,
            state=state,
            nonce="" if state == MemberState.ACTIVE else new_invitation_nonce(),
            invited_by_id=dossier.applicant_id,
            joined_at=now if state == MemberState.ACTIVE else None,
        )

    rows = [
        row(drafts[0], member, MemberRole.EDITOR),
        row(drafts[0], viewer, MemberRole.VIEWER),
        row(drafts[0], None, MemberRole.EDITOR, MemberState.INVITED, "colleague@bench.example"),
        *(row(d, member, MemberRole.EDITOR) for d in drafts[2:5]),
        row(received, member, MemberRole.VIEWER),
    ]
    assert owner == drafts[0].applicant_id
    DossierMember.objects.bulk_create(rows)
    return len(rows)


def score_round(round_, dossiers, panel_of, criteria, quality, bias, rng, *, final_share):
    """3 judges of the panel per dossier; reviews (final_share of them final, half the rest
    drafts) with deterministic scores."""
    assignments = []
    for dossier in dossiers:
        number = dossier.category.number
        for judge in rng.sample(panel_of[number], round_.judges_per_dossier):
            assignments.append(
                Assignment(
                    round=round_,
                    dossier_id=dossier.pk,
                    judge_id=judge,
                    queue_key=queue_key(round_.assignment_seed, judge, dossier.pk),
                )
            )
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    submitted_at = timezone.now()
    reviews, plans = [], []
    dossier_of = {d.pk: d for d in dossiers}
    for assignment in assignments:
        roll = rng.random()
        if roll >= final_share + (1 - final_share) / 2:
            continue  # not started
        final = roll < final_share
        dossier = dossier_of[assignment.dossier_id]
        items = criteria[(dossier.category_id, round_.kind)]
        values = []
        for _criterion in items:
            raw = quality[dossier.pk] + bias[assignment.judge_id] + rng.uniform(-1.5, 1.5)
            values.append(Decimal(round(min(10.0, max(0.0, raw)) * 2) / 2).quantize(Decimal("0.1")))
        total = review_total((c.weight, v, c.max_score) for c, v in zip(items, values, strict=True))
        reviews.append(
            Review(
                assignment=assignment,
                status=ReviewStatus.FINAL if final else ReviewStatus.DRAFT,
                comment="Hồ sơ rõ ràng, số liệu đầy đủ." if final else "",
                total=total if final else None,
                submitted_at=submitted_at if final else None,
            )
        )
        plans.append((items, values))
    Review.objects.bulk_create(reviews, batch_size=BATCH)
    scores = [
        Score(review=review, criterion=criterion, value=value)
        for review, (items, values) in zip(reviews, plans, strict=True)
        for criterion, value in zip(items, values, strict=True)
    ]
    Score.objects.bulk_create(scores, batch_size=BATCH)
    return len(assignments), len(reviews), len(scores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="programme")
    parser.add_argument("--seed", type=int, default=2024)
    options = parser.parse_args()
    scale = SCALES[options.scale]
    print(
        f"database: {connection.settings_dict['NAME']} ({connection.vendor}); scale "
        f"{options.scale}: {scale}"
    )
    total = time.perf_counter()
    start = time.perf_counter()
    reset_database()
    log("migrate + flush", start)
    with transaction.atomic():
        seed(scale, options.seed)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log("ANALYZE", start)
    print(f"seeded in {time.perf_counter() - total:.1f} s")


if __name__ == "__main__":
    main()
