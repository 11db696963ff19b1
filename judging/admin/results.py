"""The organisers' admin of reviews and the confirmed results (read-only but for
reopening a review)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from judging import services
from judging.admin.base import (
    ListPageMixin,
    NoWritesMixin,
    ReadOnlyAdmin,
    RoundListFilter,
    category_number_filter,
    report,
    shown_datetime,
)
from judging.models import (
    DossierResult,
    ResultSnapshot,
    Review,
    ReviewStatus,
    RoundPublication,
    RoundUnconfirmation,
    Score,
)

# --- Reviews and results -------------------------------------------------------------------


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    fields = ["criterion", "value", "comment", "comment_visibility"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(ListPageMixin, ReadOnlyAdmin):
    list_display = ["assignment", "judge", "round", "status", "total", "submitted"]
    list_per_page = 50
    list_filter = [
        ("assignment__round", RoundListFilter),
        "status",
        category_number_filter("assignment__dossier__category__number"),
    ]
    search_fields = ["assignment__dossier__title", "assignment__dossier__receipt_number"]
    list_select_related = ["assignment__dossier", "assignment__judge", "assignment__round__season"]
    # What the columns print (a dossier's and a judge's names, a round's year and kind).
    list_only = (
        "status",
        "total",
        "submitted_at",
        "updated_at",
        "assignment__dossier__receipt_number",
        "assignment__dossier__title",
        "assignment__judge__full_name",
        "assignment__judge__email",
        "assignment__round__kind",
        "assignment__round__season__year",
    )
    inlines = [ScoreInline]
    actions = ["reopen"]

    def has_change_permission(self, request, obj=None) -> bool:
        # Only to run the "reopen" action; the form itself is read-only.
        return obj is None and request.user.has_perm("judging.change_review")

    @admin.display(description=_("judge"))
    def judge(self, obj):
        return obj.assignment.judge

    @admin.display(description=_("round"))
    def round(self, obj):
        return obj.assignment.round

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted(self, obj) -> str:
        return shown_datetime(obj.submitted_at)

    @admin.action(description=_("Return to the judge (final → draft)"))
    def reopen(self, request, queryset):
        done = 0
        for review in queryset.filter(status=ReviewStatus.FINAL):
            done += report(
                request, lambda r=review: services.review_reopen(review=r, by=request.user)
            )
        messages.info(request, gettext("%(count)d reviews reopened.") % {"count": done})


@admin.register(DossierResult)
class DossierResultAdmin(ListPageMixin, ReadOnlyAdmin):
    list_display = [
        "dossier",
        "round",
        "rank",
        "score",
        "raw_score",
        "normalised_score",
        "review_count",
        "disagreement",
        "selected",
    ]
    list_filter = [
        ("round", RoundListFilter),
        "selected",
        "disagreement",
        category_number_filter("dossier__category__number"),
    ]
    list_select_related = ["dossier", "round__season"]
    list_per_page = 50  # as the round's results page and the other judging lists
    # The dossier is only named (receipt number or title): not its whole row, texts and all.
    list_only = (
        "rank",
        "score",
        "raw_score",
        "normalised_score",
        "review_count",
        "disagreement",
        "selected",
        "dossier__receipt_number",
        "dossier__title",
        "round__kind",
        "round__season__year",
    )
    search_fields = ["dossier__title", "dossier__receipt_number"]


@admin.register(ResultSnapshot)
class ResultSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["round", "sha256", "confirmed_by", "confirmed", "published", "verify_link"]
    list_select_related = ["round__season", "confirmed_by"]
    exclude = ["payload"]
    readonly_fields = [
        "round",
        "sha256",
        "confirmed_by",
        "confirmed_at",
        "published_by",
        "published_at",
    ]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("confirmed"), ordering="confirmed_at")
    def confirmed(self, obj) -> str:
        return shown_datetime(obj.confirmed_at)

    @admin.display(description=_("published"))
    def published(self, obj) -> str:
        return shown_datetime(obj.published_at)

    @admin.display(description=_("verify"))
    def verify_link(self, obj) -> str:
        url = reverse("admin:judging_round_results", args=[obj.round_id]) + "?verify=1"
        return format_html('<a href="{}">{}</a>', url, gettext("Verify"))


@admin.register(RoundPublication)
class RoundPublicationAdmin(ReadOnlyAdmin):
    """Who published which round's results, when, to how many people (read-only)."""

    list_display = ["round", "published_by", "published", "recipients"]
    list_select_related = ["round__season", "published_by"]

    @admin.display(description=_("published"), ordering="published_at")
    def published(self, obj) -> str:
        return shown_datetime(obj.published_at)


@admin.register(RoundUnconfirmation)
class RoundUnconfirmationAdmin(NoWritesMixin, admin.ModelAdmin):
    """Every withdrawn confirmation: who, when, why, and the digest of the snapshot."""

    list_display = ["round", "by", "when", "reason", "sha256"]
    list_select_related = ["round__season", "by"]

    @admin.display(description=_("when"), ordering="at")
    def when(self, obj) -> str:
        return shown_datetime(obj.at)
