"""Demo applicant profiles for `seed_demo`: one per eligibility situation."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from accounts.models import User
from submissions.models import ApplicantKind, ApplicantProfile
from submissions.provinces import province_name

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
        values = {**data, "phone": data["phone"].replace(" ", "")}
        values["province_name"] = province_name(values["province_code"])
        profile, _created = ApplicantProfile.objects.get_or_create(user=user, defaults=values)
        profiles.append(profile)
    return profiles
