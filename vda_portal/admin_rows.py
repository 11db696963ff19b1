"""The admin's result rows, each column decided once per page instead of once per cell.

Django's `items_for_result` looks every column up again for every row: the field (an exception
for each method column), the empty value, the classes, `reverse` and the preserved filters for
the link, a widget template for each action checkbox, `format_html` per cell. At 50 rows of
5–14 columns that is most of a list page's time. `result_rows` decides all of that once per
column and then only reads and formats the values; the HTML is byte for byte Django's
(tests/vda_portal/test_admin_rows.py draws every registered list both ways).

Lists Django draws with forms (list_editable) or in a popup keep Django's own drawing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django import template
from django.contrib import admin
from django.contrib.admin.options import ModelAdmin
from django.contrib.admin.templatetags.admin_list import (
    _boolean_icon,
    _coerce_field_name,
    result_headers,
    result_list,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


@lru_cache(maxsize=64)
def _url_around_pk(viewname: str, script_prefix: str) -> tuple[str, str]:
    head, _sep, tail = reverse(viewname, args=[0]).rpartition("/0/")
    return f"{head}/", f"/{tail}"


def object_url(viewname: str, pk: int) -> str:
    """reverse(viewname, args=[pk]) for a URL whose only argument is an int pk, without a
    reverse per row of a list: the URL around a placeholder pk, once per script prefix."""
    head, tail = _url_around_pk(viewname, get_script_prefix())
    return f"{head}{pk}{tail}"


PK_TOKEN = "vda-admin-row-pk"  # stands for each row's pk in the one reversed change URL


@dataclass
class Column:
    name: Any  # a field name, an admin/model attribute name or a callable
    index: int
    field: models.Field | None  # a model field, when the column is one
    attr: Callable | None  # the admin's method or the callable, when the column is one
    empty: str
    boolean: bool
    link: bool
    choices: dict | None = None  # a field's choices by value, as display_for_field reads them

    def value(self, obj, model_admin) -> tuple[models.Field | None, Any, Any]:
        """(field, attr, value) as Django's lookup_field gives them."""
        if self.field is not None:
            return self.field, None, getattr(obj, self.name)
        if self.attr is not None:
            return None, self.attr, self.attr(obj)
        return lookup_field(self.name, obj, model_admin)  # a model attribute: rare, as Django


def _column(cl: ChangeList, index: int, name) -> Column:
    model_admin = cl.model_admin
    field = attr = None
    try:
        field = _get_non_gfk_field(cl.lookup_opts, name)
    except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
        if callable(name):
            attr = name
        elif hasattr(model_admin, name) and name != "__str__":
            attr = getattr(model_admin, name)
    empty = model_admin.get_empty_value_display()
    boolean = False
    if attr is not None:
        empty = getattr(attr, "empty_value_display", empty)
        boolean = getattr(attr, "boolean", False)
    if cl.list_display_links is None:
        link = False
    elif not cl.list_display_links:
        link = index == 0  # Django links the first column when none is named
    else:
        link = name in cl.list_display_links
    choices = None
    if field is not None and field.flatchoices:
        try:
            choices = dict(field.flatchoices)
        except TypeError:  # list-like choices: display_for_field makes them hashable per cell
            choices = None
    return Column(name, index, field, attr, empty, boolean, link, choices)


