"""Suggested conflicts of interest on fixed examples, with and without diacritics (pure)."""

import pytest

from judging.conflict_suggestions import (
    Applicant,
    JudgeTies,
    Reason,
    Suggestion,
    email_domain,
    organisation_key,
    suggest_conflicts,
    suggestions_for,
    tax_parent,
)


@pytest.mark.parametrize(
    ("code", "parent"),
    [
        ("0101234567", "0101234567"),
        ("0101234567-001", "0101234567"),
        (" 0101 234 567 - 002 ", "0101234567"),
        ("0101234567001", "0101234567"),
        ("12345", None),
        ("01012345678", None),  # 11 digits: neither a company nor a branch
        ("", None),
    ],
)
def test_tax_codes_reduce_to_their_ten_digit_parent(code, parent):
    assert tax_parent(code) == parent


def test_a_branch_matches_its_parent_and_a_sibling_branch_but_not_another_company():
    ties = JudgeTies(judge=7, tax_codes=["0101234567", "0309999999-001"])
    assert suggestions_for(ties, Applicant(dossier=1, tax_code="0101234567-003")) == [
        Suggestion(7, 1, Reason.TAX_CODE, "0101234567", "0101234567-003")
    ]
    assert suggestions_for(ties, Applicant(dossier=2, tax_code="0309999999-002")) == [
        Suggestion(7, 2, Reason.TAX_CODE, "0309999999-001", "0309999999-002")
    ]
    assert suggestions_for(ties, Applicant(dossier=3, tax_code="0101234568")) == []
    assert suggestions_for(ties, Applicant(dossier=4, tax_code="")) == []


@pytest.mark.parametrize(
    ("value", "domain"),
    [
        ("Nguyen.Van.A@VNPT.vn", "vnpt.vn"),
        (" @fpt.com.vn ", "fpt.com.vn"),
        ("www.misa.com.vn", "misa.com.vn"),
        ("không có", None),
        ("", None),
    ],
)
def test_email_domains_come_from_addresses_or_bare_domains(value, domain):
    assert email_domain(value) == domain


def test_email_domains_match_exactly_or_as_a_subdomain_but_never_on_free_mail():
    ties = JudgeTies(judge=7, email_domains=["vnpt.vn", "gmail.com", "@Yahoo.com"])
    assert suggestions_for(ties, Applicant(dossier=1, email="lan.tran@vnpt.vn")) == [
        Suggestion(7, 1, Reason.EMAIL_DOMAIN, "vnpt.vn", "vnpt.vn")
    ]
    assert suggestions_for(ties, Applicant(dossier=2, email="an@hcm.vnpt.vn")) == [
        Suggestion(7, 2, Reason.EMAIL_DOMAIN, "vnpt.vn", "hcm.vnpt.vn")
    ]
    for free in ("someone@gmail.com", "someone@yahoo.com", "x@hotmail.com", "x@icloud.com"):
        assert suggestions_for(ties, Applicant(dossier=3, email=free)) == []
    assert suggestions_for(ties, Applicant(dossier=4, email="a@vnpt.com.vn")) == []
    outlook = JudgeTies(judge=8, email_domains=["outlook.com"])
    assert suggestions_for(outlook, Applicant(dossier=5, email="b@outlook.com")) == []


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Công ty TNHH Giải pháp Số Hà Nội", "giaiphapsohanoi"),
        ("CONG TY CO PHAN GIAI PHAP SO HA NOI", "giaiphapsohanoi"),
        ("Giai Phap So Ha Noi Co., Ltd", "giaiphapsohanoi"),
        ("Giải Pháp Số Hà Nội JSC", "giaiphapsohanoi"),
        ("Công ty TNHH Một thành viên Đông Á", "donga"),
        ("Cty CP Đầu tư Đông Á", "dautudonga"),
        ("Cỏ May Co., Ltd", "comay"),  # a "co" inside the name stays
        ("Ngân hàng TMCP Kỹ thương Việt Nam", "nganhangkythuongvietnam"),
    ],
)
def test_organisation_names_lose_diacritics_legal_forms_and_spaces(name, key):
    assert organisation_key(name) == key


