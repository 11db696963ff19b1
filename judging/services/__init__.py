"""Every write of judging, one module per entity: rounds, assignments, conflicts, reviews,
results (base holds what they share). Keyword-only, atomic, no request; `by` is recorded in the
history. Callers use `from judging import services` and the names below."""

from judging.services.assignments import (
    AssignmentReport,
    assign_automatically,
    assignment_create,
    assignment_decline,
    assignment_problem,
    assignment_reassign,
)
from judging.services.base import JudgingError, ReviewInvalid
from judging.services.conflicts import conflict_declare, conflict_remove
from judging.services.printed_names import (
    printed_name_accept_correction,
    printed_name_decline_correction,
)
from judging.services.results import results_confirm, results_publish
from judging.services.reviews import review_reopen, review_save
from judging.services.rounds import round_close, round_open

__all__ = [
    "AssignmentReport",
    "JudgingError",
    "ReviewInvalid",
    "assign_automatically",
    "assignment_create",
    "assignment_decline",
    "assignment_problem",
    "assignment_reassign",
    "conflict_declare",
    "conflict_remove",
    "printed_name_accept_correction",
    "printed_name_decline_correction",
    "results_confirm",
    "results_publish",
    "review_reopen",
    "review_save",
    "round_close",
    "round_open",
]
