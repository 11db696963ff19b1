"""A user's permissions read in one query instead of two.

Every admin page and every permission check of a request asks for the user's permissions;
ModelBackend reads the user's own and those of the user's groups apart. This backend, listed
just before it, reads both with one UNION into the same per-request cache (`_perm_cache`) that
ModelBackend then finds filled. It signs no one in: sessions keep naming ModelBackend.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class PermissionsBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        return None  # ModelBackend, next in the list, checks passwords

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            fields = ("content_type__app_label", "codename")
            if user_obj.is_superuser:
                rows = Permission.objects.values_list(*fields)
            else:
                own = Permission.objects.filter(user=user_obj).values_list(*fields)
                grouped = Permission.objects.filter(group__user=user_obj).values_list(*fields)
                rows = own.order_by().union(grouped.order_by())
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in rows}
        return user_obj._perm_cache
