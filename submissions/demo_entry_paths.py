"""Demo data for the entry paths (`seed_demo`): a team on a dossier, nominations, a dossier
received by post, a deadline extension. Every write goes through the services; a second run
changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.demo import ORGANISER
from accounts.models import User
from submissions.completeness import required_documents
from submissions.demo import DEMO_DOSSIERS, PROFILES, demo_pdf
from submissions.models import (
    DeadlineExtension,
    Dossier,
    DossierMember,
    MemberRole,
    Nomination,
    ReceivedVia,
)
from submissions.services import (
    ExtensionError,
    applicant_create_offline,
    attachment_add,
    dossier_file_received,
    dossier_save,
    dossier_submit,
    extension_grant,
    member_invite,
    member_join,
    nomination_create,
)
from submissions.services.nominations import claim_token
from submissions.services.team import invitation_token

POSTAL_APPLICANT = "buudien@example.com"
NOMINEE = "nominee@example.com"


@transaction.atomic
def seed_demo_entry_paths(season) -> list[str]:
    """Returns lines for the command's output (where to look, which link to open)."""
    at = timezone.now()
    if not season.accepts_submissions(at):
        at = season.submission_deadline - timedelta(days=10)
    organiser = User.objects.get(email=ORGANISER[0])
    owner = User.objects.get(email="applicant1@example.com")
    team_dossier = Dossier.objects.filter(
        season=season, applicant=owner, category__number=3
    ).first()
    lines = []
    if team_dossier is not None:
        _team(team_dossier, owner)
        lines.append(
            "Team: applicant1's category-3 dossier has applicant3 as editor, applicant2 invited "
            "as viewer."
        )
    lines.append(f"Nomination claim link: {_nomination(season, at)}")
    postal = _postal(season, organiser, at)
    lines.append(f"Received by post (filed by the organiser): {postal.receipt_number or postal}")
    if _extension(season, organiser, owner):
        lines.append("Deadline extension: applicant1's category-2 draft, 7 days more.")
    return lines


def _team(dossier: Dossier, owner: User) -> None:
    editor = User.objects.get(email="applicant3@example.com")
    if not DossierMember.objects.filter(dossier=dossier, email=editor.email).exists():
        member = member_invite(
            dossier=dossier, email=editor.email, role=MemberRole.EDITOR, by=owner
        )
        member_join(token=invitation_token(member), user=editor)
    if not DossierMember.objects.filter(dossier=dossier, email="applicant2@example.com").exists():
        member_invite(
            dossier=dossier, email="applicant2@example.com", role=MemberRole.VIEWER, by=owner
        )


def _nomination(season, at) -> str:
    nominator = User.objects.get(email="applicant2@example.com")
    nomination = Nomination.objects.filter(season=season, nominee_email=NOMINEE).first()
    if nomination is None:
        nomination = nomination_create(
            nominator=nominator,
            category=season.categories.get(number=3),
            nominee_name="Công ty TNHH Nông nghiệp Số Mê Kông",
            nominee_email=NOMINEE,
            reason=(
                "Ứng dụng truy xuất nguồn gốc nông sản được hơn 3.000 hợp tác xã sử dụng, "
                "giúp nông dân bán hàng trực tuyến."
            ),
            product_name="MeKong Trace",
            at=at,
        )
    path = reverse("submissions:nomination_claim", args=[claim_token(nomination)])
    return settings.SITE_URL + path if nomination.nonce else f"({nomination.get_state_display()})"


def _postal(season, organiser: User, at) -> Dossier:
    existing = Dossier.objects.filter(
        applicant__email=POSTAL_APPLICANT, received_via=ReceivedVia.POST
    ).first()
    if existing is not None:
        return existing
    applicant = User.objects.filter(email=POSTAL_APPLICANT).first() or applicant_create_offline(
        email=POSTAL_APPLICANT,
        full_name="Phạm Thị Dung",
        profile={
            **PROFILES["applicant1@example.com"],
            "legal_name": "Công ty Cổ phần Bưu chính Số Hải Phòng",
            "website": "",
            "province_code": "31",
            "address": "Số 5 Điện Biên Phủ, Hồng Bàng",
            "contact_person": "Phạm Thị Dung",
        },
        by=organiser,
    )
    received_at = at - timedelta(days=2)
    dossier = dossier_file_received(
        applicant=applicant,
        category=season.categories.get(number=3),
        channel=ReceivedVia.POST,
        received_at=received_at,
        received_note="Dấu bưu điện trên phong bì; bản gốc lưu tại Ban Tổ chức.",
        data={},
        by=organiser,
    )
    content = {
        **DEMO_DOSSIERS[0][3],
        # Its own entry (the same text as another dossier would be a planted near-duplicate).
        "title": "Bưu chính số Hải Phòng – hồ sơ gửi qua bưu điện",
        "summary": "Theo dõi bưu gửi theo thời gian thực và giao nhận không giấy tờ tại cảng.",
        "product_name": "HP Post Digital",
        "product_field": "logistics",
        "users_customers": "300 doanh nghiệp xuất nhập khẩu ở Hải Phòng",
        "technology": "Định vị GPS, mã QR trên bưu kiện, ứng dụng di động cho bưu tá",
        "ip_ownership": "Mã nguồn do công ty phát triển và đăng ký bản quyền",
        "impact": "Giảm một nửa số lần giao hàng thất bại trong năm đầu",
    }
    dossier = dossier_save(dossier=dossier, data=content, version=dossier.version, by=organiser)
    for document in required_documents(3, applicant.applicant_profile):
        scan = SimpleUploadedFile(f"scan-{document}.pdf", demo_pdf(f"Scan {document}"))
        attachment_add(dossier=dossier, document_type=document, uploaded_file=scan, by=organiser)
    return dossier_submit(dossier=Dossier.objects.get(pk=dossier.pk), by=organiser)


def _extension(season, organiser: User, owner: User) -> bool:
    draft = Dossier.objects.filter(season=season, applicant=owner, category__number=2).first()
    if draft is None:
        return False
    if DeadlineExtension.objects.filter(dossier=draft).exists():
        return True
    try:
        extension_grant(
            dossier=draft,
            deadline=season.submission_deadline + timedelta(days=7),
            reason="Demo: mất điện kéo dài tại trụ sở doanh nghiệp tuần cuối.",
            by=organiser,
        )
    except ExtensionError:  # the preliminary round is already open: no extension any more
        return False
    return True
