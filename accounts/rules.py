"""Who is who: the role predicates every app's `rules.py` builds its permissions from.

The portal has one permission authority, django-rules: each app declares its predicates and
permissions in its own `rules.py` (found by `rules.apps.AutodiscoverRulesConfig`), and services,
views and the admin all ask `user.has_perm("app.action", obj)` or call the predicate."""

from __future__ import annotations

import rules

from accounts.roles import Role


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


@rules.predicate
def is_plain_applicant(user, account) -> bool:
    """An applicant's account and nothing more: no staff flag, no other role."""
    return bool(
        account is not None
        and account.is_applicant
        and not (account.is_staff or account.is_superuser or account.is_judge)
        and not account.has_role(Role.ORGANISER)
    )


# Accounts: organisers read them and may (de)activate applicants' accounts; roles, staff flags,
# permissions and passwords are a superuser's alone.
rules.add_perm("accounts.manage_account", is_superuser)
rules.add_perm("accounts.set_account_active", is_superuser | (is_organiser & is_plain_applicant))
