"""The portal's admin site: Django's, with the navigation drawn once per set of permissions.

Every admin page lists the apps and models the user may open (the sidebar, the index), which
asks each of the ~45 registered admins for its module, add, change, delete and view permission:
several milliseconds of every page. That list depends only on the user's permissions and roles
and on the language, so it is kept per process under exactly those: a changed permission or
role is a new key at once. It is navigation only; every view checks permissions itself.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import get_language

CACHED_LISTS = 512  # distinct (permissions, roles, language) sets kept per process


class PortalAdminSite(admin.AdminSite):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._app_lists: OrderedDict[tuple, list[dict]] = OrderedDict()
        self._app_lists_lock = Lock()

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict]:
        key = _navigation_key(request, app_label)
        with self._app_lists_lock:
            app_list = self._app_lists.get(key)
            if app_list is not None:
                self._app_lists.move_to_end(key)
        if app_list is None:
            app_list = super().get_app_list(request, app_label)
            with self._app_lists_lock:
                self._app_lists[key] = app_list
                while len(self._app_lists) > CACHED_LISTS:
                    self._app_lists.popitem(last=False)
        # Copies: a caller may change what it is given.
        return [{**app, "models": [dict(model) for model in app["models"]]} for app in app_list]


def _navigation_key(request: HttpRequest, app_label: str | None) -> tuple:
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


class PortalAdminConfig(AdminConfig):
    default_site = "vda_portal.admin_site.PortalAdminSite"
