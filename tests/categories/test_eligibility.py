"""Tests for the category eligibility engine (categories/eligibility.py).

The main test enumerates every combination of facts against every category and compares the
engine with `expected_reasons`, an oracle written independently, straight from the rule text.
"""

import ast
import dataclasses
import itertools
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from categories import eligibility
from categories.eligibility import (
    CATEGORIES,
    CATEGORY_REASONS,
    KINDS,
    ORGANISATION_KINDS,
    REASON_CODES,
    ApplicantFacts,
    EligibilityResult,
    check,
    check_all,
    reason_message,
)

ON = date(2024, 6, 30)
ORGS = ("state_agency", "enterprise", "public_service_unit", "organisation")
BOOLS = (False, True)
# Residence cards: none, valid well after `on`, expiring exactly on `on`, expired the day before.
CARDS = {
    "nocard": None,
    "valid": date(2025, 6, 30),
    "expires_on": ON,
    "expired": ON - timedelta(days=1),
}
CANONICAL = [
    "kind_not_allowed",
    "foreign_applicant",
    "not_foreign",
    "not_established_in_vietnam",
    "no_legal_representative_in_vietnam",
    "no_residence_card",
    "residence_card_expired",
    "not_ict",
    "not_owner",
]
# Which codes each category can report, read off the rule text.
POSSIBLE = {
    1: {"kind_not_allowed", "foreign_applicant"},
    2: {"kind_not_allowed", "foreign_applicant"},
    3: {"foreign_applicant", "not_ict", "not_owner"},
    4: {
        "not_established_in_vietnam",
        "no_legal_representative_in_vietnam",
        "no_residence_card",
        "residence_card_expired",
        "not_owner",
    },
    5: {
        "not_foreign",
        "no_legal_representative_in_vietnam",
        "no_residence_card",
        "residence_card_expired",
        "not_ict",
        "not_owner",
    },
}
REPO = Path(__file__).resolve().parents[2]
needs_django = pytest.mark.skipif(not apps.ready, reason="needs pytest-django's settings")


def org(kind="enterprise", *, established=True, rep=True, ict=True, owner=True):
    return ApplicantFacts(
        kind=kind,
        established_in_vietnam=established,
        legal_representative_in_vietnam=rep,
        vietnamese_citizen=None,
        residence_card_expiry=None,
        works_in_ict=ict,
        owns_solution=owner,
    )


def person(*, citizen=True, card=None, ict=True, owner=True):
    return ApplicantFacts(
        kind="individual",
        established_in_vietnam=None,
        legal_representative_in_vietnam=None,
        vietnamese_citizen=citizen,
        residence_card_expiry=card,
        works_in_ict=ict,
        owns_solution=owner,
    )


def expected_reasons(facts, category, on):
    """Oracle: the rule text, transcribed condition by condition, in the canonical order."""
    is_org = facts.kind != "individual"
    vietnamese = facts.established_in_vietnam if is_org else facts.vietnamese_citizen
    card = facts.residence_card_expiry
    reasons = []
    if category == 1:
        if facts.kind != "state_agency":
            reasons.append("kind_not_allowed")
        if not vietnamese:
            reasons.append("foreign_applicant")
    elif category == 2:
        if facts.kind not in ("enterprise", "public_service_unit"):
            reasons.append("kind_not_allowed")
        if not vietnamese:
            reasons.append("foreign_applicant")
    elif category == 3:
        if not vietnamese:
            reasons.append("foreign_applicant")
        if not facts.works_in_ict:
            reasons.append("not_ict")
        if not facts.owns_solution:
            reasons.append("not_owner")
    elif category == 4:
        if is_org and not facts.established_in_vietnam:
            reasons.append("not_established_in_vietnam")
        if is_org and not facts.legal_representative_in_vietnam:
            reasons.append("no_legal_representative_in_vietnam")
        if not is_org and not facts.vietnamese_citizen:
            if card is None:
                reasons.append("no_residence_card")
            elif card < on:
                reasons.append("residence_card_expired")
        if not facts.owns_solution:
            reasons.append("not_owner")
    elif category == 5:
        if vietnamese:
            reasons.append("not_foreign")
        if is_org and not facts.legal_representative_in_vietnam:
            reasons.append("no_legal_representative_in_vietnam")
        if not is_org and not vietnamese:
            if card is None:
                reasons.append("no_residence_card")
            elif card < on:
                reasons.append("residence_card_expired")
        if not facts.works_in_ict:
            reasons.append("not_ict")
        if not facts.owns_solution:
            reasons.append("not_owner")
    else:
        raise AssertionError(category)
    return tuple(reasons)


