"""`manage.py seed_demo`: the VDA 2024 season and the demo accounts, safe to run twice.

It lives in the top app (judging) because it composes every app's demo data.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import (
    APPLICANTS,
    DEMO_PASSWORD,
    JUDGES,
    ORGANISER,
    demo_totp_lines,
    seed_demo_users,
)
from accounts.models import User
from categories.demo import seed_vda_2024
from judging.demo import (
    assign_open_round,
    seed_every_state,
    seed_judged,
    seed_rounds,
)
from organisers.demo import seed_past_season
from submissions.demo import seed_demo_dossiers, seed_demo_profiles
from submissions.demo_entry_paths import seed_demo_entry_paths
from submissions.reminders import ensure_default_plan


class Command(BaseCommand):
    help = "Seed the VDA 2024 season, its categories and criteria, and demo accounts."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--open-now",
            action="store_true",
            help="Move the demo season's window so that it is open today and closes in 14 days.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (not for production)."
        )
        parser.add_argument(
            "--judged",
            action="store_true",
            help="Also build a fully judged season: about 60 dossiers, both rounds scored and "
            "closed, results confirmed with their snapshots.",
        )

    def handle(self, *args, open_now: bool, force: bool, judged: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: refusing to write demo data (use --force).")
        season = seed_vda_2024(open_now=open_now)
        ensure_default_plan(season)  # reminder slots follow the (moved) deadline
        seed_demo_users()
        seed_demo_profiles()
        seed_demo_dossiers(season)
        entry_paths = seed_demo_entry_paths(season)  # before the rounds: extensions end there
        preliminary, final = seed_rounds(season)
        if judged:
            seed_judged(season, preliminary, final)
        else:
            assign_open_round(preliminary)
            seed_every_state(season, preliminary)
        # VDA 2023, judged and published: the gallery, verifiable certificates, feedback.
        past = seed_past_season(
            User.objects.get(email=ORGANISER[0]),
            [User.objects.get(email=email) for email, _name in JUDGES[:2]],
            honoree=User.objects.get(email=APPLICANTS[0][0]),
        )
        self.stdout.write(self.style.SUCCESS(f"Seeded {season.name}."))
        self.stdout.write(f"Deadline: {season.submission_deadline.isoformat()}")
        self.stdout.write(f"Published past season: {past.name} – /vinh-danh/{past.year}/")
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, full_name in [ORGANISER, *JUDGES, *APPLICANTS]:
            self.stdout.write(f"  {email:<26} {full_name}")
        for line in entry_paths:
            self.stdout.write(line)
        for line in demo_totp_lines():
            self.stdout.write(line)
        for round_ in (preliminary, final):
            round_.refresh_from_db()
            self.stdout.write(
                f"Judging: {round_} – {round_.get_state_display()}, "
                f"{round_.assignments.filter(status='active').count()} assignments"
            )
