"""The applicants' audience: drafts not submitted, optionally profiles without a dossier.

Registered by `SubmissionsConfig.ready()` through `register()`."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from categories.models import Category
from submissions.completeness import missing_items
from submissions.deadlines import active_extensions
from submissions.models import ApplicantProfile, Attachment, Dossier, DossierStatus, ReminderPlan
from submissions.models.reminders import APPLICANTS
from submissions.reminders.engine import Audience, Recipient, register_audience


def dossier_url(dossier_id: int) -> str:
    try:
        path = reverse("submissions:dossier", args=[dossier_id])
    except NoReverseMatch:  # the dossier page is not there yet: the applicant's home lists it
        path = reverse("submissions:home")
    return settings.SITE_URL + path


class DraftItem:
    """A draft as the reminder lists it; labels resolve in the language of the rendering."""

    def __init__(
        self, dossier: Dossier, profile: ApplicantProfile | None, uploaded: set[str]
    ) -> None:
        self.dossier = dossier
        self.profile = profile
        self.uploaded = uploaded

    @property
    def category(self) -> Category:
        return self.dossier.category

    @property
    def title(self) -> str:
        return self.dossier.title or gettext("Untitled dossier #%(number)s") % {
            "number": self.dossier.pk
        }

    @property
    def url(self) -> str:
        return dossier_url(self.dossier.pk)

    @cached_property
    def missing(self) -> list[str]:
        if self.profile is None:  # the documents required depend on the profile
            return [gettext("Your applicant profile")]
        return [item.label for item in missing_items(self.dossier, self.profile, self.uploaded)]


def _season_dossiers(plan: ReminderPlan) -> QuerySet[Dossier]:
    return Dossier.objects.filter(season=plan.season_id, applicant=OuterRef("pk"))


def _applicant_users(plan: ReminderPlan, at: datetime) -> QuerySet[User]:
    dossiers = _season_dossiers(plan)
    wanted = Q(Exists(dossiers.filter(status=DossierStatus.DRAFT)))
    if plan.include_profiles_without_dossier:
        profile = ApplicantProfile.objects.filter(user=OuterRef("pk"))
        wanted |= Q(Exists(profile)) & ~Q(Exists(dossiers))
    return User.objects.filter(wanted)


def _applicant_recipients(
    plan: ReminderPlan, at: datetime, users: QuerySet[User]
) -> list[Recipient]:
    # A draft with its own, later deadline is reminded of that one (extension reminders).
    extended = active_extensions(season=plan.season, at=at)
    drafts = (
        Dossier.objects.filter(season=plan.season_id, status=DossierStatus.DRAFT)
        .exclude(pk__in=extended.filter(dossier__isnull=False).values("dossier"))
        .exclude(applicant__in=extended.filter(applicant__isnull=False).values("applicant"))
        .select_related("category")
        .order_by("category__number", "pk")
    )
    people = list(
        users.select_related("applicant_profile")
        .annotate(has_dossier=Exists(_season_dossiers(plan)))
        .prefetch_related(Prefetch("dossiers", queryset=drafts, to_attr="reminder_drafts"))
        .order_by("pk")
    )
    uploaded = _uploaded_types([d.pk for person in people for d in person.reminder_drafts])
    recipients = []
    for person in people:
        profile = getattr(person, "applicant_profile", None)
        items = [DraftItem(d, profile, uploaded[d.pk]) for d in person.reminder_drafts]
        if items:
            recipients.append(Recipient(person, items))
        elif plan.include_profiles_without_dossier and profile and not person.has_dossier:
            recipients.append(Recipient(person, (), {"no_dossier": True}))
    return recipients


def _uploaded_types(dossier_ids: list[int]) -> defaultdict[int, set[str]]:
    uploaded: defaultdict[int, set[str]] = defaultdict(set)
    rows = Attachment.objects.filter(dossier__in=dossier_ids).values_list(
        "dossier_id", "document_type"
    )
    for dossier_id, document_type in rows:
        uploaded[dossier_id].add(document_type)
    return uploaded


def register() -> None:
    register_audience(
        APPLICANTS,
        Audience(
            label=_("Applicants with unsubmitted dossiers"),
            closes_at=lambda plan: plan.season.submissions_close_at,
            users=_applicant_users,
            recipients=_applicant_recipients,
        ),
    )
