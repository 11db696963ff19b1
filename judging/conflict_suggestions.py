"""Likely conflicts of interest, suggested before a judge first opens a dossier: pure rules on
plain data, no ORM.

Why suggestions and not decisions: a match on a tax code, an email domain or a near-identical
organisation name is evidence, not proof; the judge confirms or dismisses each one (recorded) and
organisers see both. So each suggestion says which rule fired (`Reason`) and what matched on
either side, in the words the judge and the applicant typed.

Rules
-----
tax_code
    Vietnamese tax codes (mã số thuế) have 10 digits; a branch has 13, written
    "0123456789-001", whose first 10 are its parent's. Two codes match when their 10-digit
    parents are equal (so a parent matches its branches and branches of one parent match each
    other). Separators and spaces are ignored; a code that is not 10 or 13 digits never matches.
email_domain
    The applicant's email domain equals a domain the judge declared, or is a subdomain of it (or
    the other way round). Free-mail domains (gmail.com, …) never match: sharing a mail provider
    says nothing about a tie.
organisation_name
    Names are folded (no diacritics, lower case, words only; judging.similarity.fold), stripped
    of legal-form words ("Công ty TNHH", "Công ty Cổ phần", "JSC", "Co., Ltd", …) and of spaces,
    then compared with difflib's ratio (2·matches / total length); a match when ratio ≥
    `NAME_THRESHOLD`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from judging.similarity import fold

NAME_THRESHOLD = 0.9
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.com.vn",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "icloud.com",
        "me.com",
    }
)
# Folded legal-form phrases, removed wherever they stand in a name; longest tried first.
LEGAL_FORMS = tuple(
    sorted(
        (
            tuple(phrase.split())
            for phrase in (
                "cong ty trach nhiem huu han",
                "trach nhiem huu han",
                "cong ty tnhh",
                "tnhh",
                "cong ty co phan",
                "co phan",
                "ctcp",
                "tong cong ty",
                "cong ty cp",
                "cty cp",
                "cty tnhh",
                "cty co phan",
                "tmcp",
                "thuong mai co phan",
                "cong ty",
                "cty",
                "mot thanh vien",
                "hai thanh vien tro len",
                "mtv",
                "tap doan",
                "chi nhanh",
                "van phong dai dien",
                "doanh nghiep tu nhan",
                "dntn",
                "hop tac xa",
                "htx",
                "joint stock company",
                "joint stock",
                "jsc",
                "company limited",
                "co ltd",
                "ltd",
                "limited",
                "company",
                "corporation",
                "corp",
                "inc",
                "llc",
                "group",
            )
        ),
        key=len,
        reverse=True,
    )
)
TRAILING_CO = "co"  # "ABC Co." — only at the end: elsewhere "co" is often part of the name
DIGITS = re.compile(r"\D")


class Reason(StrEnum):
    TAX_CODE = "tax_code"
    EMAIL_DOMAIN = "email_domain"
    ORGANISATION_NAME = "organisation_name"


@dataclass(frozen=True)
class JudgeTies:
    """What a judge declared they are tied to."""

    judge: int
    organisations: Sequence[str] = ()
    tax_codes: Sequence[str] = ()
    email_domains: Sequence[str] = ()


@dataclass(frozen=True)
class Applicant:
    """Who filed a dossier."""

    dossier: int
    organisation: str = ""
    tax_code: str = ""
    email: str = ""  # an address or a bare domain


@dataclass(frozen=True)
class Suggestion:
    judge: int
    dossier: int
    reason: Reason
    declared: str  # the judge's value, as typed
    applicant: str  # the applicant's value, as typed
    score: float | None = None  # organisation_name: the ratio, 3 decimals


def tax_parent(code: str) -> str | None:
    """The 10-digit parent of a 10- or 13-digit tax code; None for anything else."""
    digits = DIGITS.sub("", code or "")
    return digits[:10] if len(digits) in (10, 13) else None


def email_domain(value: str) -> str | None:
    """The domain of an address or of a bare domain, lower case; None when there is none."""
    domain = (value or "").strip().rsplit("@", 1)[-1].strip().strip(".").lower()
    domain = domain.removeprefix("www.")
    return domain if "." in domain and " " not in domain else None


def domains_match(declared: str | None, applicant: str | None) -> bool:
    if not declared or not applicant:
        return False
    if declared in FREE_MAIL_DOMAINS or applicant in FREE_MAIL_DOMAINS:
        return False
    return (
        declared == applicant
        or applicant.endswith("." + declared)
        or declared.endswith("." + applicant)
    )


def organisation_key(name: str) -> str:
    """A name folded, without legal-form words or spaces: "Công ty Cổ phần Giải pháp Số" and
    "GIAI PHAP SO JSC" both give "giaiphapso"."""
    words = fold(name).split()
    kept: list[str] = []
    i = 0
    while i < len(words):
        phrase = next((p for p in LEGAL_FORMS if tuple(words[i : i + len(p)]) == p), None)
        if phrase:
            i += len(phrase)
            continue
        kept.append(words[i])
        i += 1
    if len(kept) > 1 and kept[-1] == TRAILING_CO:
        kept.pop()
    return "".join(kept)


def name_similarity(a: str, b: str) -> float:
    """difflib's ratio of the two names' keys; 0 when either key is empty."""
    key_a, key_b = organisation_key(a), organisation_key(b)
    if not key_a or not key_b:
        return 0.0
    return SequenceMatcher(None, key_a, key_b, autojunk=False).ratio()


def suggestions_for(
    ties: JudgeTies, applicant: Applicant, *, threshold: float = NAME_THRESHOLD
) -> list[Suggestion]:
    """Every rule that links this judge to this applicant, one suggestion per declared value."""

    def suggestion(reason: Reason, declared: str, theirs: str, score=None) -> Suggestion:
        return Suggestion(ties.judge, applicant.dossier, reason, declared, theirs, score)

    found = []
    parent = tax_parent(applicant.tax_code)
    for code in ties.tax_codes:
        if parent and tax_parent(code) == parent:
            found.append(suggestion(Reason.TAX_CODE, code, applicant.tax_code))
    domain = email_domain(applicant.email)
    for declared in ties.email_domains:
        if domains_match(email_domain(declared), domain):
            found.append(suggestion(Reason.EMAIL_DOMAIN, declared, domain or ""))
    for name in ties.organisations:
        ratio = name_similarity(name, applicant.organisation)
        if ratio >= threshold:
            found.append(
                suggestion(Reason.ORGANISATION_NAME, name, applicant.organisation, round(ratio, 3))
            )
    return found


def suggest_conflicts(
    ties: Iterable[JudgeTies],
    applicants: Iterable[Applicant],
    *,
    threshold: float = NAME_THRESHOLD,
) -> list[Suggestion]:
    """All suggestions for every (judge, dossier), ordered by judge, dossier, then rule."""
    applicants = list(applicants)
    found = [
        s for t in ties for a in applicants for s in suggestions_for(t, a, threshold=threshold)
    ]
    order = list(Reason)
    found.sort(key=lambda s: (s.judge, s.dossier, order.index(s.reason), s.declared))
    return found
