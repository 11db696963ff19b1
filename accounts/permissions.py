"""Model permissions each role's group carries, kept in code so every deployment agrees."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from accounts.roles import Role

# Organisers run the season: everything in the portal's own apps, and reading accounts.
ORGANISER_APPS = ["categories", "submissions", "judging", "django_celery_beat"]


def sync_role_permissions() -> None:
    organisers, _ = Group.objects.get_or_create(name=Role.ORGANISER)
    organisers.permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label__in=ORGANISER_APPS)
            | Q(content_type__app_label="accounts", codename__in=["view_user", "change_user"])
        )
    )
    for role in (Role.JUDGE, Role.APPLICANT):
        Group.objects.get_or_create(name=role)
