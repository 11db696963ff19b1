"""`manage.py compute_results --season 2024 --round preliminary|final`: print the ranking of
every category, computed from the current final reviews (nothing is written). With --verify, a
confirmed round's snapshot is verified too (hash, recomputed results, the database's inputs):
that rebuilds the whole per-score payload, so it is asked for, not done on every run."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from categories.models import RoundKind
from judging import results
from judging.models import ResultSnapshot, Round
from judging.presentation import results_tables


class Command(BaseCommand):
    help = "Print a round's ranking per category (raw and normalised scores, ties, selection)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--season", type=int, required=True, help="The season's year.")
        parser.add_argument("--round", choices=RoundKind.values, required=True, dest="kind")
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Also verify the confirmed snapshot (rebuilds every score: slower).",
        )

    @translation.override("en")  # the report is English; its translated notes must follow
    def handle(self, *args, season: int, kind: str, verify: bool = False, **options) -> None:
        round_ = Round.objects.select_related("season").filter(season__year=season, kind=kind)
        round_ = round_.first()
        if round_ is None:
            raise CommandError(f"No {kind} round in season {season}.")
        payload = results.preview(round_)
        method = "trimmed mean" if round_.trimmed_mean else "mean"
        basis = "normalised" if round_.rank_by_normalised else "raw"
        self.stdout.write(f"{round_.season.name} – {kind} ({round_.state})")
        self.stdout.write(f"Method: {method} of final reviews, ranked by the {basis} score")
        for table in results_tables(payload):
            self._table(table)
        self._snapshot(round_, verify)

    def _table(self, table) -> None:
        rule = ", ".join(
            part
            for part in (
                f"score >= {table.threshold}" if table.threshold else "",
                f"at most {table.quota}" if table.quota else "",
            )
            if part
        )
        self.stdout.write("")
        self.stdout.write(f"Category {table.number}: {table.name} [{rule or 'no rule'}]")
        self.stdout.write(
            f"{'rank':>4}  {'receipt':<16} {'score':>6} {'raw':>6} {'norm':>6} {'median':>6} "
            f"{'n':>2}  {'low–high':<13} sel  tie"
        )
        for row in table.rows:
            flag = " !" if row.disagreement else ""
            tie = f"tied with {', '.join(row.tied_with)}: {row.decided_by}" if row.tied_with else ""
            line = (
                f"{row.rank:>4}  {row.receipt_number:<16} {row.score or '-':>6} "
                f"{row.raw or '-':>6} {row.normalised or '-':>6} {row.median or '-':>6} "
                f"{row.reviews:>2}  {row.spread + flag:<13} {'yes' if row.selected else '   '}  "
                f"{tie}"
            )
            self.stdout.write(line.rstrip())

    def _snapshot(self, round_: Round, verify: bool) -> None:
        # Without its payload unless verifying: parsing that JSON costs more than the ranking.
        snapshot = ResultSnapshot.objects.filter(round=round_)
        snapshot = (snapshot if verify else snapshot.defer("payload")).first()
        self.stdout.write("")
        if snapshot is None:
            self.stdout.write("Not confirmed yet: no snapshot.")
            return
        self.stdout.write(f"Snapshot SHA-256: {snapshot.sha256}")
        if not verify:
            self.stdout.write("Verify: not asked (--verify)")
            return
        check = results.verify(snapshot)
        self.stdout.write(
            "Verify: "
            + ("OK" if check.ok else "MISMATCH")
            + f" (hash {check.hash_matches}, results {check.results_match}, "
            f"database {check.database_matches})"
        )
