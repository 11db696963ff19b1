"""Balanced assignment of judges to dossiers: pure functions, no ORM.

The plan gives every dossier `k` distinct judges of its panel, never one in `excluded` (conflicts
of interest, declined or moved assignments), and spreads the load so that no judge has more than
one dossier above another whenever the exclusions allow it.

How: a greedy pass gives each dossier (in a seeded random order) its least-loaded eligible judges;
then, while some judge A carries at least two more than a judge B and a chain of swaps
A → dossier → C → dossier → … → B exists (each judge in the chain hands one new dossier to the
next, who may take it), the chain is applied. A flow with convex load costs is optimal when no
such chain is left, so the result is as balanced as the exclusions permit (max − min ≤ 1 when any
such assignment exists). Only new pairs move; existing assignments stay where they are.
"""

from __future__ import annotations

import hashlib
import random
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Pair = tuple[int, int]  # (dossier, judge)


@dataclass(frozen=True)
class Plan:
    pairs: list[Pair]  # new (dossier, judge) pairs, sorted
    shortfall: dict[int, int] = field(default_factory=dict)  # dossier -> judges still missing


def queue_key(seed: int, judge: int, dossier: int) -> int:
    """A judge's own reading order: a hash of (round seed, judge, dossier), 60 bits."""
    digest = hashlib.sha256(f"{seed}:{judge}:{dossier}".encode()).hexdigest()
    return int(digest[:15], 16)


def plan_assignment(
    *,
    dossiers: Sequence[int],
    judges: Sequence[int],
    k: int,
    seed: int,
    current: Mapping[int, Iterable[int]] | None = None,
    excluded: Iterable[Pair] = (),
    load: Mapping[int, int] | None = None,
) -> Plan:
    """Top every dossier up to `k` active judges.

    current: dossier -> judges already actively assigned to it (they count towards k).
    excluded: (dossier, judge) pairs that must not be used.
    load: every judge's active assignments in the round and panel so far (defaults to the
    count in `current`); new pairs are balanced on top of it.
    """
    rng = random.Random(seed)
    panel = sorted(set(judges))
    held: dict[int, set[int]] = {d: set((current or {}).get(d, ())) for d in dossiers}
    banned = set(excluded)
    loads = _initial_loads(panel, current or {}, load)
    new: dict[int, set[int]] = {j: set() for j in panel}  # judge -> new dossiers (movable)
    shortfall: dict[int, int] = {}

    order = sorted(set(dossiers))
    rng.shuffle(order)
    tiebreak = {j: rng.random() for j in panel}
    for dossier in order:
        need = k - len(held[dossier])
        candidates = [j for j in panel if _may_take(j, dossier, held, banned)]
        candidates.sort(key=lambda j: (loads[j], tiebreak[j]))
        for judge in candidates[: max(need, 0)]:
            held[dossier].add(judge)
            new[judge].add(dossier)
            loads[judge] += 1
        if need > len(candidates):
            shortfall[dossier] = need - len(candidates)

    _rebalance(panel, held, new, banned, loads)
    pairs = sorted((d, j) for j, ds in new.items() for d in ds)
    return Plan(pairs=pairs, shortfall=dict(sorted(shortfall.items())))


def _initial_loads(
    panel: list[int], current: Mapping[int, Iterable[int]], load: Mapping[int, int] | None
) -> dict[int, int]:
    if load is not None:
        return {j: load.get(j, 0) for j in panel}
    loads = dict.fromkeys(panel, 0)
    for judges in current.values():
        for j in judges:
            if j in loads:
                loads[j] += 1
    return loads


def _may_take(judge: int, dossier: int, held: dict[int, set[int]], banned: set[Pair]) -> bool:
    return judge not in held[dossier] and (dossier, judge) not in banned


def _rebalance(
    panel: list[int],
    held: dict[int, set[int]],
    new: dict[int, set[int]],
    banned: set[Pair],
    loads: dict[int, int],
) -> None:
    improved = True
    while improved:
        improved = False
        for source in sorted(panel, key=lambda j: (-loads[j], j)):
            path = _find_chain(source, panel, held, new, banned, loads)
            if path:
                _apply_chain(path, held, new, loads)
                improved = True
                break


def _find_chain(source, panel, held, new, banned, loads) -> list[tuple[int, int, int]] | None:
    """Breadth-first search for a chain of hand-overs from `source` to a judge with at least
    two fewer dossiers. Returns [(giver, dossier, taker), ...] or None."""
    came_from: dict[int, tuple[int, int] | None] = {source: None}
    queue = deque([source])
    while queue:
        giver = queue.popleft()
        for dossier in sorted(new[giver]):
            for taker in panel:
                if taker in came_from or not _may_take(taker, dossier, held, banned):
                    continue
                came_from[taker] = (giver, dossier)
                if loads[taker] <= loads[source] - 2:
                    return _unwind(came_from, taker)
                queue.append(taker)
    return None


def _unwind(came_from: dict[int, tuple[int, int] | None], end: int) -> list[tuple[int, int, int]]:
    path = []
    taker = end
    while (step := came_from[taker]) is not None:
        giver, dossier = step
        path.append((giver, dossier, taker))
        taker = giver
    return list(reversed(path))


def _apply_chain(path, held, new, loads) -> None:
    for giver, dossier, taker in path:
        held[dossier].discard(giver)
        held[dossier].add(taker)
        new[giver].discard(dossier)
        new[taker].add(dossier)
    loads[path[0][0]] -= 1
    loads[path[-1][2]] += 1
