"""What judging's admin modules share: a read-only admin, the judges offered in forms, the
context of the admin's own pages, turning a service's refusal into a message, and how dates are
shown (Vietnam time, dd/mm/yyyy)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest

from judging.forms import judge_choices
from judging.services import JudgingError
from vda_portal.history_admin import HistoryReadOnlyAdmin
from vda_portal.localtime import format_datetime

REFUSED = object()


def attempt(request: HttpRequest, action: Callable[[], Any]) -> Any:
    """Run a service call, turning a refusal into an error message; its result, or REFUSED."""
    try:
        return action()
    except JudgingError as error:
        messages.error(request, error.message)
        return REFUSED


class _Rollback(Exception):
    pass


def dry_run(action: Callable[[], Any], inspect: Callable[[Any], Any] = lambda r: r):
    """What a service call would do, without doing it: run it in a transaction that is rolled
    back (nothing written, no email queued). Returns (inspect(result) or None, refusal or None);
    `inspect` reads what the page needs while the rows still exist."""
    try:
        with transaction.atomic():
            raise _Rollback(inspect(action()))
    except _Rollback as done:
        return done.args[0], None
    except JudgingError as error:
        return None, error.message


def report(request: HttpRequest, action: Callable[[], Any]) -> bool:
    """Run a service call as attempt does; True when it worked."""
    return attempt(request, action) is not REFUSED


def page_context(model_admin: admin.ModelAdmin, request: HttpRequest, title, **extra) -> dict:
    """The context of one of the admin's own pages (score, results, screening, audit...)."""
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **extra,
    }


def shown_datetime(value) -> str:
    return format_datetime(value, "–")


class JudgeChoicesMixin:
    """Fields naming judges ("judge", "judges") offer active judges only."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "judges":
            kwargs["queryset"] = judge_choices()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "judge":
            kwargs["queryset"] = judge_choices()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NoWritesMixin:
    """Nobody adds, changes or deletes a row through the generic views."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(NoWritesMixin, HistoryReadOnlyAdmin):
    pass
