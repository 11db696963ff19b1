"""Who may use the organisers' pages: organisers (the Organisers group or superusers)."""

from __future__ import annotations

import rules

from accounts.rules import is_organiser

rules.add_perm("organisers.view_dashboard", is_organiser)
rules.add_perm("organisers.export", is_organiser)

__all__ = ["is_organiser"]