def _every_facts():
    for kind, established, rep, ict, owner in itertools.product(ORGS, BOOLS, BOOLS, BOOLS, BOOLS):
        facts = org(kind, established=established, rep=rep, ict=ict, owner=owner)
        yield f"{kind}-est{established:d}-rep{rep:d}-ict{ict:d}-own{owner:d}", facts
    for citizen, card, ict, owner in itertools.product(BOOLS, CARDS, BOOLS, BOOLS):
        facts = person(citizen=citizen, card=CARDS[card], ict=ict, owner=owner)
        yield f"individual-vn{citizen:d}-{card}-ict{ict:d}-own{owner:d}", facts


EVERY_FACTS = dict(_every_facts())


# --- The whole rule table ---------------------------------------------------------------------


def test_enumeration_covers_every_combination():
    # 4 organisation kinds x established x legal rep x ICT x owner, then
    # citizen x 4 card cases x ICT x owner for individuals.
    assert len(EVERY_FACTS) == 4 * 2 * 2 * 2 * 2 + 2 * 4 * 2 * 2 == 96
    assert len(set(EVERY_FACTS.values())) == 96


@pytest.mark.parametrize("category", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("facts", EVERY_FACTS.values(), ids=EVERY_FACTS.keys())
def test_rule_table(facts, category):
    expected = expected_reasons(facts, category, ON)
    assert check(facts, category=category, on=ON) == EligibilityResult(
        category=category, eligible=expected == (), reasons=expected
    )


@pytest.mark.parametrize(("category", "count"), [(1, 8), (2, 16), (3, 12), (4, 20), (5, 6)])
def test_number_of_eligible_combinations(category, count):
    # Counted by hand from the rule text, as a check on the oracle itself.
    eligible = [f for f in EVERY_FACTS.values() if check(f, category=category, on=ON).eligible]
    assert len(eligible) == count


@pytest.mark.parametrize("category", [1, 2, 3, 4, 5])
def test_every_possible_reason_occurs(category):
    seen = set()
    for facts in EVERY_FACTS.values():
        seen.update(check(facts, category=category, on=ON).reasons)
    assert seen == POSSIBLE[category]
    assert CATEGORY_REASONS[category] == tuple(c for c in CANONICAL if c in POSSIBLE[category])


def test_reasons_are_always_distinct_and_in_canonical_order():
    for facts in EVERY_FACTS.values():
        for category in (1, 2, 3, 4, 5):
            reasons = check(facts, category=category, on=ON).reasons
            assert list(reasons) == sorted(set(reasons), key=CANONICAL.index)


def test_check_all_matches_check_for_every_combination():
    for facts in EVERY_FACTS.values():
        assert check_all(facts, on=ON) == tuple(
            check(facts, category=category, on=ON) for category in (1, 2, 3, 4, 5)
        )


# --- Random facts and dates -------------------------------------------------------------------

organisations = st.builds(
    org,
    st.sampled_from(ORGS),
    established=st.booleans(),
    rep=st.booleans(),
    ict=st.booleans(),
    owner=st.booleans(),
)
individuals = st.builds(
    person,
    citizen=st.booleans(),
    card=st.none() | st.dates(),
    ict=st.booleans(),
    owner=st.booleans(),
)


@hypothesis_settings(database=None, max_examples=500, deadline=None)
@given(
    facts=organisations | individuals,
    category=st.sampled_from([1, 2, 3, 4, 5]),
    on=st.dates(),
)
def test_random_facts_match_the_oracle(facts, category, on):
    result = check(facts, category=category, on=on)
    assert result.reasons == expected_reasons(facts, category, on)
    assert result.eligible is (result.reasons == ())
    assert result.category == category


# --- Named examples ---------------------------------------------------------------------------


def test_contract_example():
    facts = ApplicantFacts(
        kind="individual",
        established_in_vietnam=None,
        legal_representative_in_vietnam=None,
        vietnamese_citizen=False,
        residence_card_expiry=date(2026, 1, 1),
        works_in_ict=True,
        owns_solution=True,
    )
    result = check(facts, category=5, on=date(2024, 6, 30))
    assert result.eligible is True
    assert result.reasons == ()
    assert result.category == 5


@pytest.mark.parametrize(
    ("facts", "category", "reasons"),
    [
        pytest.param(org("enterprise"), 5, ("not_foreign",), id="vn-ict-enterprise-in-5"),
        pytest.param(org("enterprise"), 3, (), id="vn-ict-enterprise-in-3"),
        pytest.param(person(citizen=False), 4, ("no_residence_card",), id="foreigner-nocard-in-4"),
        pytest.param(person(citizen=False), 5, ("no_residence_card",), id="foreigner-nocard-in-5"),
        pytest.param(person(citizen=False, card=ON), 4, (), id="card-expires-on-day-in-4"),
        pytest.param(person(citizen=False, card=ON), 5, (), id="card-expires-on-day-in-5"),
        pytest.param(
            person(citizen=False, card=ON - timedelta(days=1)),
            4,
            ("residence_card_expired",),
            id="card-expired-day-before-in-4",
        ),
        pytest.param(
            person(citizen=False, card=ON - timedelta(days=1)),
            5,
            ("residence_card_expired",),
            id="card-expired-day-before-in-5",
        ),
        pytest.param(
            person(citizen=True, card=date(2000, 1, 1)), 4, (), id="citizen-card-irrelevant-in-4"
        ),
        pytest.param(person(citizen=True, ict=False), 4, (), id="ict-not-needed-in-4"),
        pytest.param(
            person(citizen=False, card=date(2030, 1, 1)),
            3,
            ("foreign_applicant",),
            id="foreigner-in-3",
        ),
        pytest.param(person(citizen=True), 5, ("not_foreign",), id="citizen-in-5"),
        pytest.param(org("state_agency"), 1, (), id="state-agency-in-1"),
        pytest.param(
            org("state_agency", rep=False, ict=False, owner=False), 1, (), id="1-ignores-the-rest"
        ),
        pytest.param(org("enterprise"), 1, ("kind_not_allowed",), id="enterprise-in-1"),
        pytest.param(person(), 1, ("kind_not_allowed",), id="citizen-in-1"),
        pytest.param(
            person(citizen=False, card=date(2030, 1, 1)),
            1,
            ("kind_not_allowed", "foreign_applicant"),
            id="foreigner-in-1",
        ),
        pytest.param(
            org("enterprise", established=False),
            1,
            ("kind_not_allowed", "foreign_applicant"),
            id="foreign-enterprise-in-1",
        ),
        pytest.param(
            org("state_agency", established=False),
            1,
            ("foreign_applicant",),
            id="foreign-state-agency-in-1",
        ),
        pytest.param(org("public_service_unit"), 2, (), id="public-service-unit-in-2"),
        pytest.param(org("organisation"), 2, ("kind_not_allowed",), id="organisation-in-2"),
        pytest.param(org("state_agency"), 2, ("kind_not_allowed",), id="state-agency-in-2"),
        pytest.param(
            org("enterprise", established=False),
            2,
            ("foreign_applicant",),
            id="foreign-enterprise-in-2",
        ),
        pytest.param(org("enterprise", rep=False), 3, (), id="legal-rep-not-needed-in-3"),
        pytest.param(
            org("organisation", established=False, ict=False, owner=False),
            3,
            ("foreign_applicant", "not_ict", "not_owner"),
            id="three-reasons-in-3",
        ),
        pytest.param(
            org("organisation", established=False, rep=False, owner=False),
            4,
            ("not_established_in_vietnam", "no_legal_representative_in_vietnam", "not_owner"),
            id="three-reasons-in-4",
        ),
        pytest.param(
            person(citizen=False, owner=False),
            4,
            ("no_residence_card", "not_owner"),
            id="nocard-and-not-owner-in-4",
        ),
        pytest.param(
            org("enterprise", established=False), 5, (), id="foreign-enterprise-with-rep-in-5"
        ),
        pytest.param(
            org("enterprise", established=False, rep=False, ict=False, owner=False),
            5,
            ("no_legal_representative_in_vietnam", "not_ict", "not_owner"),
            id="foreign-enterprise-three-reasons-in-5",
        ),
        pytest.param(
            org("enterprise", rep=False, ict=False, owner=False),
            5,
            ("not_foreign", "no_legal_representative_in_vietnam", "not_ict", "not_owner"),
            id="vn-enterprise-four-reasons-in-5",
        ),
        pytest.param(
            person(citizen=False, card=ON - timedelta(days=1), ict=False, owner=False),
            5,
            ("residence_card_expired", "not_ict", "not_owner"),
            id="expired-card-three-reasons-in-5",
        ),
    ],
)
def test_named_examples(facts, category, reasons):
    result = check(facts, category=category, on=ON)
    assert result.reasons == reasons
    assert result.eligible is (reasons == ())


def test_check_all_for_a_foreign_individual_with_a_valid_card():
    facts = person(citizen=False, card=date(2026, 1, 1))
    assert check_all(facts, on=ON) == (
        EligibilityResult(1, False, ("kind_not_allowed", "foreign_applicant")),
        EligibilityResult(2, False, ("kind_not_allowed", "foreign_applicant")),
        EligibilityResult(3, False, ("foreign_applicant",)),
        EligibilityResult(4, True, ()),
        EligibilityResult(5, True, ()),
    )


def test_card_validity_follows_the_date_of_the_check():
    facts = person(citizen=False, card=date(2024, 6, 30))
    assert check(facts, category=5, on=date(2024, 6, 30)).reasons == ()
    assert check(facts, category=5, on=date(2024, 7, 1)).reasons == ("residence_card_expired",)


# --- Constants and types ----------------------------------------------------------------------


def test_constants():
    assert KINDS == (
        "state_agency",
        "enterprise",
        "public_service_unit",
        "organisation",
        "individual",
    )
    assert ORGANISATION_KINDS == ORGS
    assert CATEGORIES == (1, 2, 3, 4, 5)
    assert tuple(CANONICAL) == REASON_CODES


def test_results_are_frozen_slotted_dataclasses():
    facts = person()
    result = check(facts, category=4, on=ON)
    for obj in (facts, result):
        assert not hasattr(obj, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.kind = "enterprise"
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.eligible = False


@pytest.mark.parametrize(
    ("eligible", "reasons"),
    [
        (True, ("not_owner",)),
        (False, ()),
        (False, ("not_owner", "not_ict")),
        (False, ("not_owner", "not_owner")),
        (False, ("bogus",)),
        (False, ["not_owner"]),
    ],
)
def test_result_rejects_inconsistent_values(eligible, reasons):
    with pytest.raises(ValueError, match=r"eligible|reasons"):
        EligibilityResult(category=3, eligible=eligible, reasons=reasons)


def test_result_rejects_unknown_category():
    with pytest.raises(ValueError, match="unknown category"):
        EligibilityResult(category=6, eligible=True, reasons=())


# --- Invalid input ----------------------------------------------------------------------------


@pytest.mark.parametrize("category", [0, 6, -1, True, "1", None, 1.0])
def test_unknown_category_raises(category):
    with pytest.raises(ValueError, match="unknown category"):
        check(org(), category=category, on=ON)


def test_category_may_be_an_int_subclass():
    class Number(int):
        pass

    result = check(org(), category=Number(3), on=ON)
    assert result == EligibilityResult(category=3, eligible=True, reasons=())
    assert type(result.category) is int


@pytest.mark.parametrize("kind", ["alien", "", "Individual", "company", None])
def test_unknown_kind_raises(kind):
    facts = dataclasses.replace(org(), kind=kind)
    with pytest.raises(ValueError, match="unknown applicant kind"):
        check(facts, category=3, on=ON)


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(dataclasses.replace(org(), established_in_vietnam=None), id="org-est-none"),
        pytest.param(
            dataclasses.replace(org(), legal_representative_in_vietnam=None), id="org-rep-none"
        ),
        pytest.param(dataclasses.replace(org(), vietnamese_citizen=True), id="org-citizen-set"),
        pytest.param(dataclasses.replace(org(), residence_card_expiry=ON), id="org-card-set"),
        pytest.param(dataclasses.replace(org(), established_in_vietnam=1), id="org-est-int"),
        pytest.param(dataclasses.replace(person(), vietnamese_citizen=None), id="person-vn-none"),
        pytest.param(
            dataclasses.replace(person(), established_in_vietnam=True), id="person-est-set"
        ),
        pytest.param(
            dataclasses.replace(person(), legal_representative_in_vietnam=False),
            id="person-rep-set",
        ),
        pytest.param(
            dataclasses.replace(person(citizen=False), residence_card_expiry="2026-01-01"),
            id="person-card-str",
        ),
        pytest.param(
            dataclasses.replace(person(citizen=False), residence_card_expiry=datetime(2026, 1, 1)),
            id="person-card-datetime",
        ),
        pytest.param(dataclasses.replace(person(), works_in_ict=None), id="ict-none"),
        pytest.param(dataclasses.replace(org(), owns_solution="yes"), id="owner-str"),
    ],
)
def test_facts_inconsistent_with_the_kind_raise(facts):
    with pytest.raises(ValueError, match="must be"):
        check(facts, category=4, on=ON)


