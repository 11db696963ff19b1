"""When dossiers' deadline extensions end: once the season's preliminary round opens (its
scheduled opening; at once if organisers opened it earlier). Registered with
`submissions.deadlines.register_extension_cutoff` in `JudgingConfig.ready()`."""

from __future__ import annotations

from datetime import datetime

from categories.models import RoundKind, Season
from judging.models import Round, RoundState


def preliminary_opening(season: Season) -> datetime | None:
    row = (
        Round.objects.filter(season=season, kind=RoundKind.PRELIMINARY)
        .values_list("opens_at", "state")
        .first()
    )
    if row is None:
        return None
    opens_at, state = row
    if state != RoundState.NOT_STARTED:
        # Opened (earlier than planned, perhaps): no extension applies any more.
        return min(opens_at, season.submission_deadline)
    return opens_at