class Rows:
    """The page's rows, one SafeString of cells each (the template joins them anyway)."""

    def __init__(self, cl: ChangeList):
        self.cl = cl
        self.columns = [_column(cl, i, name) for i, name in enumerate(cl.list_display)]
        self.empty = cl.model_admin.get_empty_value_display()
        self.icons = {value: _boolean_icon(value) for value in (True, False, None)}
        self.change_url = self._change_url()
        self.fast_checkbox = type(cl.model_admin).action_checkbox is ModelAdmin.action_checkbox
        self.select_label = gettext("Select this object for an action - {}")

    def _change_url(self) -> str | None:
        """The escaped change URL with PK_TOKEN for the pk, filters preserved; None where each
        row asks cl.url_for_result as Django does (an admin's own, or no change view)."""
        cl = self.cl
        if type(cl).url_for_result is not ChangeList.url_for_result:
            return None
        try:
            url = reverse(
                f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
                args=(PK_TOKEN,),
                current_app=cl.model_admin.admin_site.name,
            )
        except NoReverseMatch:
            return None
        url = add_preserved_filters(
            {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url
        )
        return str(escape(url))

    def __iter__(self):
        for obj in self.cl.result_list:
            yield [mark_safe("".join(self.cells(obj)))]

    def cells(self, obj):
        cl, first = self.cl, True
        for column in self.columns:
            classes, shown = self.shown(column, obj)
            row_class = f' class="{" ".join(classes)}"'
            if not column.link:
                yield f"<td{row_class}>{conditional_escape(shown)}</td>"
                continue
            tag = "th" if first else "td"
            first = False
            if self.change_url is None or not isinstance(getattr(obj, cl.pk_attname), int):
                try:
                    url = cl.url_for_result(obj)
                except NoReverseMatch:
                    link = conditional_escape(shown)
                else:
                    url = add_preserved_filters(
                        {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url
                    )
                    link = format_html('<a href="{}">{}</a>', url, shown)
            else:
                url = self.change_url.replace(PK_TOKEN, str(getattr(obj, cl.pk_attname)))
                link = f'<a href="{url}">{conditional_escape(shown)}</a>'
            yield f"<{tag}{row_class}>{link}</{tag}>"

    def shown(self, column: Column, obj) -> tuple[list[str], Any]:
        """The cell's classes and what it shows, as items_for_result decides them."""
        classes = [f"field-{_coerce_field_name(column.name, column.index)}"]
        if column.name == "action_checkbox" and self.fast_checkbox:
            return ["action-checkbox"], self.checkbox(obj)
        try:
            field, attr, value = column.value(obj, self.cl.model_admin)
        except ObjectDoesNotExist:
            return classes, self.empty
        empty = column.empty
        if column.attr is None and attr is not None:
            empty = getattr(attr, "empty_value_display", empty)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if field is None or field.auto_created:
            if column.name == "action_checkbox":
                classes = ["action-checkbox"]
            boolean = column.boolean if column.attr is not None else self._boolean(attr)
            if boolean and (value is None or isinstance(value, bool)):
                shown = self.icons[value]
            elif isinstance(value, str) and not boolean:
                shown = value
            else:
                shown = display_for_value(value, empty, boolean)
            if isinstance(value, (datetime.date, datetime.time)):
                classes.append("nowrap")
            return classes, shown
        if isinstance(field.remote_field, models.ManyToOneRel):
            related = getattr(obj, field.name)
            shown = empty if related is None else related
        elif column.choices is not None and isinstance(value, Hashable):
            shown = column.choices.get(value, empty)
        elif (
            isinstance(field, models.BooleanField)
            and not field.flatchoices
            and (value is None or isinstance(value, bool))
        ):
            shown = self.icons[value]
        else:
            shown = display_for_field(value, field, empty, avoid_link=column.link)
        if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
            classes.append("nowrap")
        return classes, shown

    @staticmethod
    def _boolean(attr) -> bool:
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        return boolean

    def checkbox(self, obj) -> SafeString:
        """ModelAdmin.action_checkbox's widget, without a template per row."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            admin.helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(self.select_label, str(obj)),
        )


def result_rows(cl: ChangeList) -> dict:
    """result_list's context, with the rows drawn by Rows."""
    if cl.formset or cl.is_popup:
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": list(Rows(cl)),
    }


@register.tag(name="result_rows")
def result_rows_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=result_rows,
        template_name="change_list_results.html",
        takes_context=False,
    )