@pytest.mark.parametrize("on", [None, "2024-06-30", datetime(2024, 6, 30, 12, 0)])
def test_on_must_be_a_date(on):
    with pytest.raises(TypeError, match="on must be a date"):
        check(org(), category=3, on=on)


def test_category_and_on_are_keyword_only():
    with pytest.raises(TypeError):
        check(org(), 3, ON)
    with pytest.raises(TypeError):
        check_all(org(), ON)


# --- Messages: pure checks --------------------------------------------------------------------

REACHABLE = [
    (code, category) for category in (1, 2, 3, 4, 5) for code in sorted(POSSIBLE[category])
]


@pytest.mark.parametrize(("code", "category"), REACHABLE)
def test_every_reachable_reason_has_a_lazy_message(code, category):
    assert isinstance(reason_message(code, category=category), Promise)


@pytest.mark.parametrize(
    ("code", "category"),
    [("not_foreign", 1), ("kind_not_allowed", 3), ("not_ict", 4), ("foreign_applicant", 5)],
)
def test_message_for_a_reason_the_category_never_reports_raises(code, category):
    with pytest.raises(ValueError, match="never reports"):
        reason_message(code, category=category)


def test_message_for_unknown_code_or_category_raises():
    with pytest.raises(ValueError, match="never reports"):
        reason_message("bogus", category=3)
    with pytest.raises(ValueError, match="unknown category"):
        reason_message("not_owner", category=6)


