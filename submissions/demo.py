"""Demo applicant profiles for `seed_demo`: one per eligibility situation."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.validators import normalize_phone
from submissions.completeness import required_documents
from submissions.models import ApplicantKind, ApplicantProfile, Dossier
from submissions.provinces import province_name
from submissions.services import attachment_add, dossier_create, dossier_submit

PROFILES: dict[str, dict] = {
    # A Vietnamese ICT enterprise: categories 2, 3 and 4.
    "applicant1@example.com": {
        "kind": ApplicantKind.ENTERPRISE,
        "legal_name": "Công ty Cổ phần Công nghệ Số An Phát",
        "established_in_vietnam": True,
        "country": "Việt Nam",
        "legal_representative_in_vietnam": True,
        "legal_representative_name": "Nguyễn Văn An",
        "legal_representative_position": "Tổng Giám đốc",
        "legal_representative_id_number": "001085012345",
        "tax_code": "0105668884",
        "website": "https://anphat.example.vn",
        "province_code": "01",
        "address": "Số 8 Phạm Hùng, Cầu Giấy",
        "works_in_ict": True,
        "phone": "0912345678",
        "contact_person": "Nguyễn Văn An",
    },
    # A provincial state agency: category 1 (and 4 for a community solution).
    "applicant2@example.com": {
        "kind": ApplicantKind.STATE_AGENCY,
        "legal_name": "Sở Thông tin và Truyền thông tỉnh Bắc Ninh",
        "established_in_vietnam": True,
        "country": "Việt Nam",
        "legal_representative_in_vietnam": True,
        "legal_representative_name": "Trần Thị Bình",
        "legal_representative_position": "Giám đốc Sở",
        "legal_representative_id_number": "027180001234",
        "tax_code": "2300123454",
        "province_code": "27",
        "address": "Số 10 Phù Đổng Thiên Vương, TP. Bắc Ninh",
        "works_in_ict": False,
        "phone": "02223822222",
        "contact_person": "Trần Thị Bình",
    },
    # A foreign organisation with a legal representative in Vietnam: category 5.
    "applicant3@example.com": {
        "kind": ApplicantKind.ENTERPRISE,
        "legal_name": "Nordlys Health Technologies AB",
        "established_in_vietnam": False,
        "country": "Thụy Điển (Sweden)",
        "legal_representative_in_vietnam": True,
        "legal_representative_name": "Lê Minh Châu",
        "legal_representative_position": "Trưởng Văn phòng đại diện",
        "legal_representative_id_number": "079190004321",
        "province_code": "79",
        "address": "Tầng 12, 2 Hải Triều, Quận 1",
        "works_in_ict": True,
        "phone": "0287300 1234",
        "contact_person": "Lê Minh Châu",
    },
    # A foreign individual with a valid permanent residence card: categories 4 and 5.
    "applicant4@example.com": {
        "kind": ApplicantKind.INDIVIDUAL,
        "full_name": "Anna Schmidt",
        "vietnamese_citizen": False,
        "nationality": "Đức (Germany)",
        "passport_number": "C01X00T47",
        "residence_card_number": "TT-2021-004512",
        "residence_card_expiry": date(2031, 12, 31),
        "province_code": "48",
        "address": "25 Bạch Đằng, Hải Châu",
        "works_in_ict": True,
        "phone": "0905123456",
        "contact_person": "Anna Schmidt",
    },
}


@transaction.atomic
def seed_demo_profiles() -> list[ApplicantProfile]:
    profiles = []
    for email, data in PROFILES.items():
        user = User.objects.get(email=email)
        values = {**data, "phone": normalize_phone(data["phone"])}
        values["province_name"] = province_name(values["province_code"])
        profile, _created = ApplicantProfile.objects.get_or_create(user=user, defaults=values)
        profiles.append(profile)
    return profiles


def demo_pdf(title: str) -> bytes:
    """A small valid one-page PDF, so that demo documents open in any viewer."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = [b"%PDF-1.4\n"], []
    for number, body in enumerate(objects, start=1):
        offsets.append(sum(len(part) for part in out))
        out.append(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref_at = sum(len(part) for part in out)
    out.append(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out += [b"%010d 00000 n \n" % offset for offset in offsets]
    out.append(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref_at)
    )
    return b"".join(out)


DEMO_DOSSIERS = [
    # (email, category, submit?, content)
    (
        "applicant1@example.com",
        3,
        True,
        {
            "title": "An Phát eDoc – nền tảng hồ sơ điện tử cho doanh nghiệp",
            "summary": "Nền tảng số hóa, ký số và lưu trữ hồ sơ cho doanh nghiệp vừa và nhỏ.",
            "product_name": "An Phát eDoc",
            "product_type": "solution",
            "product_field": "e_government",
            "launch_date": date(2021, 9, 1),
            "user_count": 12000,
            "users_customers": "1.200 doanh nghiệp, 12.000 người dùng",
            "technology": "Điện toán đám mây, chữ ký số, OCR tiếng Việt",
            "ip_ownership": "Công ty sở hữu toàn bộ mã nguồn và nhãn hiệu",
            "impact": "Rút ngắn 40% thời gian xử lý hồ sơ",
            "owns_solution": True,
            "declaration_true": True,
            "consent_publish": True,
        },
    ),
    (
        "applicant1@example.com",
        2,
        False,
        {
            "title": "Chuyển đổi số toàn diện tại An Phát",
            "level_or_sector": "Doanh nghiệp công nghệ",
            "strategy_leadership": (
                "Chiến lược chuyển đổi số 2022–2025 do Hội đồng quản trị phê duyệt."
            ),
        },
    ),
    (
        "applicant4@example.com",
        5,
        False,
        {"title": "Open-source screen reader for Vietnamese", "product_name": "VietVoice"},
    ),
]


@transaction.atomic
def seed_demo_dossiers(season) -> None:
    """A submitted and a draft dossier for applicant1, a draft for applicant4 — once."""
    at = timezone.now()
    if not season.accepts_submissions(at):
        at = season.submission_deadline - timedelta(days=10)  # filed during the real window
    for email, number, submit, content in DEMO_DOSSIERS:
        user = User.objects.get(email=email)
        category = season.categories.get(number=number)
        if Dossier.objects.filter(applicant=user, category=category).exists():
            continue
        dossier = dossier_create(applicant=user, category=category, at=at)
        profile = user.applicant_profile
        Dossier.objects.filter(pk=dossier.pk).update(**content)
        dossier.refresh_from_db()
        if submit:
            for document in required_documents(number, profile):
                upload = SimpleUploadedFile(f"{document}.pdf", demo_pdf(f"VDA 2024 {document}"))
                attachment_add(
                    dossier=dossier, document_type=document, uploaded_file=upload, by=user, at=at
                )
            dossier_submit(dossier=dossier, by=user, at=at)
