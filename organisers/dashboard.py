"""Reads of the organisers' dashboard: the season in numbers and as charts.

Every figure is an aggregate computed by the database (values() + annotate(Count)), so the page
makes the same number of queries for one dossier as for thousands.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce, NullIf, TruncDate
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from categories.eligibility import REASON_CODES
from categories.models import Category, Season
from judging.models import ResultSnapshot, ReviewStatus, Round, RoundState
from judging.selectors import visible_assignments
from organisers.charts import BarChart, ColumnChart, Series, bar_chart, column_chart
from organisers.models import ExportRecord
from submissions.models import (
    RECEIVED,
    Dossier,
    DossierStatus,
    EligibilityDecision,
    OutboundEmailStatus,
    ReminderDelivery,
    ReminderSlot,
)
from submissions.provinces import provinces_on
from submissions.reminders import get_audience
from vda_portal.localtime import PORTAL_TZ, format_date, to_portal_time

# Short labels for organisers (the applicant-facing messages say what to do instead).
REASON_LABELS = {
    "kind_not_allowed": pgettext_lazy("eligibility reason", "Kind of applicant not admitted"),
    "foreign_applicant": pgettext_lazy("eligibility reason", "Foreign applicant"),
    "not_foreign": pgettext_lazy("eligibility reason", "Not a foreign applicant"),
    "not_established_in_vietnam": pgettext_lazy(
        "eligibility reason", "Organisation not established in Vietnam"
    ),
    "no_legal_representative_in_vietnam": pgettext_lazy(
        "eligibility reason", "No legal representative in Vietnam"
    ),
    "no_residence_card": pgettext_lazy("eligibility reason", "No permanent residence card"),
    "residence_card_expired": pgettext_lazy("eligibility reason", "Residence card expired"),
    "not_ict": pgettext_lazy("eligibility reason", "Not working in ICT"),
    "not_owner": pgettext_lazy("eligibility reason", "Does not own the solution"),
}
# Statuses that come after a positive screening: the dossier was found eligible.
SCREENED_ELIGIBLE = (
    DossierStatus.ELIGIBLE,
    DossierStatus.IN_REVIEW,
    DossierStatus.FINALIST,
    DossierStatus.HONOREE,
    DossierStatus.NOT_SELECTED,
)


@dataclass(frozen=True)
class Headline:
    dossiers: int
    received: int
    honorees: int
    reviews_done: int
    reviews_total: int
    reviews_round: Round | None = None


@dataclass
class RoundProgress:
    round: Round
    panels: BarChart
    judges: BarChart


def seasons() -> list[Season]:
    return list(Season.objects.order_by("-year"))


def pick_season(choices: list[Season], year: str | None) -> Season | None:
    """The season asked for, else the latest one."""
    chosen = next((s for s in choices if str(s.year) == (year or "")), None)
    return chosen or (choices[0] if choices else None)


def dashboard(season: Season) -> dict:
    categories = list(season.categories.order_by("number"))
    by_status = _status_counts(season)
    progress = _round_progress(season, categories)
    return {
        "headline": _headline(by_status, progress),
        "status_chart": _status_chart(categories, by_status),
        "daily_chart": _daily_chart(season),
        "province_chart": _province_chart(season),
        **_eligibility_charts(season, categories),
        "rounds": progress,
        "reminder_chart": _reminder_chart(season),
        "snapshots": _snapshots(season),
        "recent_exports": list(
            ExportRecord.objects.filter(season=season).select_related("exported_by")[:10]
        ),
        "categories": categories,
    }


# --- Dossiers by category and status ---------------------------------------------------------


def _status_counts(season: Season) -> dict[tuple[int, str], int]:
    rows = (
        Dossier.objects.filter(season=season)
        .order_by()
        .values("category_id", "status")
        .annotate(n=Count("pk"))
    )
    return {(row["category_id"], row["status"]): row["n"] for row in rows}


def _status_chart(categories: list[Category], counts: dict[tuple[int, str], int]) -> BarChart:
    present = {status for _category, status in counts}
    series = [
        Series(status.value, str(status.label), f"st-{status.value}")
        for status in DossierStatus
        if status.value in present
    ]
    rows = [
        (str(category), [counts.get((category.pk, s.key), 0) for s in series])
        for category in categories
    ]
    return bar_chart(
        id="chart-status",
        title=gettext("Dossiers by category and status"),
        description=gettext("One bar per category, divided by the dossiers' current status."),
        row_header=gettext("Category"),
        series=series,
        rows=rows,
    )


def judging_round(rounds: list[RoundProgress]) -> RoundProgress | None:
    """The round the headline counts: the open one, else the latest that has assignments, else
    the latest (a final round set up ahead, still empty, says nothing of where judging stands).
    The headline's figures are that round's chart totals, so the two always agree."""
    open_rounds = [p for p in rounds if p.round.state == RoundState.OPEN]
    if open_rounds:
        return open_rounds[-1]
    started = [p for p in rounds if sum(p.panels.column_totals)]
    return (started or rounds or [None])[-1]


def _headline(counts: dict[tuple[int, str], int], rounds: list[RoundProgress]) -> Headline:
    current = judging_round(rounds)
    done = current.panels.column_totals[0] if current else 0
    remaining = current.panels.column_totals[1] if current else 0
    return Headline(
        reviews_round=current.round if current else None,
        dossiers=sum(counts.values()),
        received=sum(n for (_c, status), n in counts.items() if status in RECEIVED),
        honorees=sum(n for (_c, status), n in counts.items() if status == DossierStatus.HONOREE),
        reviews_done=done,
        reviews_total=done + remaining,
    )


# --- Submissions per day ---------------------------------------------------------------------


def _daily_chart(season: Season) -> ColumnChart:
    rows = (
        Dossier.objects.filter(season=season, status__in=RECEIVED, first_submitted_at__isnull=False)
        .annotate(day=TruncDate("first_submitted_at", tzinfo=PORTAL_TZ))
        .order_by()
        .values("day")
        .annotate(n=Count("pk"))
    )
    counts = {row["day"]: row["n"] for row in rows}
    first = to_portal_time(season.submissions_open_at).date()
    last = to_portal_time(season.submission_deadline).date()
    first, last = min([first, *counts]), max([last, *counts])
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return column_chart(
        id="chart-daily",
        title=gettext("Dossiers received per day"),
        description=gettext(
            "Received dossiers by the day of their first submission (Vietnam time), from the "
            "opening to the deadline, %(first)s – %(last)s."
        )
        % {"first": _day(first), "last": _day(last)},
        days=days,
        counts=counts,
        label_format=lambda day: date_format(day, "d/m"),
    )


def _day(value: date) -> str:
    return format_date(value)


# --- Provinces -------------------------------------------------------------------------------


def _province_counts(season: Season) -> dict[str, int]:
    # The province a dossier was filed with; the profile's for dossiers received before it was
    # kept on the dossier.
    province = Coalesce(
        NullIf("province_code", Value("")), "applicant__applicant_profile__province_code"
    )
    rows = (
        Dossier.objects.filter(season=season, status__in=RECEIVED)
        .order_by()
        .annotate(province=province)
        .values("province")
        .annotate(n=Count("pk"))
    )
    return {row["province"] or "": row["n"] for row in rows}


def _province_chart(season: Season) -> dict:
    counts = _province_counts(season)
    # The map in force on the season's opening day: 63 until 30/6/2025, 34 from 1/7/2025.
    provinces = provinces_on(to_portal_time(season.submissions_open_at).date())
    known = {p.code for p in provinces}
    table = [(p.code, p.short_name, counts.get(p.code, 0)) for p in provinces]
    unknown = sum(n for code, n in counts.items() if code not in known)
    ranked = sorted((row for row in table if row[2]), key=lambda row: (-row[2], row[0]))
    chart = bar_chart(
        id="chart-provinces",
        title=gettext("Received dossiers by province"),
        description=gettext(
            "Provinces and centrally-run cities of the season's map with at least one "
            "received dossier, most first: %(count)s of %(total)s."
        )
        % {"count": len(ranked), "total": len(provinces)},
        row_header=gettext("Province"),
        series=[Series("n", gettext("Dossiers"), "st-received")],
        rows=[(name, [n]) for _code, name, n in ranked],
        label_width=150,
    )
    return {"chart": chart, "table": table, "unknown": unknown}


# --- Eligibility -----------------------------------------------------------------------------

OUTCOMES = (
    ("pending", _("Awaiting screening"), "st-submitted"),
    ("eligible", _("Eligible"), "st-eligible"),
    ("eligible_override", _("Eligible by the organisers' decision"), "st-override"),
    ("ineligible", _("Ineligible"), "st-ineligible"),
    ("ineligible_override", _("Ineligible by the organisers' decision"), "st-override"),
)


def _outcome(status: str, override: str) -> str | None:
    if status == DossierStatus.SUBMITTED:
        return "pending"
    if status in SCREENED_ELIGIBLE:
        return "eligible_override" if override == EligibilityDecision.ELIGIBLE else "eligible"
    if status == DossierStatus.INELIGIBLE:
        return "ineligible_override" if override == EligibilityDecision.INELIGIBLE else "ineligible"
    return None


def _eligibility_charts(season: Season, categories: list[Category]) -> dict:
    # Grouped by the reasons list itself: few distinct combinations, counted in SQL.
    rows = (
        Dossier.objects.filter(season=season, status__in=RECEIVED)
        .order_by()
        .values("category__number", "status", "eligibility_override", "eligibility_reasons")
        .annotate(n=Count("pk"))
    )
    outcomes: dict[str, int] = defaultdict(int)
    reasons: dict[tuple[str, int], int] = defaultdict(int)
    for row in rows:
        outcomes[_outcome(row["status"], row["eligibility_override"])] += row["n"]
        for code in row["eligibility_reasons"] or []:
            reasons[code, row["category__number"]] += row["n"]
    return {
        "outcome_chart": _outcome_chart(outcomes),
        "reason_chart": _reason_chart(reasons, categories),
    }


def _outcome_chart(outcomes: dict[str, int]) -> BarChart:
    return bar_chart(
        id="chart-eligibility",
        title=gettext("Eligibility outcomes"),
        description=gettext(
            "Received dossiers by the outcome of screening; a decision against the "
            "eligibility check is counted apart."
        ),
        row_header=gettext("Outcome"),
        series=[Series("n", gettext("Dossiers"), "st-received")],
        rows=[(str(label), [outcomes.get(key, 0)]) for key, label, _css in OUTCOMES],
    )


def _reason_chart(reasons: dict[tuple[str, int], int], categories: list[Category]) -> BarChart:
    numbers = [c.number for c in categories]
    series = [
        Series(str(n), pgettext("category number", "Category %(n)s") % {"n": n}, f"cat-{n}")
        for n in numbers
    ]
    rows = [
        (str(REASON_LABELS[code]), [reasons.get((code, n), 0) for n in numbers])
        for code in REASON_CODES
        if any(reasons.get((code, n)) for n in numbers)
    ]
    return bar_chart(
        id="chart-reasons",
        title=gettext("Reasons found by the eligibility check"),
        description=gettext(
            "How often each reason was found in received dossiers, by category. A dossier "
            "may have several reasons."
        ),
        row_header=gettext("Reason"),
        series=series,
        rows=rows,
    )


# --- Judging progress ------------------------------------------------------------------------


def _round_progress(season: Season, categories: list[Category]) -> list[RoundProgress]:
    rounds = list(Round.objects.filter(season=season).order_by("opens_at", "pk"))
    active = visible_assignments().filter(round__season=season)
    counts = {
        "total": Count("pk"),
        "done": Count("pk", filter=Q(review__status=ReviewStatus.FINAL)),
    }
    # One pass over the assignments, by judge and panel; the two charts are sums of its rows.
    rows = (
        active.order_by()
        .values("round_id", "judge_id", "judge__full_name", "judge__email", "dossier__category_id")
        .annotate(**counts)
    )
    panel_rows: dict[int, dict] = defaultdict(lambda: defaultdict(lambda: {"total": 0, "done": 0}))
    judge_rows: dict[int, dict] = defaultdict(dict)
    for row in rows:
        panel = panel_rows[row["round_id"]][row["dossier__category_id"]]
        judge = judge_rows[row["round_id"]].setdefault(
            row["judge_id"], {**row, "total": 0, "done": 0}
        )
        for key in ("total", "done"):
            panel[key] += row[key]
            judge[key] += row[key]
    return [
        RoundProgress(
            round_,
            _panel_chart(round_, panel_rows[round_.pk], categories),
            _judge_chart(round_, list(judge_rows[round_.pk].values())),
        )
        for round_ in rounds
    ]


def _progress_series() -> list[Series]:
    return [
        Series("done", gettext("Final reviews"), "st-done"),
        Series("open", gettext("Not yet final"), "st-open"),
    ]


def _panel_chart(
    round_: Round, by_category: dict[int, dict], categories: list[Category]
) -> BarChart:
    data = []
    for category in categories:
        row = by_category.get(category.pk, {"total": 0, "done": 0})
        data.append((str(category), [row["done"], row["total"] - row["done"]]))
    return bar_chart(
        id=f"chart-panels-{round_.pk}",
        title=gettext("%(round)s: progress per panel") % {"round": round_.get_kind_display()},
        description=gettext("Active assignments per category's panel: final reviews and the rest."),
        row_header=gettext("Panel"),
        series=_progress_series(),
        rows=data,
    )


def _judge_chart(round_: Round, rows: list[dict]) -> BarChart:
    rows = sorted(rows, key=lambda r: (r["judge__full_name"] or r["judge__email"]).casefold())
    return bar_chart(
        id=f"chart-judges-{round_.pk}",
        title=gettext("%(round)s: progress per judge") % {"round": round_.get_kind_display()},
        description=gettext("Each judge's active assignments: final reviews and the rest."),
        row_header=gettext("Judge"),
        series=_progress_series(),
        rows=[
            (r["judge__full_name"] or r["judge__email"], [r["done"], r["total"] - r["done"]])
            for r in rows
        ],
        label_width=180,
    )


# --- Reminders -------------------------------------------------------------------------------


def _reminder_chart(season: Season) -> BarChart:
    rows = (
        ReminderDelivery.objects.filter(slot__plan__season=season)
        .order_by()
        .values("slot__plan__audience", "slot__days_before", "slot__time_of_day", "email__status")
        .annotate(n=Count("pk"))
    )
    slots: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        key = (row["slot__plan__audience"], -row["slot__days_before"], row["slot__time_of_day"])
        # A delivery whose email row is not there yet is still on its way.
        slots[key][row["email__status"] or OutboundEmailStatus.PENDING] += row["n"]
    series = [
        Series(OutboundEmailStatus.SENT, gettext("Sent"), "st-done"),
        Series(OutboundEmailStatus.PENDING, gettext("Waiting to be sent"), "st-open"),
        Series(OutboundEmailStatus.FAILED, gettext("Failed"), "st-failed"),
    ]
    data = [
        (_slot_label(audience, -minus_days, at), [counts[s.key] for s in series])
        for (audience, minus_days, at), counts in sorted(slots.items())
    ]
    return bar_chart(
        id="chart-reminders",
        title=gettext("Deadline reminders"),
        description=gettext("Reminder emails per slot: sent, waiting and failed."),
        row_header=gettext("Reminder"),
        series=series,
        rows=data,
        label_width=280,
    )


def _slot_label(audience_name: str, days_before: int, at) -> str:
    audience = get_audience(audience_name)
    who = str(audience.label) if audience else audience_name
    return f"{ReminderSlot(days_before=days_before, time_of_day=at)} · {who}"


# --- Results ---------------------------------------------------------------------------------


def _snapshots(season: Season) -> dict[str, ResultSnapshot]:
    # The page shows when and which (sha) results were confirmed, never the ranking itself: the
    # payload (megabytes at programme scale) is not read.
    snapshots = (
        ResultSnapshot.objects.filter(round__season=season).select_related("round").defer("payload")
    )
    return {snapshot.round.kind: snapshot for snapshot in snapshots}