def test_near_identical_organisation_names_match_with_and_without_diacritics():
    ties = JudgeTies(judge=7, organisations=["Công ty TNHH Giải pháp Số Hà Nội"])
    cases = {
        1: ("CONG TY CO PHAN GIAI PHAP SO HA NOI", 1.0),
        2: ("Giai Phap So Ha Noi Co., Ltd", 1.0),
        # "giaiphapsohanoi" (15) vs "giaiphapsohanoi2" (16): 2·15/31 = 0.9677… → 0.968
        3: ("Giải pháp Số Hà Nội 2 JSC", 0.968),
    }
    for dossier, (name, ratio) in cases.items():
        assert suggestions_for(ties, Applicant(dossier=dossier, organisation=name)) == [
            Suggestion(7, dossier, Reason.ORGANISATION_NAME, ties.organisations[0], name, ratio)
        ]


def test_different_organisations_with_similar_words_do_not_match():
    ties = JudgeTies(
        judge=7,
        organisations=["Công ty TNHH Giải pháp Số Hà Nội", "Ngân hàng TMCP Kỹ thương Việt Nam"],
    )
    for name in (
        "Công ty TNHH Giải pháp Số Hải Phòng",  # ratio 0.788
        "Ngân hàng TMCP Công thương Việt Nam",  # another bank
        "Công ty TNHH",  # nothing left once the legal form is gone
        "",
    ):
        assert suggestions_for(ties, Applicant(dossier=1, organisation=name)) == [], name


def test_every_rule_that_fires_is_suggested_in_a_fixed_order():
    ties = [
        JudgeTies(
            judge=9,
            organisations=["Tập đoàn Bưu chính Viễn thông Việt Nam"],
            tax_codes=["0100684378"],
            email_domains=["vnpt.vn"],
        ),
        JudgeTies(judge=3, organisations=["Trường Đại học Bách khoa Hà Nội"]),
    ]
    applicants = [
        Applicant(
            dossier=21,
            organisation="Tap doan Buu chinh Vien thong Viet Nam",
            tax_code="0100684378-015",
            email="doanhnghiep@vnpt.vn",
        ),
        Applicant(dossier=20, organisation="Truong Dai hoc Bach khoa Ha Noi", email="x@gmail.com"),
        Applicant(dossier=22, organisation="Công ty Cổ phần MISA", tax_code="0101243150"),
    ]
    assert suggest_conflicts(reversed(ties), applicants) == [
        Suggestion(
            3,
            20,
            Reason.ORGANISATION_NAME,
            "Trường Đại học Bách khoa Hà Nội",
            "Truong Dai hoc Bach khoa Ha Noi",
            1.0,
        ),
        Suggestion(9, 21, Reason.TAX_CODE, "0100684378", "0100684378-015"),
        Suggestion(9, 21, Reason.EMAIL_DOMAIN, "vnpt.vn", "vnpt.vn"),
        Suggestion(
            9,
            21,
            Reason.ORGANISATION_NAME,
            "Tập đoàn Bưu chính Viễn thông Việt Nam",
            "Tap doan Buu chinh Vien thong Viet Nam",
            1.0,
        ),
    ]


def test_a_lower_threshold_is_the_callers_choice():
    ties = JudgeTies(judge=1, organisations=["Giải pháp Số Hà Nội"])
    applicant = Applicant(dossier=2, organisation="Giải pháp Số Hải Phòng")
    assert suggestions_for(ties, applicant) == []
    [found] = suggestions_for(ties, applicant, threshold=0.75)
    assert (found.reason, found.score) == (Reason.ORGANISATION_NAME, 0.788)
