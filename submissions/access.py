"""Who may see and change a dossier, as functions: thin wrappers over `submissions.rules`.

`register_viewer_rule` is the extension point higher apps use (judging: assigned judges)."""

from __future__ import annotations

from accounts.models import User
from submissions.models import Dossier
from submissions.rules import ViewerRule, register_viewer_rule

__all__ = ["ViewerRule", "can_edit_dossier", "can_view_dossier", "register_viewer_rule"]


def can_view_dossier(user: User, dossier: Dossier) -> bool:
    return user.has_perm("submissions.view_dossier", dossier)


def can_edit_dossier(user: User, dossier: Dossier) -> bool:
    return user.has_perm("submissions.edit_dossier", dossier)
