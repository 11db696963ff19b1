"""The public honoree gallery: what anyone may read of a published season's honorees. The one
place that decides what is public: an honoree appears by name only with the dossier's consent
to publication (`Dossier.consent_publish`); without it, the category lists "one honoree who
asked not to be named" or nothing, per the season's setting (`SeasonAwardSettings`).

Each season's gallery is built once from its confirmed final snapshot and cached (the key
names the snapshot, its publication and the setting), so that a page costs the same few
queries whatever the number of honorees. Search folds diacritics in Python over the cached
rows ("da nang" finds "Đà Nẵng"), the same on PostgreSQL and SQLite."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache

from categories.models import RoundKind, Season
from judging.models import ResultSnapshot
from judging.similarity import fold
from organisers.exports.honorees import honorees
from organisers.models import AnonymousHonorees, SeasonAwardSettings
from submissions.models import Dossier, DossierStatus

SUMMARY_WORDS = 40
CACHE_SECONDS = 600
# How long a page trusts what it last read of the publications (no query at all meanwhile):
# a publication, a withdrawal or a new setting shows within this many seconds.
FRESH_SECONDS = 60


@dataclass(frozen=True)
class PublicHonoree:
    year: int
    receipt_number: str
    category_number: int
    category_name_vi: str
    category_name_en: str
    rank: int
    name: str
    title: str
    province: str
    summary: str
    folded: str  # name, title, province and summary without diacritics, for search

    @property
    def slug(self) -> str:
        return self.receipt_number.lower()


@dataclass
class CategoryGroup:
    number: int
    name_vi: str
    name_en: str
    honorees: list[PublicHonoree] = field(default_factory=list)
    anonymous: int = 0  # honorees who did not consent, when the season lists them


@dataclass
class SeasonGallery:
    year: int
    name: str
    ceremony_date: object
    categories: list[CategoryGroup]
    version: str = ""  # changes whenever what the pages show may change (for ETags)

    @property
    def honorees(self) -> list[PublicHonoree]:
        return [h for group in self.categories for h in group.honorees]

    def find(self, slug: str) -> PublicHonoree | None:
        return next((h for h in self.honorees if h.slug == slug.lower()), None)


def short_summary(text: str, words: int = SUMMARY_WORDS) -> str:
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


def _published_snapshots():
    return (
        ResultSnapshot.objects.filter(round__kind=RoundKind.FINAL, published_at__isnull=False)
        .select_related("round__season__award_settings")
        .defer("payload")  # large (every score): read only when a gallery is built
        .order_by("-round__season__year")
    )


def published_seasons() -> list[Season]:
    """Seasons whose final results are published, newest first (one query, then none for
    FRESH_SECONDS); each carries `gallery_version`, which changes with its publication."""
    seasons = cache.get("gallery-seasons")
    if seasons is None:
        seasons = _published_seasons()
        cache.set("gallery-seasons", seasons, FRESH_SECONDS)
    return seasons


def _published_seasons() -> list[Season]:
    seasons = []
    for snapshot in _published_snapshots():
        season = snapshot.round.season
        season.gallery_version = f"{snapshot.sha256[:16]}:{snapshot.published_at.timestamp()}"
        seasons.append(season)
    return seasons


def _anonymous_mode(season: Season) -> str:
    try:
        return season.award_settings.anonymous_honorees
    except SeasonAwardSettings.DoesNotExist:
        return AnonymousHonorees.PLACEHOLDER


def season_gallery(year: int) -> SeasonGallery | None:
    """The published season's gallery (None when the season is not published): no query
    while fresh, then one, and a few more the first time a version is built."""
    fresh = cache.get(f"gallery-fresh:{year}")
    if fresh is not None:
        return fresh or None  # False: not published, remembered as briefly
    gallery = _season_gallery(year)
    cache.set(f"gallery-fresh:{year}", gallery or False, FRESH_SECONDS)
    return gallery


def _season_gallery(year: int) -> SeasonGallery | None:
    snapshot = _published_snapshots().filter(round__season__year=year).first()
    if snapshot is None:
        return None
    season = snapshot.round.season
    mode = _anonymous_mode(season)
    key = f"gallery:{year}:{snapshot.sha256[:16]}:{snapshot.published_at.timestamp()}:{mode}"
    gallery = cache.get(key)
    if gallery is None:
        gallery = _build(snapshot, season, mode)
        gallery.version = key
        cache.set(key, gallery, CACHE_SECONDS)
    return gallery


def _build(snapshot: ResultSnapshot, season: Season, mode: str) -> SeasonGallery:
    rows = honorees(snapshot)
    public = {
        d["id"]: d
        for d in Dossier.objects.filter(pk__in=[h.dossier_id for h in rows]).values(
            "id", "consent_publish", "summary", "published_status"
        )
    }
    groups: dict[int, CategoryGroup] = {}
    for h in rows:
        dossier = public.get(h.dossier_id)
        if dossier is None or dossier["published_status"] != DossierStatus.HONOREE:
            continue  # not (or no longer) published to its applicant: not public either
        group = groups.setdefault(
            h.category_number,
            CategoryGroup(h.category_number, h.category_name_vi, h.category_name_en),
        )
        if not dossier["consent_publish"]:
            group.anonymous += mode == AnonymousHonorees.PLACEHOLDER
            continue
        summary = short_summary(dossier["summary"])
        group.honorees.append(
            PublicHonoree(
                year=season.year,
                receipt_number=h.receipt_number,
                category_number=h.category_number,
                category_name_vi=h.category_name_vi,
                category_name_en=h.category_name_en,
                rank=h.rank,
                name=h.name,
                title=h.title,
                province=h.province,
                summary=summary,
                folded=fold(" ".join((h.name, h.title, h.province, summary))),
            )
        )
    categories = [g for _n, g in sorted(groups.items()) if g.honorees or g.anonymous]
    return SeasonGallery(season.year, season.name, season.ceremony_date, categories)


def consenting(dossier_ids: list[int]) -> set[int]:
    """The dossiers whose applicant consented to publication (the press kit names only them)."""
    return set(
        Dossier.objects.filter(pk__in=dossier_ids, consent_publish=True).values_list(
            "pk", flat=True
        )
    )


def search(query: str, years: list[int]) -> list[PublicHonoree]:
    """Honorees of the given published seasons whose text holds every word of the query,
    with or without diacritics."""
    words = fold(query).split()
    if not words:
        return []
    found = []
    for year in years:
        gallery = season_gallery(year)
        if gallery is None:
            continue
        found += [h for h in gallery.honorees if all(w in h.folded for w in words)]
    return found
