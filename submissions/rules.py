"""Who may do what with applicants' profiles and dossiers: the predicates and permissions
services, views and the admin ask (`user.has_perm("submissions.edit_dossier", dossier)`).

Higher apps add viewers (judging: assigned judges) with `register_viewer_rule`, so this app
does not depend on them."""

from __future__ import annotations

from collections.abc import Callable

import rules

from accounts.rules import is_applicant, is_organiser

ViewerRule = Callable[..., bool]
_extra_viewer_rules: list[ViewerRule] = []


def register_viewer_rule(rule: ViewerRule) -> None:
    """Let `rule(user, dossier)` also open a dossier (call it from an AppConfig.ready)."""
    if rule not in _extra_viewer_rules:
        _extra_viewer_rules.append(rule)


@rules.predicate
def is_dossier_owner(user, dossier) -> bool:
    return bool(
        dossier is not None and user and user.is_authenticated and dossier.applicant_id == user.pk
    )


def remember_team_roles(dossier) -> None:
    """Let this dossier object keep each user's team role once read: a page loads its dossier
    afresh and then asks many permissions of it. Any other object reads the role each time."""
    dossier._team_roles = {}


def _member_role(user, dossier) -> str | None:
    """The user's role in the dossier's team, read now (a removal ends access at once)."""
    if dossier is None or dossier.pk is None or not (user and user.is_authenticated):
        return None
    known = getattr(dossier, "_team_roles", None)
    if known is not None and user.pk in known:
        return known[user.pk]
    # Breaks a real cycle: the models package imports nothing from here, but rules load early.
    from submissions.models import DossierMember, MemberState

    role = (
        DossierMember.objects.filter(dossier=dossier.pk, user=user.pk, state=MemberState.ACTIVE)
        .values_list("role", flat=True)
        .first()
    )
    if known is not None:
        known[user.pk] = role
    return role


@rules.predicate
def is_dossier_editor(user, dossier) -> bool:
    return _member_role(user, dossier) == "editor"


@rules.predicate
def is_dossier_member(user, dossier) -> bool:
    return _member_role(user, dossier) is not None


@rules.predicate
def is_registered_viewer(user, dossier) -> bool:
    if dossier is None or not (user and user.is_authenticated):
        return False
    return any(rule(user, dossier) for rule in _extra_viewer_rules)


@rules.predicate
def is_offline_dossier(user, dossier) -> bool:
    """Received by email, post or in person and filed by organisers on the applicant's behalf."""
    return bool(dossier is not None and dossier.is_filed_offline)


@rules.predicate
def season_shows_nominator(user, dossier) -> bool:
    return bool(dossier is not None and dossier.season.show_nominator_to_judges)


# Cheapest first: the team's role and the registered rules each cost a query.
can_view_dossier = is_dossier_owner | is_organiser | is_dossier_member | is_registered_viewer
# The text and files are the owner's and the editors' (viewers read and download); whether the
# dossier still takes changes (its status, the window) is the services' business, with a
# message saying why. Only the owner submits, withdraws and manages the team.
# Organisers fill in and submit the dossiers they filed from email, post or in person.
can_edit_dossier = is_dossier_owner | (is_organiser & is_offline_dossier) | is_dossier_editor
can_submit_dossier = is_dossier_owner | (is_organiser & is_offline_dossier)
can_withdraw_dossier = is_dossier_owner
can_manage_team = is_dossier_owner
# "Nominated by …": the entrant's team and organisers; judges when the season says so.
# Cheapest first (no query for organisers, owners, or a season that hides it from judges):
# list pages ask it for every row.
can_see_nominator = (
    is_organiser
    | is_dossier_owner
    | is_dossier_member
    | (season_shows_nominator & is_registered_viewer)
)
can_start_dossier = is_applicant
can_edit_profile = is_applicant
can_screen_dossier = is_organiser
# The dossier on paper (fields, files' SHA-256, receipt): whoever may read the dossier.
can_download_dossier_pdf = can_view_dossier
# The application form to sign: the applicant, and organisers who check what was signed.
can_download_application_form = is_dossier_owner | is_organiser

# Not the model permissions (add_/change_dossier) the admin asks, hence these names.
rules.add_perm("submissions.view_dossier", can_view_dossier)
rules.add_perm("submissions.edit_dossier", can_edit_dossier)
rules.add_perm("submissions.submit_dossier", can_submit_dossier)
rules.add_perm("submissions.withdraw_dossier", can_withdraw_dossier)
rules.add_perm("submissions.manage_team", can_manage_team)
rules.add_perm("submissions.see_nominator", can_see_nominator)
# Anyone signed in may nominate; organisers see, resend and decline every nomination.
rules.add_perm("submissions.nominate", rules.is_authenticated)
rules.add_perm("submissions.manage_nominations", is_organiser)
rules.add_perm("submissions.grant_extension", is_organiser)
rules.add_perm("submissions.file_received_dossier", is_organiser)
rules.add_perm("submissions.start_dossier", can_start_dossier)
rules.add_perm("submissions.screen_dossier", can_screen_dossier)
rules.add_perm("submissions.download_dossier_pdf", can_download_dossier_pdf)
rules.add_perm("submissions.download_application_form", can_download_application_form)
rules.add_perm("submissions.edit_own_profile", can_edit_profile)
rules.add_perm("submissions.publish_outcome", is_organiser)
rules.add_perm("submissions.use_applicant_pages", is_applicant)