def _source_messages():
    """(context, msgid) of every pgettext_lazy call in the engine, as makemessages sees them."""
    tree = ast.parse(Path(eligibility.__file__).read_text(encoding="utf-8"))
    return {
        tuple(ast.literal_eval(arg) for arg in node.args)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "pgettext_lazy"
    }


def _read_po(path):
    """{(context, msgid): msgstr} of the non-fuzzy singular entries of a .po file."""
    entries, entry, field, fuzzy = {}, {}, None, False

    def flush():
        if "msgid" in entry and not fuzzy:
            entries[entry.get("msgctxt"), entry["msgid"]] = entry.get("msgstr", "")

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            flush()
            entry, field, fuzzy = {}, None, False
        elif line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = ast.literal_eval(value)
    return entries


def test_every_message_has_a_vietnamese_translation_in_the_catalog():
    # Once the fragment is merged into the app catalog, that is the one that counts.
    merged = REPO / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    catalog = merged if merged.exists() else REPO / "locale/vi/fragments/eligibility.po"
    translations = _read_po(catalog)
    messages = _source_messages()
    assert len(messages) == 21  # 13, and 8 worded for one kind of applicant
    for context, msgid in messages:
        assert context == "eligibility"
        msgstr = translations.get((context, msgid))
        assert msgstr, f"{catalog.name} has no translation for {msgid!r}"
        assert msgstr != msgid
        assert any(not char.isascii() for char in msgstr), "Vietnamese needs its diacritics"


# --- Messages: translated (need Django's settings, not the database) ---------------------------


@needs_django
@pytest.mark.parametrize(("code", "category"), REACHABLE)
def test_every_reachable_reason_has_english_and_vietnamese_messages(code, category):
    message = reason_message(code, category=category)
    with translation.override("en"):
        english = str(message)
    with translation.override("vi"):
        vietnamese = str(message)
    assert english.strip()
    assert vietnamese.strip()
    assert vietnamese != english


@needs_django
@pytest.mark.parametrize(
    ("code", "category", "english", "vietnamese"),
    [
        ("kind_not_allowed", 1, "only for Party and State agencies", "cơ quan Đảng, Nhà nước"),
        ("foreign_applicant", 3, "category 5", "hạng mục 5"),
        ("not_foreign", 5, "category 3", "hạng mục 3"),
        ("not_established_in_vietnam", 4, "category 5", "hạng mục 5"),
        ("residence_card_expired", 5, "residence card has expired", "Thẻ thường trú đã hết hạn"),
    ],
)
def test_messages_point_the_applicant_to_the_right_category(code, category, english, vietnamese):
    message = reason_message(code, category=category)
    with translation.override("en"):
        assert english in str(message)
    with translation.override("vi"):
        assert vietnamese in str(message)
