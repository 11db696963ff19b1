"""Writes on accounts that staff make in the admin."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from accounts.models import User


class AccountError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def account_set_active(*, account: User, active: bool, by: User) -> User:
    """(De)activate an account: a superuser any, an organiser an applicant's only."""
    if not by.has_perm("accounts.set_account_active", account):
        raise AccountError(gettext("Only a superuser may activate or deactivate this account."))
    if account.is_active != active:
        account.is_active = active
        account.save(update_fields=["is_active"])
    return account
