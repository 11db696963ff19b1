from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from categories import kinds


def _in_language(vi: str, en: str) -> str:
    """Pick the English text on English pages; Vietnamese is the default and the fallback."""
    return en if (get_language() or "vi").startswith("en") and en else vi


class SeasonState(models.TextChoices):
    """A season's lifecycle (judging.services.seasons holds its transitions). CLOSED is never
    stored: an OPEN season is closed from the deadline's next second on (`current_state`)."""

    DRAFT = "draft", pgettext_lazy("season state", "Draft")
    OPEN = "open", pgettext_lazy("season state", "Open for submissions")
    CLOSED = "closed", pgettext_lazy("season state", "Closed (deadline passed)")
    JUDGING = "judging", pgettext_lazy("season state", "Judging")
    CONFIRMED = "confirmed", pgettext_lazy("season state", "Honorees confirmed")
    PUBLISHED = "published", pgettext_lazy("season state", "Published")
    ARCHIVED = "archived", pgettext_lazy("season state", "Archived")


# The order of the lifecycle: a season only moves forward (but for a superuser's unconfirm).
SEASON_ORDER = list(SeasonState)


class Season(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(
        _("name (English)"), max_length=200, blank=True, help_text=_("Shown on English pages.")
    )
    submissions_open_at = models.DateTimeField(_("submissions open"))
    submission_deadline = models.DateTimeField(
        _("submission deadline"),
        help_text=_("The last second at which a dossier is accepted, e.g. 30/06/2024 23:59:59."),
    )
    ceremony_date = models.DateField(_("ceremony date"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Its dates were moved for trying the portal.")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=SeasonState.choices, default=SeasonState.DRAFT
    )
    # Nominations (đề cử): how many one person may file, and who sees the nominator's name.
    nominations_per_nominator = models.PositiveSmallIntegerField(
        _("nominations per nominator"),
        default=5,
        help_text=_("The most nominations one signed-in person may file in this season."),
    )
    show_nominator_to_judges = models.BooleanField(
        _("show the nominator to judges"),
        default=False,
        help_text=_("Organisers always see who nominated an entrant; judges only if ticked."),
    )
    # Set by organisers once the season is over and published; retention counts from here.
    archived_at = models.DateTimeField(
        _("archived"),
        null=True,
        blank=True,
        help_text=_(
            "When the season was archived: dossiers that did not win are anonymised a set "
            "number of years later (retention)."
        ),
    )

    class Meta:
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_deadline__gt=models.F("submissions_open_at")),
                name="season_deadline_after_opening",
                violation_error_message=_("The deadline must come after the opening."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the page's or email's language (Vietnamese when no English is set)."""
        return _in_language(self.name, self.name_en)

    @property
    def submissions_close_at(self) -> datetime:
        """First instant at which submissions are refused: the deadline's second is still open."""
        return self.closes_at_for()

    def deadline_for(self, extended_until: datetime | None = None) -> datetime:
        """The last accepted second for one dossier: the season's, or a later one granted to it
        (`submissions.deadlines.extended_deadline` finds the extension)."""
        if extended_until is None or extended_until <= self.submission_deadline:
            return self.submission_deadline
        return extended_until

    def closes_at_for(self, extended_until: datetime | None = None) -> datetime:
        return self.deadline_for(extended_until).replace(microsecond=0) + timedelta(seconds=1)

    def accepts_submissions(
        self, at: datetime | None = None, *, extended_until: datetime | None = None
    ) -> bool:
        at = at or timezone.now()
        # The stored state stays "open" past the deadline (`current_state` derives "closed"), so
        # an extension (submissions.deadlines) outlives the season's own deadline.
        return self.state == SeasonState.OPEN and (
            self.submissions_open_at <= at < self.closes_at_for(extended_until)
        )

    def current_state(self, at: datetime | None = None) -> SeasonState:
        """The stored state, but an open season is closed from the deadline's next second."""
        if self.state == SeasonState.OPEN and (at or timezone.now()) >= self.submissions_close_at:
            return SeasonState.CLOSED
        return SeasonState(self.state)

    def time_left(
        self, at: datetime | None = None, *, extended_until: datetime | None = None
    ) -> timedelta:
        return max(self.closes_at_for(extended_until) - (at or timezone.now()), timedelta(0))


class Category(models.Model):
    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="categories", verbose_name=_("season")
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    slug = models.SlugField(_("slug"), max_length=100)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_vi = models.TextField(_("description (Vietnamese)"))
    description_en = models.TextField(_("description (English)"))

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["season", "number"]
        constraints = [
            models.UniqueConstraint(fields=["season", "number"], name="category_unique_number"),
            models.UniqueConstraint(fields=["season", "slug"], name="category_unique_slug"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=5), name="category_number_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return _in_language(self.name_vi, self.name_en)

    @property
    def description(self) -> str:
        return _in_language(self.description_vi, self.description_en)

    @property
    def is_transformation(self) -> bool:
        return kinds.is_transformation_category(self.number)

    @property
    def is_product(self) -> bool:
        return kinds.is_product_category(self.number)


class RoundKind(models.TextChoices):
    PRELIMINARY = "preliminary", _("Preliminary round")
    FINAL = "final", _("Final round")


class Criterion(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("category")
    )
    round_kind = models.CharField(_("round"), max_length=20, choices=RoundKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The weights of one category and round sum to 100."),
    )
    max_score = models.DecimalField(
        _("maximum score"), max_digits=4, decimal_places=1, default=Decimal("10")
    )
    guidance_vi = models.TextField(_("guidance (Vietnamese)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["category", "round_kind", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100), name="criterion_weight_1_to_100"
            ),
            models.UniqueConstraint(
                fields=["category", "round_kind", "name_vi"], name="criterion_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"

    @property
    def name(self) -> str:
        return _in_language(self.name_vi, self.name_en)

    @property
    def guidance(self) -> str:
        return _in_language(self.guidance_vi, self.guidance_en)
