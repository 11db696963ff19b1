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
from judging.services.expertise import TieData, judge_expertise_save
from judging.services.integrity import IntegrityReport, integrity_check
from judging.services.results import results_confirm, results_publish
from judging.services.reviews import review_reopen, review_save
from judging.services.rounds import round_close, round_open
from judging.services.suggestions import suggestion_decide, suggestions_refresh
from judging.services.verification import (
    verification_override,
    verification_report,
    verifications_schedule,
)

__all__ = [
    "AssignmentReport",
    "IntegrityReport",
    "JudgingError",
    "ReviewInvalid",
    "TieData",
    "assign_automatically",
    "assignment_create",
    "assignment_decline",
    "assignment_problem",
    "assignment_reassign",
    "conflict_declare",
    "conflict_remove",
    "integrity_check",
    "judge_expertise_save",
    "results_confirm",
    "results_publish",
    "review_reopen",
    "review_save",
    "round_close",
    "round_open",
    "suggestion_decide",
    "suggestions_refresh",
    "verification_override",
    "verification_report",
    "verifications_schedule",
]
