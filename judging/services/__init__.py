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
from judging.services.results import (
    PublicationPreview,
    publication_preview,
    publication_refusal,
    results_confirm,
    results_publish,
    results_unconfirm,
)
from judging.services.reviews import review_reopen, review_save
from judging.services.rounds import (
    ReviewsMissing,
    ensure_round_unlocked,
    is_confirmed,
    missing_reviews,
    panel_save,
    round_close,
    round_open,
    round_save_settings,
)
from judging.services.seasons import season_archive, season_open
from judging.services.suggestions import suggestion_decide, suggestions_refresh

__all__ = [
    "AssignmentReport",
    "JudgingError",
    "PublicationPreview",
    "ReviewInvalid",
    "ReviewsMissing",
    "TieData",
    "assign_automatically",
    "assignment_create",
    "assignment_decline",
    "assignment_problem",
    "assignment_reassign",
    "conflict_declare",
    "conflict_remove",
    "ensure_round_unlocked",
    "is_confirmed",
    "judge_expertise_save",
    "missing_reviews",
    "panel_save",
    "publication_preview",
    "publication_refusal",
    "results_confirm",
    "results_publish",
    "results_unconfirm",
    "review_reopen",
    "review_save",
    "round_close",
    "round_open",
    "round_save_settings",
    "season_archive",
    "season_open",
    "suggestion_decide",
    "suggestions_refresh",
]
