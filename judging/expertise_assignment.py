"""Assignment of judges to dossiers by expertise: pure functions, no ORM.

Why a solver rather than a greedy pass: the portal must be able to defend every assignment. The
plan keeps the guarantees of `judging.assignment.plan_assignment` (every dossier gets `k`
distinct judges of its panel, never an excluded pair, loads as balanced as the exclusions allow,
only new pairs created) and, among all plans with those guarantees, it has the most (dossier,
judge) pairs where the judge declared the dossier's field. A greedy pass cannot promise that; a
minimum-cost flow can, and networkx's network simplex solves it exactly with integer costs.

The flow network
----------------
source → dossier (capacity: judges it still needs) → judge (capacity 1, if the pair is allowed)
→ sink through parallel unit arcs, the l-th new dossier of judge j costing B·(load_j + l).
The judge arcs' costs increase, so the flow pays Σ_j B·(1 + 2 + … ) — a convex cost of each
judge's final load — and a minimum-cost flow has the most balanced loads possible (it minimises
Σ load², whose minimisers all have max − min ≤ 1 whenever such a plan exists). The arc dossier →
judge costs U when the judge does not know the field (0 when they do) plus a seeded tie-break t
in [0, R). The scales are lexicographic: Σ t < U and Σ mismatch costs < B, so balance comes
first, then expertise, and the seed only chooses between otherwise equal plans.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from judging.assignment import Pair, Plan

TIE_RANGE = 1 << 20  # R: seeded tie-breaks are integers in [0, R)
SOURCE = "source"
SINK = "sink"


@dataclass(frozen=True)
class Explanation:
    """Who judges a dossier after the plan and which of them know its field.

    Renders as "2 of 3 judges know fintech": len(experts) of len(judges) judges know `field`.
    """

    dossier: int
    field: str  # "" when the dossier has no field
    judges: tuple[int, ...]  # current and new judges, sorted
    experts: tuple[int, ...]  # those of `judges` who declared `field`, sorted


@dataclass(frozen=True)
class ExpertisePlan(Plan):
    """A `Plan` (new pairs, shortfall) with an explanation for every dossier, so callers of
    plan_assignment can take it unchanged."""

    explanations: dict[int, Explanation] = field(default_factory=dict)

    @property
    def matches(self) -> int:
        """How many new pairs put a judge on a dossier of their field."""
        new = set(self.pairs)
        return sum((e.dossier, j) in new for e in self.explanations.values() for j in e.experts)


def tie_break(seed: int, dossier: int, judge: int) -> int:
    """The seeded preference of a pair, used only between otherwise equal plans: a hash, so it
    does not depend on the order in which the caller lists dossiers or judges."""
    digest = hashlib.sha256(f"expertise:{seed}:{dossier}:{judge}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % TIE_RANGE


def plan_expertise_assignment(
    *,
    dossiers: Mapping[int, str | None],
    judges: Mapping[int, Collection[str]],
    k: int,
    seed: int,
    current: Mapping[int, Iterable[int]] | None = None,
    excluded: Iterable[Pair] = (),
    load: Mapping[int, int] | None = None,
) -> ExpertisePlan:
    """Top every dossier up to `k` judges, balancing loads first and expertise second.

    dossiers: dossier -> its field (None or "" when it has none).
    judges: the panel's judges -> the fields each declared.
    current: dossier -> judges already actively assigned (they count towards k and stay).
    excluded: (dossier, judge) pairs that must not be used (conflicts, declined, moved).
    load: every judge's active assignments in the round and panel so far (defaults to the count
    in `current`); new pairs are balanced on top of it.
    """
    panel = sorted(judges)
    held = {d: set((current or {}).get(d, ())) for d in dossiers}
    banned = set(excluded)
    loads = _initial_loads(panel, current or {}, load)
    allowed: dict[int, list[int]] = {}
    need: dict[int, int] = {}
    shortfall: dict[int, int] = {}
    for dossier in sorted(dossiers):
        missing = max(k - len(held[dossier]), 0)
        free = [j for j in panel if j not in held[dossier] and (dossier, j) not in banned]
        need[dossier] = min(missing, len(free))
        allowed[dossier] = free
        if missing > len(free):
            shortfall[dossier] = missing - len(free)
    knows = {j: set(fields) for j, fields in judges.items()}
    pairs = _solve(dossiers, knows, allowed, need, loads, seed)
    for d, j in pairs:
        held[d].add(j)
    explanations = {d: _explain(d, dossiers[d] or "", held[d], knows) for d in sorted(dossiers)}
    return ExpertisePlan(pairs=pairs, shortfall=shortfall, explanations=explanations)


def _initial_loads(
    panel: list[int], current: Mapping[int, Iterable[int]], load: Mapping[int, int] | None
) -> dict[int, int]:
    if load is not None:
        return {j: load.get(j, 0) for j in panel}
    loads = dict.fromkeys(panel, 0)
    for assigned in current.values():
        for j in assigned:
            if j in loads:
                loads[j] += 1
    return loads


def _expert(field_name: str | None, judge: int, knows: Mapping[int, set[str]]) -> bool:
    return bool(field_name) and field_name in knows.get(judge, set())


def _solve(
    dossiers: Mapping[int, str | None],
    knows: Mapping[int, set[str]],
    allowed: Mapping[int, list[int]],
    need: Mapping[int, int],
    loads: Mapping[int, int],
    seed: int,
) -> list[Pair]:
    """The minimum-cost flow described in the module docstring; returns the new pairs, sorted."""
    total = sum(need.values())
    if total == 0:
        return []
    mismatch = total * TIE_RANGE + 1  # U: more than all tie-breaks together
    balance = (total + 1) * mismatch  # B: more than all mismatches together
    graph = nx.MultiDiGraph()
    graph.add_node(SOURCE, demand=-total)
    graph.add_node(SINK, demand=total)
    capacity: dict[int, int] = {}
    for dossier in sorted(need):
        if not need[dossier]:
            continue
        graph.add_edge(SOURCE, ("d", dossier), capacity=need[dossier], weight=0)
        for judge in allowed[dossier]:
            cost = tie_break(seed, dossier, judge)
            if not _expert(dossiers[dossier], judge, knows):
                cost += mismatch
            graph.add_edge(("d", dossier), ("j", judge), capacity=1, weight=cost)
            capacity[judge] = capacity.get(judge, 0) + 1
    for judge in sorted(capacity):
        for level in range(1, capacity[judge] + 1):
            weight = balance * (loads[judge] + level)
            graph.add_edge(("j", judge), SINK, key=level, capacity=1, weight=weight)
    _cost, flow = nx.network_simplex(graph)
    return sorted(
        (node[1], judge_node[1])
        for node, targets in flow.items()
        if isinstance(node, tuple) and node[0] == "d"
        for judge_node, keyed in targets.items()
        if sum(keyed.values())
    )


def _explain(
    dossier: int, field_name: str, assigned: set[int], knows: Mapping[int, set[str]]
) -> Explanation:
    ordered = tuple(sorted(assigned))
    experts = tuple(j for j in ordered if _expert(field_name, j, knows))
    return Explanation(dossier=dossier, field=field_name, judges=ordered, experts=experts)
