"""The season's and the rounds' lifecycle as tables: every action in every state is allowed,
or refused with its message and nothing changed (judging.services.seasons / rounds / results)."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from categories.models import RoundKind, Season, SeasonState
from judging import selectors, services
from judging.models import (
    Assignment,
    Panel,
    ResultSnapshot,
    Round,
    RoundPublication,
    RoundState,
    RoundUnconfirmation,
)
from submissions.models import Dossier, DossierStatus, OutboundEmail
from tests.factories import UserFactory
from tests.judging.conftest import ICT
from tests.judging.helpers import make_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def boss(db):
    return UserFactory(email="boss@example.com", is_superuser=True, is_staff=True)


@pytest.fixture
def round_(season, category, judges):
    round_ = Round.objects.create(
        season=season,
        kind=RoundKind.PRELIMINARY,
        opens_at=datetime(2024, 7, 1, tzinfo=ICT),
        closes_at=datetime(2024, 8, 31, 23, 59, 59, tzinfo=ICT),
        judges_per_dossier=2,
        assignment_seed=7,
    )
    panel = Panel.objects.create(round=round_, category=category, quota=1)
    panel.judges.set(judges[:2])
    for n in (1, 2):
        make_dossier(category, n)
    return round_


def score_all(round_, value="7"):
    for assignment in selectors.unfinished_assignments(round_).select_related(
        "judge", "round", "dossier"
    ):
        services.review_save(
            assignment=assignment,
            values={c.pk: value for c in selectors.round_criteria(assignment)},
            comment="",
            by=assignment.judge,
            submit=True,
        )


def bring(round_, state: str, organiser, boss) -> None:
    """Take the round, through the services, to one of the states of the table."""
    steps = ["open", "closed", "confirmed", "published"]
    if state == "not_started":
        return
    services.round_open(round_=round_, by=organiser)
    services.assign_automatically(round_=round_, by=organiser)
    score_all(round_)
    if state == "open":
        return
    services.round_close(round_=round_, by=organiser)
    if state == "closed":
        return
    services.results_confirm(round_=round_, by=organiser)
    if state == "unconfirmed":
        services.results_unconfirm(round_=round_, by=boss, reason="Wrong quota")
        return
    if steps.index(state) >= steps.index("published"):
        services.results_publish(round_=round_, by=organiser)


def fingerprint(round_) -> tuple:
    """Everything an action could change."""
    round_ = Round.objects.get(pk=round_.pk)
    panel = Panel.objects.get(round=round_)
    return (
        round_.state,
        round_.judges_per_dossier,
        Season.objects.get(pk=round_.season_id).state,
        ResultSnapshot.objects.filter(round=round_).count(),
        RoundPublication.objects.filter(round=round_).count(),
        RoundUnconfirmation.objects.filter(round=round_).count(),
        Assignment.objects.filter(round=round_).count(),
        OutboundEmail.objects.count(),
        panel.quota,
        tuple(Dossier.objects.order_by("pk").values_list("status", flat=True)),
    )


def act(action: str, round_, organiser, boss):
    round_ = Round.objects.get(pk=round_.pk)
    if action == "open":
        return services.round_open(round_=round_, by=organiser)
    if action == "close":
        return services.round_close(round_=round_, by=organiser)
    if action == "confirm":
        return services.results_confirm(round_=round_, by=organiser)
    if action == "publish":
        return services.results_publish(round_=round_, by=organiser)
    if action == "unconfirm":
        return services.results_unconfirm(round_=round_, by=boss, reason="A late conflict")
    if action == "settings":
        round_.judges_per_dossier = 1
        return services.round_save_settings(round_=round_, by=organiser)
    if action == "panel":
        panel = Panel.objects.get(round=round_)
        panel.quota = 2
        return services.panel_save(panel=panel, by=organiser)
    if action == "assign":
        return services.assign_automatically(round_=round_, by=organiser)
    raise AssertionError(action)


OK = None
NOT_CONFIRMED = "The results of this round are not confirmed."
CONFIRM_FIRST = "Confirm the results before publishing them."
CLOSE_FIRST = "Close the round before confirming its results."
READ_ONLY = "The results of this round are confirmed: it is read-only."
ALREADY_CLOSED = "The round is already closed."
ALREADY_CONFIRMED = "The results of this round are already confirmed."
NO_REOPEN = "The results of this round are confirmed; it cannot reopen."
ROUND_CLOSED = "The round is closed."

ACTIONS = ["open", "close", "confirm", "publish", "unconfirm", "settings", "panel", "assign"]
TABLE = {
    "not_started": [
        OK,
        "The round has not opened yet.",
        CLOSE_FIRST,
        CONFIRM_FIRST,
        NOT_CONFIRMED,
        OK,
        OK,
        OK,
    ],
    "open": [
        "The round is already open.",
        OK,
        CLOSE_FIRST,
        CONFIRM_FIRST,
        NOT_CONFIRMED,
        OK,
        OK,
        OK,
    ],
    "closed": [OK, ALREADY_CLOSED, OK, CONFIRM_FIRST, NOT_CONFIRMED, OK, OK, ROUND_CLOSED],
    "confirmed": [
        NO_REOPEN,
        ALREADY_CLOSED,
        ALREADY_CONFIRMED,
        OK,
        OK,
        READ_ONLY,
        READ_ONLY,
        ROUND_CLOSED,
    ],
    "published": [
        NO_REOPEN,
        ALREADY_CLOSED,
        ALREADY_CONFIRMED,
        "The results of this round are already published.",
        "The results of this round are published; they stay confirmed.",
        READ_ONLY,
        READ_ONLY,
        ROUND_CLOSED,
    ],
    "unconfirmed": [
        "Judges have seen each other's scores in this round; it cannot reopen.",
        ALREADY_CLOSED,
        OK,
        CONFIRM_FIRST,
        NOT_CONFIRMED,
        OK,
        OK,
        ROUND_CLOSED,
    ],
}
CASES = [
    (state, action, expected)
    for state, row in TABLE.items()
    for action, expected in zip(ACTIONS, row, strict=True)
]


@pytest.mark.parametrize(("state", "action", "expected"), CASES)
def test_every_round_action_in_every_round_state(state, action, expected, round_, organiser, boss):
    bring(round_, state, organiser, boss)
    before = fingerprint(round_)
    if expected is OK:
        act(action, round_, organiser, boss)
        return
    with pytest.raises(services.JudgingError) as refused:
        act(action, round_, organiser, boss)
    assert str(refused.value.message) == expected
    assert fingerprint(round_) == before


SEASON_ACTIONS = ["season_open", "season_archive", "round_open"]
ONLY_DRAFT = "Only a draft season can be opened for submissions."
ONLY_PUBLISHED = "Only a season whose results are published can be archived."
SEASON_TABLE = {
    "draft": [OK, ONLY_PUBLISHED, "The season is a draft: open it for submissions first."],
    "open": [
        ONLY_DRAFT,
        ONLY_PUBLISHED,
        "Submissions are open until {deadline}; judging starts after it.",
    ],
    "closed": [ONLY_DRAFT, ONLY_PUBLISHED, OK],
    "judging": [ONLY_DRAFT, ONLY_PUBLISHED, OK],
    "confirmed": [
        ONLY_DRAFT,
        ONLY_PUBLISHED,
        "The season's honorees are confirmed: judging is over.",
    ],
    "published": [ONLY_DRAFT, OK, "The season's results are published: judging is over."],
    "archived": [ONLY_DRAFT, ONLY_PUBLISHED, "The season is archived: nothing in it changes."],
}
SEASON_CASES = [
    (state, action, expected)
    for state, row in SEASON_TABLE.items()
    for action, expected in zip(SEASON_ACTIONS, row, strict=True)
]


def put_season(season: Season, state: str) -> Season:
    """Set up the season's state directly (the test's arrangement, not a path of the portal)."""
    stored = SeasonState.OPEN if state == "closed" else state
    fields = {"state": stored}
    if state == "open":
        fields["submission_deadline"] = timezone.now() + timedelta(days=10)
    Season.objects.filter(pk=season.pk).update(**fields)
    season.refresh_from_db()
    assert season.current_state() == state
    return season


@pytest.mark.parametrize(("state", "action", "expected"), SEASON_CASES)
def test_every_season_action_in_every_season_state(
    state, action, expected, season, round_, organiser
):
    season = put_season(season, state)
    before = (fingerprint(round_), Season.objects.filter(pk=season.pk).values().get())
    call = {
        "season_open": lambda: services.season_open(season=season, by=organiser),
        "season_archive": lambda: services.season_archive(season=season, by=organiser),
        "round_open": lambda: services.round_open(round_=round_, by=organiser),
    }[action]
    if expected is OK:
        call()
        return
    with pytest.raises(services.JudgingError) as refused:
        call()
    deadline = timezone.localtime(season.submission_deadline, ICT).strftime("%d/%m/%Y %H:%M")
    assert str(refused.value.message) == expected.format(deadline=deadline)
    assert (fingerprint(round_), Season.objects.filter(pk=season.pk).values().get()) == before


def test_a_round_closes_with_reviews_missing_only_when_the_organiser_names_them(round_, organiser):
    services.round_open(round_=round_, by=organiser)
    services.assign_automatically(round_=round_, by=organiser)
    missing = services.missing_reviews(round_)
    assert len(missing) == 4
    with pytest.raises(services.ReviewsMissing) as refused:
        services.round_close(round_=round_, by=organiser, missing_accepted=[missing[0].pk])
    assert str(refused.value.message).startswith("3 reviews are not final yet: VDA2024-C3-0001")
    assert Round.objects.get(pk=round_.pk).state == RoundState.OPEN
    services.round_close(round_=round_, by=organiser, missing_accepted=[a.pk for a in missing])
    assert Round.objects.get(pk=round_.pk).state == RoundState.CLOSED
    assert Round.history.filter(id=round_.pk).first().history_change_reason == (
        "closed with 4 reviews missing"
    )


def test_only_a_superuser_unconfirms_with_a_reason_and_it_is_recorded(round_, organiser, boss):
    bring(round_, "confirmed", organiser, boss)
    sha = ResultSnapshot.objects.get(round=round_).sha256
    with pytest.raises(services.JudgingError, match="Only a superuser"):
        services.results_unconfirm(round_=round_, by=organiser, reason="why not")
    with pytest.raises(services.JudgingError, match=r"Please give a reason\."):
        services.results_unconfirm(round_=round_, by=boss, reason="  ")
    assert ResultSnapshot.objects.filter(round=round_).exists()
    record = services.results_unconfirm(round_=round_, by=boss, reason="Quota was wrong")
    assert (record.by, record.reason, record.sha256) == (boss, "Quota was wrong", sha)
    assert set(Dossier.objects.values_list("status", flat=True)) == {DossierStatus.IN_REVIEW}
    assert not ResultSnapshot.objects.filter(round=round_).exists()
    services.results_confirm(round_=round_, by=organiser)  # a new confirmation


def test_a_season_runs_in_order_and_the_preview_counts_equal_the_emails_sent(
    season, round_, category, judges, organiser, boss, django_capture_on_commit_callbacks
):
    final = Round.objects.create(
        season=season,
        kind=RoundKind.FINAL,
        opens_at=datetime(2024, 9, 1, tzinfo=ICT),
        closes_at=datetime(2024, 9, 30, tzinfo=ICT),
        judges_per_dossier=2,
    )
    Panel.objects.create(round=final, category=category, quota=1).judges.set(judges[2:4])
    with pytest.raises(services.JudgingError, match="only after the preliminary results"):
        services.round_open(round_=final, by=organiser)
    bring(round_, "confirmed", organiser, boss)
    assert Season.objects.get(pk=season.pk).state == SeasonState.JUDGING
    preview = services.publication_preview(round_=round_)
    assert (preview.refusal, preview.counts, preview.recipients) == (
        None,
        {"finalist": 1, "not_selected": 1},
        2,
    )
    assert [(e["outcome"], e["language"]) for e in preview.emails] == [
        ("finalist", "vi"),
        ("finalist", "en"),
        ("not_selected", "vi"),
        ("not_selected", "en"),
    ]
    assert preview.emails[1]["subject"] == "[VDA] Your dossier VDA2024-C3-0001 is a finalist"

    services.round_open(round_=final, by=organiser)
    services.assign_automatically(round_=final, by=organiser)
    score_all(final)
    services.round_close(round_=final, by=organiser)
    services.results_confirm(round_=final, by=organiser)
    assert Season.objects.get(pk=season.pk).state == SeasonState.CONFIRMED
    with pytest.raises(services.JudgingError, match=r"Publish the preliminary results first\."):
        services.results_publish(round_=final, by=organiser)

    mail.outbox.clear()
    with pytest.raises(services.JudgingError) as early:
        services.season_archive(season=season, by=organiser)
    assert "published can be archived" in str(early.value.message)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.results_publish(round_=round_, by=organiser)
    assert sent == preview.recipients == len(mail.outbox) == 2
    assert services.publication_preview(round_=final).recipients == 1
    assert services.results_publish(round_=final, by=organiser) == 1
    assert Season.objects.get(pk=season.pk).state == SeasonState.PUBLISHED
    assert services.publication_preview(round_=round_).refusal == (
        "The results of this round are already published."
    )
    services.season_archive(season=season, by=organiser)
    season.refresh_from_db()
    assert (season.state, season.archived_at is not None) == (SeasonState.ARCHIVED, True)


def test_no_preliminary_publication_after_the_final_one(season, round_, organiser, boss):
    bring(round_, "confirmed", organiser, boss)
    final = Round.objects.create(
        season=season,
        kind=RoundKind.FINAL,
        opens_at=datetime(2024, 9, 1, tzinfo=ICT),
        closes_at=datetime(2024, 9, 30, tzinfo=ICT),
    )
    snapshot = ResultSnapshot.objects.get(round=round_)
    RoundPublication.objects.create(
        round=final, published_by=organiser, published_at=timezone.now(), recipients=0
    )
    with pytest.raises(services.JudgingError, match="no longer can be"):
        services.results_publish(round_=round_, by=organiser)
    assert ResultSnapshot.objects.get(pk=snapshot.pk).published_at is None
