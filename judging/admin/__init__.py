"""The admin of judging: organisers' screening of dossiers (screening), their judging set-up
and results (rounds, assignments, results), and the judges' own queue and scoring page (judges).
What they share is in base."""

from judging.admin import (  # noqa: F401
    assignments,
    expertise,
    judges,
    results,
    rounds,
    screening,
    seasons,
)
