"""Every write about applicants and dossiers, by entity. Keyword-only, atomic, no request;
each service checks the permission itself (`submissions.rules`)."""

from submissions.services.attachments import attachment_add, attachment_delete
from submissions.services.dossiers import (
    dossier_create,
    dossier_discard,
    dossier_save,
    dossier_submit,
    dossier_withdraw,
    stale_save_dismiss,
)
from submissions.services.errors import (
    DossierError,
    Incomplete,
    InvalidVersion,
    NotEditable,
    NotEligible,
    StaleVersion,
    WindowClosed,
)
from submissions.services.extensions import (
    ExtensionError,
    extension_grant,
    extension_reminders_send,
    extension_revoke,
)
from submissions.services.nominations import (
    ClaimLinkInvalid,
    NominationError,
    nomination_claim,
    nomination_create,
    nomination_decline,
    nomination_for_token,
    nomination_open,
    nomination_refuse,
    nomination_resend,
    nominations_expire,
)
from submissions.services.outcomes import dossiers_publish_outcome
from submissions.services.profiles import dossiers_recheck_eligibility, profile_save
from submissions.services.received import applicant_create_offline, dossier_file_received
from submissions.services.screening import dossier_decide_eligibility
from submissions.services.team import (
    InvitationInvalid,
    dossier_transfer_ownership,
    member_invite,
    member_join,
    member_remove,
)

__all__ = [
    "ClaimLinkInvalid",
    "DossierError",
    "ExtensionError",
    "Incomplete",
    "InvalidVersion",
    "InvitationInvalid",
    "NominationError",
    "NotEditable",
    "NotEligible",
    "StaleVersion",
    "WindowClosed",
    "applicant_create_offline",
    "attachment_add",
    "attachment_delete",
    "dossier_create",
    "dossier_decide_eligibility",
    "dossier_discard",
    "dossier_file_received",
    "dossier_save",
    "dossier_submit",
    "dossier_transfer_ownership",
    "dossier_withdraw",
    "dossiers_publish_outcome",
    "dossiers_recheck_eligibility",
    "extension_grant",
    "extension_reminders_send",
    "extension_revoke",
    "member_invite",
    "member_join",
    "member_remove",
    "nomination_claim",
    "nomination_create",
    "nomination_decline",
    "nomination_for_token",
    "nomination_open",
    "nomination_refuse",
    "nomination_resend",
    "nominations_expire",
    "profile_save",
    "stale_save_dismiss",
]
