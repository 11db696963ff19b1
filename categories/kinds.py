"""What kind of entry each category takes, by number: the one place that knows that categories
1–2 judge an organisation's transformation, 3–5 a product, and 4–5 need a legal representative."""

from __future__ import annotations

TRANSFORMATION_CATEGORIES = frozenset({1, 2})
PRODUCT_CATEGORIES = frozenset({3, 4, 5})
# Organisations entering these must show a legal representative in Vietnam.
LEGAL_REPRESENTATIVE_CATEGORIES = frozenset({4, 5})


def is_transformation_category(number: int) -> bool:
    """An organisation's own digital transformation (categories 1 and 2)."""
    return number in TRANSFORMATION_CATEGORIES


def is_product_category(number: int) -> bool:
    """A product, service or solution the applicant owns (categories 3 to 5)."""
    return number in PRODUCT_CATEGORIES


def needs_legal_representative(number: int) -> bool:
    return number in LEGAL_REPRESENTATIVE_CATEGORIES
