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
from judging.models.integrity import FindingKind, IntegrityFinding
from judging.models.printed import PrintedName
from judging.models.proxies import MyAssignment, MyConflict
from judging.models.result import (
    DossierResult,
    ResultSnapshot,
    RoundPublication,
    RoundUnconfirmation,
)
from judging.models.review import CommentVisibility, Review, ReviewStatus, Score
from judging.models.round import Panel, Round, RoundState, new_assignment_seed
from judging.models.verification import (
    SiteVerification,
    Verdict,
    VerificationDocument,
    VerificationFinding,
    VerificationMode,
)

__all__ = [
    "Assignment",
    "AssignmentStatus",
    "CommentVisibility",
    "ConflictOfInterest",
    "ConflictSuggestion",
    "DossierResult",
    "FindingKind",
    "IntegrityFinding",
    "JudgeProfile",
    "JudgeTie",
    "MyAssignment",
    "MyConflict",
    "Panel",
    "PrintedName",
    "ResultSnapshot",
    "Review",
    "ReviewStatus",
    "Round",
    "RoundPublication",
    "RoundState",
    "RoundUnconfirmation",
    "Score",
    "SiteVerification",
    "SuggestionDecision",
    "SuggestionReason",
    "Verdict",
    "VerificationDocument",
    "VerificationFinding",
    "VerificationMode",
    "new_assignment_seed",
]
