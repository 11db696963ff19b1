"""The VDA 2024 season as published (names from the source text), for `seed_demo`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from categories.models import Category, Criterion, RoundKind, Season, SeasonState
from categories.services import validate_weights
from vda_portal.localtime import PORTAL_TZ

ICT = PORTAL_TZ  # demo dates are written in Vietnam time
VDA_2024_OPEN = datetime(2024, 4, 16, 0, 0, 0, tzinfo=ICT)
VDA_2024_DEADLINE = datetime(2024, 6, 30, 23, 59, 59, tzinfo=ICT)
VDA_2024_CEREMONY = date(2024, 10, 5)

CATEGORIES = [
    {
        "number": 1,
        "slug": "co-quan-nha-nuoc-chuyen-doi-so-xuat-sac",
        "name_vi": "Cơ quan nhà nước chuyển đổi số xuất sắc",
        "name_en": "Excellent digital transformation – state agency",
        "description_vi": (
            "Trao cho cơ quan Đảng, Nhà nước, các tổ chức chính trị – xã hội các cấp có quá trình "
            "chuyển đổi số mạnh mẽ từ mô hình truyền thống sang môi trường quản lý, làm việc dựa "
            "trên nền tảng công nghệ số."
        ),
        "description_en": (
            "For Party and State agencies and political–social organisations at every level that "
            "have moved decisively from traditional ways of working to management and work built "
            "on digital technology platforms."
        ),
    },
    {
        "number": 2,
        "slug": "doanh-nghiep-don-vi-su-nghiep-chuyen-doi-so-xuat-sac",
        "name_vi": "Doanh nghiệp, đơn vị sự nghiệp chuyển đổi số xuất sắc",
        "name_en": "Excellent digital transformation – enterprise or public service unit",
        "description_vi": (
            "Trao cho những doanh nghiệp, đơn vị sự nghiệp thuộc nhiều lĩnh vực đã có quá trình "
            "ứng dụng công nghệ số để thay đổi mô hình quản lý, sản xuất, kinh doanh, chuyển đổi "
            "số thành công."
        ),
        "description_en": (
            "For enterprises and public service units of any sector that have applied digital "
            "technology to change how they manage, produce and do business, and have transformed "
            "successfully."
        ),
    },
    {
        "number": 3,
        "slug": "san-pham-dich-vu-giai-phap-cong-nghe-so-xuat-sac",
        "name_vi": "Sản phẩm, dịch vụ, giải pháp công nghệ số xuất sắc",
        "name_en": "Excellent digital technology product, service or solution",
        "description_vi": (
            "Trao cho tổ chức, cá nhân hoạt động trong lĩnh vực công nghệ thông tin và truyền "
            "thông sở hữu các sản phẩm, dịch vụ, giải pháp công nghệ số xuất sắc, hướng đến giải "
            "quyết các vấn đề, nhu cầu thực tiễn của cuộc sống."
        ),
        "description_en": (
            "For organisations and individuals working in information and communication "
            "technology who own an excellent digital product, service or solution that addresses "
            "real problems and needs of everyday life."
        ),
    },
    {
        "number": 4,
        "slug": "san-pham-giai-phap-chuyen-doi-so-vi-cong-dong",
        "name_vi": "Sản phẩm, giải pháp chuyển đổi số vì cộng đồng",
        "name_en": "Digital transformation product or solution for the community",
        "description_vi": (
            "Trao cho tổ chức được thành lập tại Việt Nam; có đại diện pháp nhân tại Việt Nam "
            "hoặc cá nhân là người Việt; người nước ngoài có thẻ thường trú tại Việt Nam sở hữu "
            "giải pháp công nghệ số mang tới hiệu quả cao cho người thiệt thòi về năng lực, người "
            "có sức mua thấp, cho những hoạt động, sự kiện, phong trào có ý nghĩa xã hội cao, có "
            "tính nhân văn sâu sắc."
        ),
        "description_en": (
            "For organisations established in Vietnam with a legal representative in Vietnam, "
            "Vietnamese individuals, and foreigners holding a Vietnamese permanent residence card "
            "who own a digital solution that serves disadvantaged people, people with low "
            "purchasing power, or activities and movements of deep social and humane meaning."
        ),
    },
    {
        "number": 5,
        "slug": "san-pham-dich-vu-giai-phap-cong-nghe-nuoc-ngoai",
        "name_vi": "Sản phẩm, dịch vụ, giải pháp công nghệ nước ngoài",
        "name_en": "Foreign technology product, service or solution",
        "description_vi": (
            "Trao cho tổ chức nước ngoài có đại diện pháp nhân tại Việt Nam hoặc cá nhân nước "
            "ngoài có thẻ thường trú tại Việt Nam hoạt động trong lĩnh vực công nghệ thông tin và "
            "truyền thông, sở hữu các sản phẩm, dịch vụ, giải pháp công nghệ số tiêu biểu, góp "
            "phần xây dựng chính phủ số, phát triển kinh tế số, xã hội số, giải quyết những vấn "
            "đề thực tiễn cấp bách tại Việt Nam."
        ),
        "description_en": (
            "For foreign organisations with a legal representative in Vietnam and foreign "
            "individuals holding a Vietnamese permanent residence card, working in information "
            "and communication technology, who own an outstanding digital product, service or "
            "solution that helps build Vietnam's digital government, economy and society and "
            "solves pressing problems in Vietnam."
        ),
    },
]

# (name_vi, name_en, weight) per category number; the same set serves both rounds.
_TRANSFORMATION = [
    ("Chiến lược và lãnh đạo", "Strategy and leadership", 20),
    ("Nền tảng và giải pháp", "Platforms and solutions", 20),
    ("Dữ liệu và tích hợp", "Data and integration", 15),
    ("Kết quả đo lường được", "Measured outcomes", 30),
    ("Khả năng nhân rộng", "Replicability", 15),
]


def _product_criteria(impact: tuple[str, str]) -> list[tuple[str, str, int]]:
    return [
        ("Tính đổi mới sáng tạo", "Innovation", 20),
        ("Tính năng và chất lượng công nghệ", "Features and technology quality", 20),
        ("Mức độ ứng dụng và thị trường", "Adoption and market", 20),
        (*impact, 25),
        ("Chất lượng hồ sơ", "Dossier quality", 15),
    ]


CRITERIA = {
    1: _TRANSFORMATION,
    2: _TRANSFORMATION,
    3: _product_criteria(("Tác động kinh tế – xã hội", "Socio-economic impact")),
    4: [
        ("Tác động đến đối tượng thụ hưởng", "Impact on beneficiaries", 30),
        ("Phạm vi lan tỏa", "Reach", 20),
        ("Tính đổi mới sáng tạo", "Innovation", 15),
        ("Khả năng chi trả và tiếp cận", "Affordability and accessibility", 20),
        ("Tính bền vững", "Sustainability", 15),
    ],
    5: _product_criteria(("Đóng góp cho Việt Nam", "Contribution to Vietnam")),
}


def open_now_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    """A window open today that closes at 23:59:59 ICT fourteen days from now."""
    today = timezone.localtime(now or timezone.now(), ICT).date()
    opens = datetime.combine(today - timedelta(days=30), time(0, 0), tzinfo=ICT)
    closes = datetime.combine(today + timedelta(days=14), time(23, 59, 59), tzinfo=ICT)
    return opens, closes


@transaction.atomic
def seed_vda_2024(*, open_now: bool = False) -> Season:
    """Create or update the VDA 2024 season, its categories and criteria. Idempotent."""
    opens, deadline = open_now_window() if open_now else (VDA_2024_OPEN, VDA_2024_DEADLINE)
    season, _ = Season.objects.update_or_create(
        year=2024,
        defaults={
            "name": "VDA 2024 – Giải thưởng Chuyển đổi số Việt Nam",
            "submissions_open_at": opens,
            "submission_deadline": deadline,
            "ceremony_date": VDA_2024_CEREMONY,
            "is_demo": open_now,
        },
        create_defaults={
            "name": "VDA 2024 – Giải thưởng Chuyển đổi số Việt Nam",
            "submissions_open_at": opens,
            "submission_deadline": deadline,
            "ceremony_date": VDA_2024_CEREMONY,
            "is_demo": open_now,
            "state": SeasonState.OPEN,
        },
    )
    for data in CATEGORIES:
        category, _ = Category.objects.update_or_create(
            season=season, number=data["number"], defaults=data
        )
        _seed_criteria(category, CRITERIA[data["number"]])
    return season


def _seed_criteria(category: Category, criteria: list[tuple[str, str, int]]) -> None:
    validate_weights(weight for _vi, _en, weight in criteria)
    for round_kind in RoundKind.values:
        for position, (name_vi, name_en, weight) in enumerate(criteria, start=1):
            Criterion.objects.update_or_create(
                category=category,
                round_kind=round_kind,
                name_vi=name_vi,
                defaults={"name_en": name_en, "weight": weight, "position": position},
            )
