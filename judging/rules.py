"""Who may do what in judging, declared once (django-rules) and used by the services, the
admin and the views alike.

- `can_manage_round`: organisers run rounds, panels, assignments, reviews and results.
- `can_assign_automatically`: organisers, or the system itself (no actor: the seed and the
  management commands, which run without an account).
- `is_assigned_judge`: the judge of an active assignment that no conflict of interest touches
  (judging.selectors.visible_assignments, the one conflict rule).
- `can_score`: an assigned judge, while the round is open.
- `can_decline_assignment`: the assignment's judge, or organisers.
- `can_declare_conflict_for`: the judge themself (the object is the judge), or organisers; the
  same rule covers declaring expertise and ties.
- `can_decide_suggestion`: only the judge a suggested conflict is addressed to confirms or
  dismisses it (organisers read them all in the admin).
"""

from __future__ import annotations

import rules

from accounts.rules import is_organiser
from judging.models import RoundState
from judging.selectors import visible_assignments


@rules.predicate
def is_system(user) -> bool:
    return user is None


@rules.predicate
def is_assignments_judge(user, assignment) -> bool:
    return bool(user is not None and assignment is not None and user.pk == assignment.judge_id)


@rules.predicate
def is_assigned_judge(user, assignment) -> bool:
    if not is_assignments_judge(user, assignment):
        return False
    return visible_assignments().filter(pk=assignment.pk).exists()


@rules.predicate
def is_round_open(user, assignment) -> bool:
    return assignment.round.state == RoundState.OPEN


@rules.predicate
def is_the_judge(user, judge) -> bool:
    return bool(user is not None and judge is not None and user.pk == judge.pk)


@rules.predicate
def is_suggestions_judge(user, suggestion) -> bool:
    return bool(user is not None and suggestion is not None and user.pk == suggestion.judge_id)


can_manage_round = is_organiser
can_assign_automatically = is_system | is_organiser
can_score = is_assigned_judge & is_round_open
can_decline_assignment = is_assignments_judge | is_organiser
can_declare_conflict_for = is_the_judge | is_organiser
can_decide_suggestion = is_suggestions_judge

rules.add_perm("judging.manage_round", can_manage_round)
rules.add_perm("judging.assign_automatically", can_assign_automatically)
rules.add_perm("judging.score", can_score)
rules.add_perm("judging.decline_assignment", can_decline_assignment)
rules.add_perm("judging.declare_conflict", can_declare_conflict_for)
rules.add_perm("judging.decide_suggestion", can_decide_suggestion)
