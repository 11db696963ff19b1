"""Properties of the automatic assignment (pure; no database)."""

from collections import Counter, deque

from hypothesis import given, settings
from hypothesis import strategies as st

from judging.assignment import plan_assignment, queue_key


def loads(pairs, judges) -> Counter:
    counter = Counter(dict.fromkeys(judges, 0))
    counter.update(j for _d, j in pairs)
    return counter


def by_dossier(pairs) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for d, j in pairs:
        out.setdefault(d, []).append(j)
    return out


# --- An independent check: does an assignment with loads in {L, L+1} exist at all? ---------


def _max_flow(graph: dict, source, sink) -> int:
    flow = 0
    while True:
        parent = {source: None}
        queue = deque([source])
        while queue and sink not in parent:
            node = queue.popleft()
            for nxt, cap in graph[node].items():
                if cap > 0 and nxt not in parent:
                    parent[nxt] = node
                    queue.append(nxt)
        if sink not in parent:
            return flow
        path, node = [], sink
        while parent[node] is not None:
            path.append((parent[node], node))
            node = parent[node]
        push = min(graph[u][v] for u, v in path)
        for u, v in path:
            graph[u][v] -= push
            graph[v].setdefault(u, 0)
            graph[v][u] += push
        flow += push


def balanced_assignment_exists(dossiers, judges, k, excluded) -> bool:
    """Max flow with lower bounds: each dossier k judges, each judge L or L+1 dossiers."""
    total = len(dossiers) * k
    low = total // len(judges)
    high = low + (1 if total % len(judges) else 0)
    graph: dict = {}

    def edge(u, v, cap):
        graph.setdefault(u, {}).setdefault(v, 0)
        graph[u][v] += cap
        graph.setdefault(v, {}).setdefault(u, 0)

    for d in dossiers:
        edge("SS", ("d", d), k)  # the dossier's demand of exactly k (lower bound = upper)
        edge("S", "TT", k)
        for j in judges:
            if (d, j) not in excluded:
                edge(("d", d), ("j", j), 1)
    for j in judges:
        edge(("j", j), "T", high - low)
        edge(("j", j), "TT", low)  # each judge's lower bound
        edge("SS", "T", low)
    edge("T", "S", 10**9)
    need = len(dossiers) * k + len(judges) * low
    return _max_flow(graph, "SS", "TT") == need


# --- Properties ----------------------------------------------------------------------------

problems = st.integers(min_value=1, max_value=4).flatmap(
    lambda k: st.tuples(
        st.just(k),
        st.integers(min_value=k, max_value=9),  # judges on the panel
        st.integers(min_value=0, max_value=30),  # dossiers
        st.integers(min_value=0, max_value=2**31 - 1),  # seed
    )
)


@settings(max_examples=150, deadline=None)
@given(problems)
def test_without_conflicts_every_dossier_gets_k_distinct_judges_and_loads_differ_by_at_most_one(
    problem,
):
    k, judge_count, dossier_count, seed = problem
    judges = list(range(100, 100 + judge_count))
    dossiers = list(range(1, dossier_count + 1))
    plan = plan_assignment(dossiers=dossiers, judges=judges, k=k, seed=seed)
    assigned = by_dossier(plan.pairs)
    assert plan.shortfall == {}
    assert all(len(assigned[d]) == k == len(set(assigned[d])) for d in dossiers)
    counts = loads(plan.pairs, judges)
    assert max(counts.values()) - min(counts.values()) <= 1


@st.composite
def conflicted_problems(draw):
    k, judge_count, dossier_count, seed = draw(problems)
    judges = list(range(100, 100 + judge_count))
    dossiers = list(range(1, dossier_count + 1))
    pairs = [(d, j) for d in dossiers for j in judges]
    excluded = set(draw(st.lists(st.sampled_from(pairs), max_size=len(pairs)))) if pairs else set()
    return k, judges, dossiers, seed, excluded


@settings(max_examples=200, deadline=None)
@given(conflicted_problems())
def test_conflicted_judges_are_never_assigned_and_loads_are_balanced_whenever_possible(problem):
    k, judges, dossiers, seed, excluded = problem
    plan = plan_assignment(dossiers=dossiers, judges=judges, k=k, seed=seed, excluded=excluded)
    assert not set(plan.pairs) & excluded
    assigned = by_dossier(plan.pairs)
    for d in dossiers:
        free = sum((d, j) not in excluded for j in judges)
        got = assigned.get(d, [])
        assert len(got) == len(set(got)) == min(k, free)
        assert plan.shortfall.get(d, 0) == k - min(k, free)
    if not plan.shortfall and balanced_assignment_exists(dossiers, judges, k, excluded):
        counts = loads(plan.pairs, judges)
        assert max(counts.values()) - min(counts.values()) <= 1


@settings(max_examples=50, deadline=None)
@given(problems)
def test_the_plan_is_reproducible_from_its_seed(problem):
    k, judge_count, dossier_count, seed = problem
    args = {
        "dossiers": list(range(dossier_count)),
        "judges": list(range(judge_count)),
        "k": k,
        "seed": seed,
    }
    assert plan_assignment(**args) == plan_assignment(**args)


def test_topping_up_keeps_existing_judges_and_balances_on_top_of_their_load():
    current = {1: {10, 11, 12}, 2: {10}}
    plan = plan_assignment(
        dossiers=[1, 2, 3], judges=[10, 11, 12, 13], k=3, seed=1, current=current
    )
    assigned = by_dossier(plan.pairs)
    assert 1 not in assigned  # already complete
    assert len(assigned[2]) == 2
    assert 10 not in assigned[2]
    assert len(assigned[3]) == 3
    total = loads([(d, j) for d, js in current.items() for j in js] + plan.pairs, [10, 11, 12, 13])
    assert sorted(total.values()) == [2, 2, 2, 3]


def test_each_judge_reads_in_an_order_of_their_own():
    dossiers = list(range(1, 21))
    order_a = sorted(dossiers, key=lambda d: queue_key(42, 1, d))
    order_b = sorted(dossiers, key=lambda d: queue_key(42, 2, d))
    assert order_a != order_b
    assert order_a == sorted(dossiers, key=lambda d: queue_key(42, 1, d))  # reproducible
    assert order_a != sorted(dossiers, key=lambda d: queue_key(43, 1, d))  # the seed matters
    assert 0 <= queue_key(42, 1, 1) < 2**60
