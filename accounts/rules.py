"""Who is who: the role predicates every app's `rules.py` builds its permissions from.

The portal has one permission authority, django-rules: each app declares its predicates and
permissions in its own `rules.py` (found by `rules.apps.AutodiscoverRulesConfig`), and services,
views and the admin all ask `user.has_perm("app.action", obj)` or call the predicate."""

from __future__ import annotations

import rules


@rules.predicate
def is_organiser(user) -> bool:
    return bool(user and user.is_authenticated and user.is_organiser)


@rules.predicate
def is_judge(user) -> bool:
    return bool(user and user.is_authenticated and user.is_judge)


@rules.predicate
def is_applicant(user) -> bool:
    return bool(user and user.is_authenticated and user.is_applicant)


is_superuser = rules.is_superuser
