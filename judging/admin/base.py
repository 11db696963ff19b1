"""What judging's admin modules share: a read-only admin, the judges offered in forms, the
context of the admin's own pages, turning a service's refusal into a message, and how dates are
shown (Vietnam time, dd/mm/yyyy)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db import transaction
from django.http import HttpRequest

from categories.models import Category
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


class ListPageChangeList(ChangeList):
    """The changelist as Django draws it, cheaper: the rows read only the columns the list
    shows (the admin's `list_only` / `list_defer`; actions still get whole rows), and the
    total beside a search is counted only when a filter or search narrows the list (else it
    is the list's own count: Django would count the same rows twice)."""

    def get_results(self, request) -> None:
        base = self.queryset
        if self.model_admin.list_only:
            self.queryset = self.queryset.only(*self.model_admin.list_only)
        if self.model_admin.list_defer:
            self.queryset = self.queryset.defer(*self.model_admin.list_defer)
        super().get_results(request)  # show_full_result_count is False: no second count
        narrowed = bool(self.query or self.get_filters_params())
        self.full_result_count = self.root_queryset.count() if narrowed else self.result_count
        self.show_full_result_count = True
        self.show_admin_actions = bool(self.full_result_count)
        self.queryset = base


class ListPageMixin:
    """Lists drawn with ListPageChangeList (`list_only`/`list_defer`: the columns read)."""

    show_full_result_count = False  # ListPageChangeList counts the total itself, once
    list_only: tuple[str, ...] = ()
    list_defer: tuple[str, ...] = ()

    def get_changelist(self, request, **kwargs):
        return ListPageChangeList


class RoundListFilter(admin.RelatedFieldListFilter):
    """The round filter without a query per round for its season (a round's name is its
    season's year and its kind)."""

    def field_choices(self, field, request, model_admin):
        rounds = field.related_model.objects.select_related("season")
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            rounds = rounds.order_by(*ordering)
        return [(r.pk, str(r)) for r in rounds]


def category_number_filter(path: str) -> type[admin.SimpleListFilter]:
    """A filter by category number at `path` (e.g. "dossier__category__number"), with the same
    title and query parameter as Django's own, offering 1-5 without a DISTINCT query."""

    class CategoryNumberFilter(admin.SimpleListFilter):
        title = Category._meta.get_field("number").verbose_name
        parameter_name = path

        def lookups(self, request, model_admin):
            return [(str(n), str(n)) for n in range(1, 6)]

        def queryset(self, request, queryset):
            return queryset.filter(**{path: self.value()}) if self.value() else queryset

    return CategoryNumberFilter


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
