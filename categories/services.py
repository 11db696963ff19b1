from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TOTAL_WEIGHT = 100


def validate_weights(weights: Iterable[int]) -> None:
    """The criteria of one category and round share 100 points of weight, no more, no less."""
    total = sum(weights)
    if total != TOTAL_WEIGHT:
        raise ValidationError(
            _("The weights of one round must sum to 100; they sum to %(total)s.")
            % {"total": total},
            code="weights_sum",
        )
