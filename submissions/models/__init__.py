from submissions.models.access_log import AnonymisationReason, DossierAnonymisation, FileAccess
from submissions.models.attachment import Attachment, DocumentType
from submissions.models.dossier import (
    APPLICANT_EDITABLE,
    RECEIVED,
    Dossier,
    DossierStatus,
    EligibilityDecision,
    ProductField,
    ProductType,
    ReceivedVia,
)
from submissions.models.extension import DeadlineExtension
from submissions.models.nomination import (
    OPEN_NOMINATION_STATES,
    Nomination,
    NominationState,
)
from submissions.models.outbox import OutboundEmail, OutboundEmailStatus
from submissions.models.profile import ApplicantKind, ApplicantProfile
from submissions.models.reminders import (
    ReminderDelivery,
    ReminderOptOut,
    ReminderPlan,
    ReminderSlot,
)
from submissions.models.stale_save import StaleSave
from submissions.models.team import DossierMember, MemberRole, MemberState

__all__ = [
    "APPLICANT_EDITABLE",
    "OPEN_NOMINATION_STATES",
    "RECEIVED",
    "AnonymisationReason",
    "ApplicantKind",
    "ApplicantProfile",
    "Attachment",
    "DeadlineExtension",
    "DocumentType",
    "Dossier",
    "DossierAnonymisation",
    "DossierMember",
    "DossierStatus",
    "EligibilityDecision",
    "FileAccess",
    "MemberRole",
    "MemberState",
    "Nomination",
    "NominationState",
    "OutboundEmail",
    "OutboundEmailStatus",
    "ProductField",
    "ProductType",
    "ReceivedVia",
    "ReminderDelivery",
    "ReminderOptOut",
    "ReminderPlan",
    "ReminderSlot",
    "StaleSave",
]
