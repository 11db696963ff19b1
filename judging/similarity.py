"""Near-duplicate dossiers: pure functions on plain records, no ORM. On PostgreSQL the candidate
pairs come from SQL instead (judging.services.integrity.sql_candidate_pairs, the same rule as
`candidate_pairs`); everything else here is shared by both paths.

Why: an honoree must be its own entry. Organisers need, before screening ends, the dossiers of a
season that copy each other or a past season's dossier, with the passages that overlap so that
they can judge for themselves, and the attachments that are byte-for-byte the same file.

How
---
Text is folded (`fold`: no diacritics — Vietnamese đ → d too —, lower case, words only) so that
a copy typed without accents still matches. Each record's title, summary and long fields are cut
into word 3-shingles ("nen tang thanh", "tang thanh toan", …). An inverted index from shingle to
records gives the candidate pairs (those sharing at least `min_shared` shingles that are not in
more than `max_df` records, i.e. not boilerplate), so no season is compared with every other
record in full. For each candidate:
    score   = |A ∩ B| / min(|A|, |B|)   (overlap coefficient: a copy inside a longer text counts)
    jaccard = |A ∩ B| / |A ∪ B|
and a pair is reported when score ≥ `threshold` and |A ∩ B| ≥ `min_shared`. Its passages are
the longest common runs of folded words (difflib.SequenceMatcher on word lists, field by field),
shown in the records' own spelling. Files: equal SHA-256 digests, reported separately.

Which pairs: every record of `season` against the others of the same season (each pair once)
and against the records of earlier seasons; never past against past.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import product

SHINGLE = 3  # words per shingle
THRESHOLD = 0.5
MIN_SHARED = 8  # shingles in common, below which nothing is reported
MIN_PASSAGE_WORDS = 6
PASSAGES = 3
WORD = re.compile(r"[^\W_]+")
_NOT_DECOMPOSED = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})


@dataclass(frozen=True)
class DossierText:
    id: int
    season: int  # the season's year
    fields: Mapping[str, str]  # field name -> text: title, summary and the long fields
    files: Sequence[str] = ()  # SHA-256 hex digests of the attachments


@dataclass(frozen=True)
class Passage:
    field_a: str
    field_b: str
    words: int
    text_a: str  # as written in record a
    text_b: str  # as written in record b


@dataclass(frozen=True)
class TextMatch:
    a: int  # a record of the season examined
    b: int  # the same season (b > a) or an earlier one
    score: float  # overlap coefficient, 3 decimals
    jaccard: float  # 3 decimals
    shared: int  # shingles in common
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class FileMatch:
    a: int
    b: int
    sha256: tuple[str, ...]  # sorted


@dataclass(frozen=True)
class Findings:
    texts: list[TextMatch]  # highest score first
    files: list[FileMatch]  # by (a, b)


@dataclass(frozen=True)
class _Token:
    folded: str
    start: int
    end: int


def fold(text: str) -> str:
    """Lower case, without diacritics (NFKD, combining marks removed, đ → d), words only,
    separated by single spaces: "Công ty Cổ phần Đầu tư" → "cong ty co phan dau tu"."""
    return " ".join(folded_words(text))


def _prepare(text: str) -> str:
    """NFC, so that text typed in decomposed form (a base letter then its marks) holds whole
    words for the word pattern. The callers then map đ → d, one character for one, so the
    spans of the words still point into this text."""
    return unicodedata.normalize("NFC", text or "")


@lru_cache(maxsize=1 << 16)  # a language has few distinct syllables: fold each once
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[_Token]:
    """The words of a text, folded, with where each stands in `_prepare(text)`."""
    translated = _prepare(text).translate(_NOT_DECOMPOSED)
    return [_Token(_fold_word(m.group()), m.start(), m.end()) for m in WORD.finditer(translated)]


def folded_words(text: str) -> list[str]:
    """The folded words of a text, without their positions (the fast path for shingles)."""
    return [_fold_word(w) for w in WORD.findall(_prepare(text).translate(_NOT_DECOMPOSED))]


def shingles(words: Sequence[str], size: int = SHINGLE) -> set[str]:
    if 0 < len(words) < size:
        return {" ".join(words)}
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def record_shingles(record: DossierText) -> set[str]:
    """Shingles of every field, each field on its own (no shingle spans two fields)."""
    out: set[str] = set()
    for text in record.fields.values():
        out |= shingles(folded_words(text))
    return out


def _may_pair(a: DossierText, b: DossierText, season: int) -> bool:
    if a.season != season or a.id == b.id:
        return False
    return (b.season == season and b.id > a.id) or b.season < season


def df_limit(records: Sequence[DossierText], max_df: int | None = None) -> int:
    """Shingles in more records than this are boilerplate: max(20, 1% of the records)."""
    return max_df if max_df is not None else max(20, len(records) // 100)


def candidate_pairs(
    records: Sequence[DossierText],
    sets: Mapping[int, set[str]],
    *,
    season: int,
    min_shared: int = MIN_SHARED,
    max_df: int | None = None,
) -> list[tuple[int, int]]:
    """Pairs (a, b) of indexes into `records` sharing at least `min_shared` shingles that are in
    at most `max_df` records (default: max(20, 1% of the records)), from an inverted index."""
    limit = df_limit(records, max_df)
    wanted: set[str] = set()  # only the season's shingles matter: past is not compared with past
    for record in records:
        if record.season == season:
            wanted |= sets[record.id]
    index: dict[str, list[int]] = defaultdict(list)
    for position, record in enumerate(records):
        if record.season <= season:
            for shingle in sets[record.id] & wanted:
                index[shingle].append(position)
    pairs = []
    for position, record in enumerate(records):
        if record.season != season:
            continue
        counts: Counter[int] = Counter()
        for shingle in sets[record.id]:
            postings = index[shingle]
            if len(postings) <= limit:
                counts.update(postings)
        pairs.extend(
            (position, other)
            for other, count in sorted(counts.items())
            if count >= min_shared and _may_pair(record, records[other], season)
        )
    return pairs


# (records, sets, *, season, min_shared, max_df) -> pairs of indexes, as `candidate_pairs`
PairFinder = Callable[..., list[tuple[int, int]]]


def passages(
    a: DossierText, b: DossierText, *, limit: int = PASSAGES, min_words: int = MIN_PASSAGE_WORDS
) -> tuple[Passage, ...]:
    """The longest common runs of folded words between the fields of a and b, longest first."""
    found: list[Passage] = []
    for (name_a, text_a), (name_b, text_b) in product(a.fields.items(), b.fields.items()):
        text_a, text_b = _prepare(text_a), _prepare(text_b)
        words_a, words_b = tokens(text_a), tokens(text_b)
        matcher = SequenceMatcher(
            None, [t.folded for t in words_a], [t.folded for t in words_b], autojunk=False
        )
        for block in matcher.get_matching_blocks():
            if block.size >= min_words:
                first_a, last_a = words_a[block.a], words_a[block.a + block.size - 1]
                first_b, last_b = words_b[block.b], words_b[block.b + block.size - 1]
                found.append(
                    Passage(
                        field_a=name_a,
                        field_b=name_b,
                        words=block.size,
                        text_a=text_a[first_a.start : last_a.end],
                        text_b=text_b[first_b.start : last_b.end],
                    )
                )
    found.sort(key=lambda p: -p.words)  # stable: fields in the records' order among equals
    return tuple(found[:limit])


def near_duplicates(
    records: Sequence[DossierText],
    *,
    season: int,
    threshold: float = THRESHOLD,
    min_shared: int = MIN_SHARED,
    max_df: int | None = None,
    pairs: PairFinder = candidate_pairs,
) -> list[TextMatch]:
    """Text matches of the season's records (see the module docstring), highest score first.
    `pairs` finds the candidates (in Python by default); each is confirmed here."""
    sets = {r.id: record_shingles(r) for r in records if r.season <= season}
    matches = []
    found = pairs(records, sets, season=season, min_shared=min_shared, max_df=max_df)
    for i, j in found:
        a, b = records[i], records[j]
        shared = len(sets[a.id] & sets[b.id])
        score = shared / min(len(sets[a.id]), len(sets[b.id]))
        if shared < min_shared or score < threshold:
            continue
        jaccard = shared / len(sets[a.id] | sets[b.id])
        matches.append(
            TextMatch(a.id, b.id, round(score, 3), round(jaccard, 3), shared, passages(a, b))
        )
    matches.sort(key=lambda m: (-m.score, -m.shared, m.a, m.b))
    return matches


def identical_files(records: Sequence[DossierText], *, season: int) -> list[FileMatch]:
    """Pairs of records (same rule as the texts) with at least one attachment in common."""
    owners: dict[str, list[DossierText]] = defaultdict(list)
    for record in records:
        if record.season <= season:
            for digest in set(record.files):
                if digest:
                    owners[digest.lower()].append(record)
    common: dict[tuple[int, int], set[str]] = defaultdict(set)
    for digest, holders in owners.items():
        for a, b in product(holders, holders):
            if _may_pair(a, b, season):
                common[a.id, b.id].add(digest)
    return [FileMatch(a, b, tuple(sorted(common[a, b]))) for a, b in sorted(common)]


def find_duplicates(
    records: Sequence[DossierText],
    *,
    season: int,
    threshold: float = THRESHOLD,
    pairs: PairFinder = candidate_pairs,
) -> Findings:
    """Everything organisers review for a season: near-duplicate texts and identical files."""
    return Findings(
        texts=near_duplicates(records, season=season, threshold=threshold, pairs=pairs),
        files=identical_files(records, season=season),
    )
