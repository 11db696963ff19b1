"""Judging: rounds, panels, assignments, conflicts of interest, reviews, scores and results.

Every table that records a decision keeps its history (who and when) with django-simple-history.
"""

from judging.models.assignment import Assignment, AssignmentStatus, ConflictOfInterest
from judging.models.expertise import (
    ConflictSuggestion,
    JudgeProfile,
    JudgeTie,
    SuggestionDecision,
    SuggestionReason,
)
from judging.models.proxies import MyAssignment, MyConflict
from judging.models.result import (
    DossierResult,
    ResultSnapshot,
    RoundPublication,
    RoundUnconfirmation,
)
from judging.models.review import CommentVisibility, Review, ReviewStatus, Score
from judging.models.round import Panel, Round, RoundState, new_assignment_seed

__all__ = [
    "Assignment",
    "AssignmentStatus",
    "CommentVisibility",
    "ConflictOfInterest",
    "ConflictSuggestion",
    "DossierResult",
    "JudgeProfile",
    "JudgeTie",
    "MyAssignment",
    "MyConflict",
    "Panel",
    "ResultSnapshot",
    "Review",
    "ReviewStatus",
    "Round",
    "RoundPublication",
    "RoundState",
    "RoundUnconfirmation",
    "Score",
    "SuggestionDecision",
    "SuggestionReason",
    "new_assignment_seed",
]
