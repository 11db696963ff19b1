"""Who may see a dossier and its files. Higher apps add rules (judging: assigned judges) by
registering them at start-up, so this app does not depend on them."""

from __future__ import annotations

from collections.abc import Callable

from accounts.models import User
from submissions.models import Dossier

ViewerRule = Callable[[User, Dossier], bool]
_extra_viewer_rules: list[ViewerRule] = []


def register_viewer_rule(rule: ViewerRule) -> None:
    if rule not in _extra_viewer_rules:
        _extra_viewer_rules.append(rule)


def can_view_dossier(user: User, dossier: Dossier) -> bool:
    if not user.is_authenticated:
        return False
    if dossier.applicant_id == user.pk or user.is_organiser:
        return True
    return any(rule(user, dossier) for rule in _extra_viewer_rules)


def can_edit_dossier(user: User, dossier: Dossier) -> bool:
    return user.is_authenticated and dossier.applicant_id == user.pk
