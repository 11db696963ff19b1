"""The judges' admin: their own queue with progress, the scoring page, conflicts of interest.

Every query here goes through judging.selectors (visible_dossiers_for): an unassigned or
conflicted dossier is absent — not in the list, the counts, the search, nor behind a URL (404).
"""

from __future__ import annotations

from datetime import date

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_judge as judge_role
from judging import selectors, services
from judging.admin.base import NoWritesMixin, page_context, report
from judging.admin.expertise import expertise_view
from judging.forms import ApplicantConflictForm, ReasonForm
from judging.models import CommentVisibility, MyAssignment, MyConflict, ReviewStatus
from submissions.completeness import content_fields
from submissions.selectors import nomination_shown
from vda_portal.admin_rows import object_url
from vda_portal.localtime import format_date


def is_judge(request: HttpRequest) -> bool:
    """A judge signed in to the admin (judges are staff)."""
    return request.user.is_active and request.user.is_staff and judge_role(request.user)


class ReviewStateFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("todo", _("Not started")),
            (ReviewStatus.DRAFT, _("Draft")),
            (ReviewStatus.FINAL, _("Final")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "todo":
            return queryset.filter(review__isnull=True)
        if self.value() in (ReviewStatus.DRAFT, ReviewStatus.FINAL):
            return queryset.filter(review__status=self.value())
        return queryset


class RoundFilter(admin.SimpleListFilter):
    title = _("round")
    parameter_name = "round"

    def lookups(self, request, model_admin):
        return [
            (str(p["round_id"]), f"{p['year']} – {p['kind']}")
            for p in model_admin.progress(request)
        ]

    def queryset(self, request, queryset):
        return queryset.filter(round=self.value()) if self.value() else queryset


@admin.register(MyAssignment)
class MyAssignmentAdmin(NoWritesMixin, admin.ModelAdmin):
    """A judge's queue, in the judge's own order (see Assignment.queue_key)."""

    list_display = ["dossier_label", "category_label", "round_label", "review_state", "own_total"]
    list_display_links = None
    list_filter = [RoundFilter, ReviewStateFilter]
    search_fields = ["dossier__title", "dossier__receipt_number", "dossier__product_name"]
    show_facets = admin.ShowFacets.NEVER  # counts come from the same filtered queryset anyway
    list_per_page = 50
    # No second COUNT of the whole queue: the progress bars above the list already show it, a
    # search or filter then reads "N results (Show all)".
    show_full_result_count = False
    # The queue's own order (Assignment's Meta would sort by judge too: a join to the users).
    ordering = ("-round__season__year", "round__kind", "queue_key")
    change_list_template = "admin/judging/myassignment/change_list.html"

    # --- permissions: judges only, and read-only in the generic views ---

    def has_module_permission(self, request) -> bool:
        return is_judge(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_judge(request) and request.user.has_perm("judging.view_myassignment")

    def get_queryset(self, request):
        # Only what the columns show: dossiers and categories are wide rows, and the database
        # sorts the whole queue before the page is cut.
        return selectors.judge_assignments(request.user).only(*self.COLUMN_FIELDS)

    COLUMN_FIELDS = (
        "queue_key",
        "round__kind",
        "round__season__year",
        "dossier__title",
        "dossier__product_name",
        "dossier__receipt_number",
        "dossier__category__number",
        "review__status",
        "review__total",
    )

    def get_actions(self, request):
        return {}

    # --- columns ---

    @admin.display(description=_("dossier"), ordering="queue_key")
    def dossier_label(self, obj) -> str:
        url = object_url("admin:judging_myassignment_score", obj.pk)
        title = obj.dossier.title or obj.dossier.product_name or str(obj.dossier)
        return format_html('<a href="{}">{}</a> <small>{}</small>', url, title, obj.dossier)

    @admin.display(description=_("category"))
    def category_label(self, obj) -> str:
        return str(obj.dossier.category.number)

    @admin.display(description=_("round"))
    def round_label(self, obj) -> str:
        return str(obj.round)

    @admin.display(description=_("review"))
    def review_state(self, obj) -> str:
        review = getattr(obj, "review", None)
        return ReviewStatus(review.status).label if review else gettext("Not started")

    @admin.display(description=_("my total"))
    def own_total(self, obj) -> str:
        review = getattr(obj, "review", None)
        return f"{review.total:.2f}" if review and review.total is not None else "–"

    def get_paginator(self, request, queryset, per_page, *args, **kwargs):
        paginator = super().get_paginator(request, queryset, per_page, *args, **kwargs)
        if set(request.GET) <= {"p", "o"}:  # the whole queue: the progress bars counted it
            paginator.count = sum(p["total"] for p in self.progress(request))
        return paginator

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "progress": self.progress(request),
        }
        return super().changelist_view(request, extra_context)

    def progress(self, request) -> list[dict]:
        """The judge's progress per round, asked once per request: the round filter and the
        page's progress bars both show it."""
        if not hasattr(request, "_judge_progress"):
            request._judge_progress = selectors.judge_progress(request.user)
        return request._judge_progress

    # --- the scoring page and the judge's actions ---

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "expertise/",
                view(lambda request: self._judge_page(request, expertise_view)),
                name="judging_myassignment_expertise",
            ),
            path("<int:pk>/score/", view(self.score_view), name="judging_myassignment_score"),
            path("<int:pk>/decline/", view(self.decline_view), name="judging_myassignment_decline"),
            path(
                "<int:pk>/conflict/", view(self.conflict_view), name="judging_myassignment_conflict"
            ),
            path(
                "<int:pk>/suggestion/<int:sid>/",
                view(self.suggestion_view),
                name="judging_myassignment_suggestion",
            ),
            *super().get_urls(),
        ]

    def _judge_page(self, request, page) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return page(self, request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        assignment = self._assignment(request, object_id)
        return redirect("admin:judging_myassignment_score", assignment.pk)

    def history_view(self, request, object_id, extra_context=None):
        # The admin would answer "does not exist" with a redirect; here absent is a 404.
        self._assignment(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def _assignment(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            assignment = selectors.assignment_for_judge(request.user, int(pk))
        except (TypeError, ValueError):
            assignment = None
        if assignment is None:
            raise Http404(gettext("This dossier is not assigned to you."))
        return assignment

    def score_view(self, request, pk: int) -> HttpResponse:
        assignment = self._assignment(request, pk)
        review = getattr(assignment, "review", None)
        if request.method == "GET" and not (review and review.is_final):
            # Before the judge first reads a dossier: likely conflicts, to confirm or dismiss.
            services.suggestions_refresh(judge_ids=[request.user.pk], dossiers=[assignment.dossier])
            pending = list(selectors.pending_suggestions(request.user, assignment.dossier))
            if pending:
                context = page_context(
                    self,
                    request,
                    gettext("Before you open %(dossier)s") % {"dossier": assignment.dossier},
                    assignment=assignment,
                    suggestions=pending,
                )
                return TemplateResponse(request, "admin/judging/suggested_conflicts.html", context)
        criteria = selectors.round_criteria(assignment)
        errors, entered, comment = {}, {}, review.comment if review else ""
        notes: dict[int, tuple[str, str]] = {}
        if request.method == "POST":
            entered = {c.pk: request.POST.get(f"score-{c.pk}", "") for c in criteria}
            notes = {
                c.pk: (
                    request.POST.get(f"comment-{c.pk}", ""),
                    request.POST.get(f"visibility-{c.pk}", ""),
                )
                for c in criteria
            }
            comment = request.POST.get("comment", "")
            submit = "submit" in request.POST
            try:
                services.review_save(
                    assignment=assignment,
                    values=entered,
                    comment=comment,
                    by=request.user,
                    submit=submit,
                    comments=notes,
                )
            except services.ReviewInvalid as error:
                errors = error.errors
                messages.error(request, error.message)
            except services.JudgingError as error:
                messages.error(request, error.message)
                return redirect("admin:judging_myassignment_score", assignment.pk)
            else:
                if submit:
                    messages.success(request, gettext("Your review is submitted. Thank you."))
                    return redirect("admin:judging_myassignment_changelist")
                messages.success(request, gettext("Draft saved."))
                return redirect("admin:judging_myassignment_score", assignment.pk)
        context = self._score_context(request, assignment, review, criteria, entered, errors, notes)
        context["comment"] = comment
        return TemplateResponse(request, "admin/judging/score.html", context)

    def _score_context(
        self, request, assignment, review, criteria, entered, errors, notes=None
    ) -> dict:
        saved = selectors.scores_of(review)
        notes = notes or {}
        rows = []
        for criterion in criteria:
            value = entered.get(criterion.pk)
            score = saved.get(criterion.pk)
            if value is None:
                value = f"{score.value:g}" if score else ""
            if criterion.pk in notes:
                note, visibility = notes[criterion.pk]
            else:
                note = score.comment if score else ""
                visibility = score.comment_visibility if score else ""
            if visibility not in CommentVisibility.values:
                visibility = CommentVisibility.ORGANISERS
            rows.append(
                {
                    "criterion": criterion,
                    "value": value,
                    "error": errors.get(criterion.pk),
                    "comment": note,
                    "visibility": visibility,
                    "visibility_label": CommentVisibility(visibility).label,
                }
            )
        locked = (review is not None and review.is_final) or not assignment.round.is_open
        return page_context(
            self,
            request,
            gettext("Score %(dossier)s") % {"dossier": assignment.dossier},
            assignment=assignment,
            dossier=assignment.dossier,
            nomination=nomination_shown(request.user, assignment.dossier),
            fields=dossier_fields(assignment.dossier),
            files=dossier_files(assignment.dossier),
            review=review,
            rows=rows,
            locked=locked,
            peers=selectors.peer_reviews(assignment),
            criteria=criteria,
            visibilities=CommentVisibility.choices,
            verification=selectors.verification_for_scoring(assignment),
            decline_form=ReasonForm(),
        )

    def suggestion_view(self, request, pk: int, sid: int) -> HttpResponse:
        """One click: confirm (a conflict of interest is declared) or dismiss a suggestion."""
        assignment = self._assignment(request, pk)
        if request.method != "POST":
            return redirect("admin:judging_myassignment_score", assignment.pk)
        suggestion = selectors.pending_suggestions(request.user, assignment.dossier).filter(pk=sid)
        suggestion = suggestion.first()
        if suggestion is None:
            raise Http404(gettext("No such suggestion."))
        confirm = request.POST.get("decision") == "confirm"
        if not report(
            request,
            lambda: services.suggestion_decide(
                suggestion=suggestion, confirm=confirm, by=request.user
            ),
        ):
            return redirect("admin:judging_myassignment_score", assignment.pk)
        if confirm:
            messages.success(
                request,
                gettext(
                    "Your conflict of interest is recorded; the dossier goes to another judge."
                ),
            )
            return redirect("admin:judging_myassignment_changelist")
        messages.success(request, gettext("Dismissed: recorded as no conflict."))
        return redirect("admin:judging_myassignment_score", assignment.pk)

    def decline_view(self, request, pk: int) -> HttpResponse:
        return self._reason_action(request, pk, services.assignment_decline, "declined")

    def conflict_view(self, request, pk: int) -> HttpResponse:
        return self._reason_action(request, pk, _declare_dossier_conflict, "conflict")

    def _reason_action(self, request, pk, action, kind: str) -> HttpResponse:
        assignment = self._assignment(request, pk)
        if request.method != "POST":
            return redirect("admin:judging_myassignment_score", assignment.pk)
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Please give a reason."))
            return redirect("admin:judging_myassignment_score", assignment.pk)
        reason = form.cleaned_data["reason"]
        if not report(
            request, lambda: action(assignment=assignment, reason=reason, by=request.user)
        ):
            return redirect("admin:judging_myassignment_score", assignment.pk)
        done = {
            "declined": gettext("You declined this dossier; it goes to another judge."),
            "conflict": gettext(
                "Your conflict of interest is recorded; the dossier goes to another judge."
            ),
        }
        messages.success(request, done[kind])
        return redirect("admin:judging_myassignment_changelist")


def _declare_dossier_conflict(*, assignment, reason: str, by):
    return services.conflict_declare(judge=by, dossier=assignment.dossier, reason=reason, by=by)


def dossier_fields(dossier) -> list[tuple[str, object]]:
    """The dossier's content as (label, value) pairs, for read-only display."""
    rows = []
    for name in content_fields(dossier.category.number):
        field = dossier._meta.get_field(name)
        value = getattr(dossier, f"get_{name}_display", lambda n=name: getattr(dossier, n))()
        if isinstance(value, date):
            value = format_date(value)
        rows.append((field.verbose_name, value))
    return rows


def dossier_files(dossier) -> list[dict]:
    """The dossier's files with links to the permission-checked download view."""
    files = []
    for attachment in dossier.attachments.all():
        try:
            url = reverse("submissions:attachment_download", args=[attachment.pk])
        except NoReverseMatch:  # the download view is another app's; no link without it
            url = ""
        files.append({"attachment": attachment, "url": url})
    return files


@admin.register(MyConflict)
class MyConflictAdmin(admin.ModelAdmin):
    """A judge's own declarations: listed, and added for an applicant (with a reason)."""

    list_display = ["target", "reason", "created_at"]
    list_display_links = None
    show_facets = admin.ShowFacets.NEVER

    def has_module_permission(self, request) -> bool:
        return is_judge(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_judge(request) and request.user.has_perm("judging.view_myconflict")

    def has_add_permission(self, request) -> bool:
        return is_judge(request) and request.user.has_perm("judging.add_myconflict")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return (
            selectors.conflicts_of(request.user)
            .select_related("dossier", "applicant__applicant_profile")
            .order_by("-created_at")
        )

    def get_actions(self, request):
        return {}

    @admin.display(description=_("conflict with"))
    def target(self, obj) -> str:
        if obj.dossier_id:
            return str(obj.dossier)
        profile = getattr(obj.applicant, "applicant_profile", None)
        return (profile.display_name if profile else "") or obj.applicant.email

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ApplicantConflictForm(request.POST or None, judge=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                services.conflict_declare(
                    judge=request.user,
                    applicant=form.cleaned_data["applicant"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except services.JudgingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, gettext("Your conflict of interest is recorded."))
                return redirect("admin:judging_myconflict_changelist")
        context = page_context(
            self,
            request,
            gettext("Declare a conflict of interest"),
            form=form,
        )
        return TemplateResponse(request, "admin/judging/declare_conflict.html", context)
