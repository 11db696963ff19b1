"""The portal's admin site: Django's, with the navigation built and drawn once per set of
permissions.

Every admin page lists the apps and models the user may open (the sidebar, the index), which
asks each of the ~45 registered admins for its module, add, change, delete and view permission,
then draws ~45 rows: 2–5 ms of every page. Both depend only on the user's permissions and roles,
the language and which entry the page is under, so they are kept per process under exactly
those: a changed permission or role is a new key at once. It is navigation only; every view
checks permissions itself.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any

from django import template
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.template.defaultfilters import urlencode
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


class Recent:
    """The last `size` values by key, shared by the process's threads."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self.values: OrderedDict[tuple, Any] = OrderedDict()
        self.lock = Lock()

    def get(self, key: tuple, make: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.values:
                self.values.move_to_end(key)
                return self.values[key]
        value = make()
        with self.lock:
            self.values[key] = value
            while len(self.values) > self.size:
                self.values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self.lock:
            self.values.clear()


class PortalAdminSite(admin.AdminSite):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.app_lists = Recent()
        self.sidebars = Recent()

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict]:
        app_list = self.app_lists.get(
            navigation_key(request, app_label),
            lambda: super(PortalAdminSite, self).get_app_list(request, app_label),
        )
        # Copies: a caller may change what it is given.
        return [{**app, "models": [dict(model) for model in app["models"]]} for app in app_list]

    def sidebar(self, request: HttpRequest, app_list: list[dict]) -> SafeString:
        """admin/app_list.html as the sidebar draws it: the same for every page under the same
        entries ("current-app", "current-model" are where request.path is)."""
        path = urlencode(request.path)
        under = tuple(
            url
            for app in app_list
            for url in (app["app_url"], *(model["admin_url"] for model in app["models"]))
            if url and url in path
        )
        html = self.sidebars.get(
            (navigation_key(request, None), under),
            lambda: render_to_string(
                "admin/app_list.html",
                {"app_list": app_list, "show_changelinks": False, "request": request},
            ),
        )
        return mark_safe(html)


def navigation_key(request: HttpRequest, app_label: str | None) -> tuple:
    """Everything the admins' module and model permissions read, and the language."""
    user = request.user
    return (
        user.pk,
        user.is_active,
        user.is_staff,
        user.is_superuser,
        frozenset(user.get_all_permissions()),
        getattr(user, "role_names", frozenset()),
        get_language(),
        request.META.get("SCRIPT_NAME", ""),
        app_label,
    )


@register.simple_tag(takes_context=True)
def admin_sidebar(context) -> SafeString:
    site = admin.site
    return site.sidebar(context["request"], context.get("available_apps") or [])


class PortalAdminConfig(AdminConfig):
    default_site = "vda_portal.admin_site.PortalAdminSite"
