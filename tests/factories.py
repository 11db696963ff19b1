"""factory_boy factories: plain defaults, no hidden side effects beyond what the name says."""

from __future__ import annotations

from datetime import date

import factory
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role
from submissions.models import ApplicantKind, ApplicantProfile, Dossier


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.django.Password("pw-123456789")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(Group.objects.get(name=extracted))


def applicant(email: str | None = None, **profile_fields) -> User:
    """An applicant account with a complete profile (a Vietnamese ICT enterprise by default)."""
    user = UserFactory(role=Role.APPLICANT, **({"email": email} if email else {}))
    ProfileFactory(user=user, **profile_fields)
    return user


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicantProfile

    kind = ApplicantKind.ENTERPRISE
    legal_name = factory.Sequence(lambda n: f"Công ty Cổ phần Công nghệ Số {n}")
    established_in_vietnam = True
    country = "Việt Nam"
    legal_representative_in_vietnam = True
    legal_representative_name = "Nguyễn Văn An"
    legal_representative_position = "Giám đốc"
    legal_representative_id_number = "001085012345"
    tax_code = "0105668884"
    province_code = "01"
    province_name = "Thành phố Hà Nội"
    address = "Số 8 Phạm Hùng, Cầu Giấy"
    works_in_ict = True
    phone = "0912345678"
    contact_person = "Nguyễn Văn An"


def foreign_individual_profile(**overrides) -> dict:
    return {
        "kind": ApplicantKind.INDIVIDUAL,
        "legal_name": "",
        "established_in_vietnam": None,
        "country": "",
        "legal_representative_in_vietnam": None,
        "legal_representative_name": "",
        "legal_representative_position": "",
        "legal_representative_id_number": "",
        "tax_code": "",
        "full_name": "Anna Schmidt",
        "vietnamese_citizen": False,
        "nationality": "Đức",
        "passport_number": "C01X00T47",
        "residence_card_number": "TT-1",
        "residence_card_expiry": date(2031, 12, 31),
        **overrides,
    }


PRODUCT_CONTENT = {
    "title": "Nền tảng số An Phát",
    "summary": "Nền tảng quản lý hồ sơ trực tuyến cho doanh nghiệp vừa và nhỏ.",
    "contact_name": "Nguyễn Văn An",
    "contact_email": "an@example.com",
    "contact_phone": "0912345678",
    "product_name": "An Phát Cloud",
    "product_type": "solution",
    "product_field": "e_government",
    "launch_date": date(2022, 3, 1),
    "user_count": 12000,
    "users_customers": "1.200 doanh nghiệp",
    "technology": "Điện toán đám mây, AI",
    "ip_ownership": "Sở hữu toàn bộ mã nguồn",
    "impact": "Giảm 40% thời gian xử lý hồ sơ",
    "owns_solution": True,
    "declaration_true": True,
    "consent_publish": True,
}


class DossierFactory(factory.django.DjangoModelFactory):
    """A draft in category 3 with every text field filled (documents are added separately)."""

    class Meta:
        model = Dossier

    applicant = factory.LazyFunction(applicant)
    category = None  # pass category=season.categories.get(number=...)
    season = factory.LazyAttribute(lambda o: o.category.season)
    title = PRODUCT_CONTENT["title"]
    summary = PRODUCT_CONTENT["summary"]
    contact_name = PRODUCT_CONTENT["contact_name"]
    contact_email = PRODUCT_CONTENT["contact_email"]
    contact_phone = PRODUCT_CONTENT["contact_phone"]
    product_name = PRODUCT_CONTENT["product_name"]
    product_type = PRODUCT_CONTENT["product_type"]
    product_field = PRODUCT_CONTENT["product_field"]
    launch_date = PRODUCT_CONTENT["launch_date"]
    user_count = PRODUCT_CONTENT["user_count"]
    users_customers = PRODUCT_CONTENT["users_customers"]
    technology = PRODUCT_CONTENT["technology"]
    ip_ownership = PRODUCT_CONTENT["ip_ownership"]
    impact = PRODUCT_CONTENT["impact"]
    owns_solution = True
    declaration_true = True
    consent_publish = True
