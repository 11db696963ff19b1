"""Model permissions each role's group carries, kept in code so every deployment agrees."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from accounts.roles import Role

# Organisers run the season: everything in the portal's own apps, and reading accounts. Not
# Celery beat's tables (periodic tasks, schedules): reminder plans are their interface to them.
ORGANISER_APPS = ["categories", "submissions", "judging", "organisers"]
# Reading accounts, and answering data-subject requests (accounts.privacy).
ACCOUNTS_ORGANISER_PERMISSIONS = [
    "view_user",
    "change_user",
    "view_datarequest",
    "change_datarequest",
    "view_consentevent",
]
JUDGE_PERMISSIONS = ["view_myassignment", "view_myconflict", "add_myconflict"]


def sync_role_permissions() -> None:
    organisers, _ = Group.objects.get_or_create(name=Role.ORGANISER)
    organisers.permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label__in=ORGANISER_APPS)
            | Q(content_type__app_label="accounts", codename__in=ACCOUNTS_ORGANISER_PERMISSIONS)
        )
    )
    # Judges work only on their own queue and conflicts (judging's proxy models); the pages
    # themselves filter by the judge, so these permissions open nothing of anyone else's.
    judges, _ = Group.objects.get_or_create(name=Role.JUDGE)
    judges.permissions.set(
        Permission.objects.filter(
            content_type__app_label="judging",
            codename__in=JUDGE_PERMISSIONS,
        )
    )
    Group.objects.get_or_create(name=Role.APPLICANT)
