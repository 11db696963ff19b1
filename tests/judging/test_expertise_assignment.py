"""Assignment by expertise (pure; no database): the guarantees of plan_assignment, the optimum
found by brute force on small cases, determinism, and worked examples."""

import itertools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from judging.assignment import Plan, plan_assignment
from judging.expertise_assignment import Explanation, plan_expertise_assignment

FIELDS = ["e-government", "fintech", "health", "education", "agriculture", "logistics", "other"]


def final_loads(pairs, judges, current, load) -> Counter:
    """Every panel judge's load after the plan, counting what they already carry."""
    counter = Counter(dict.fromkeys(judges, 0))
    if load is not None:
        counter.update({j: load.get(j, 0) for j in judges})
    else:
        counter.update(j for js in current.values() for j in js if j in counter)
    counter.update(j for _d, j in pairs)
    return counter


def matches(pairs, dossiers, judges) -> int:
    return sum(bool(dossiers[d]) and dossiers[d] in judges[j] for d, j in pairs)


@st.composite
def problems(draw, *, max_judges=9, max_dossiers=30, max_k=4):
    k = draw(st.integers(min_value=1, max_value=max_k))
    judge_ids = list(range(100, 100 + draw(st.integers(min_value=1, max_value=max_judges))))
    dossier_ids = list(range(1, 1 + draw(st.integers(min_value=0, max_value=max_dossiers))))
    field_or_none = st.sampled_from([*FIELDS[:3], None])
    dossiers = {d: draw(field_or_none) for d in dossier_ids}
    judges = {j: set(draw(st.lists(st.sampled_from(FIELDS[:3]), max_size=2))) for j in judge_ids}
    pairs = [(d, j) for d in dossier_ids for j in judge_ids]
    chosen = st.lists(st.sampled_from(pairs), max_size=len(pairs)) if pairs else st.just([])
    excluded = set(draw(chosen))
    current = {}
    for d, j in draw(chosen):
        if (d, j) not in excluded and len(current.get(d, ())) < k:
            current.setdefault(d, set()).add(j)
    load = None
    if draw(st.booleans()):  # an existing load of its own (e.g. other rounds' dossiers)
        load = {j: draw(st.integers(min_value=0, max_value=4)) for j in judge_ids}
    seed = draw(st.integers(min_value=0, max_value=2**31 - 1))
    return {
        "dossiers": dossiers,
        "judges": judges,
        "k": k,
        "seed": seed,
        "current": current,
        "excluded": excluded,
        "load": load,
    }


# --- Guarantees kept from plan_assignment -----------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(problems())
def test_every_dossier_gets_k_distinct_allowed_new_judges_or_a_reported_shortfall(problem):
    plan = plan_expertise_assignment(**problem)
    k, current, excluded = problem["k"], problem["current"], problem["excluded"]
    assert not set(plan.pairs) & excluded
    assert plan.pairs == sorted(set(plan.pairs))
    for d in problem["dossiers"]:
        held = set(current.get(d, ()))
        new = [j for dd, j in plan.pairs if dd == d]
        assert not held & set(new)  # only new pairs
        assert set(new) <= set(problem["judges"])
        free = [j for j in problem["judges"] if j not in held and (d, j) not in excluded]
        missing = max(k - len(held), 0)
        assert len(new) == min(missing, len(free))
        assert plan.shortfall.get(d, 0) == missing - min(missing, len(free))
        explained = plan.explanations[d]
        assert explained.judges == tuple(sorted(held | set(new)))
        field = problem["dossiers"][d]
        knowing = [j for j in explained.judges if field and field in problem["judges"][j]]
        assert explained.experts == tuple(knowing)
        assert explained.field == (field or "")
    assert all(v > 0 for v in plan.shortfall.values())


@settings(max_examples=150, deadline=None)
@given(problems())
def test_loads_are_exactly_as_balanced_as_plan_assignment_makes_them(problem):
    """plan_assignment ends when no chain of hand-overs can even the loads out, i.e. at the most
    balanced load profile; ours must reach the same profile (expertise never costs balance)."""
    ours = plan_expertise_assignment(**problem)
    theirs = plan_assignment(
        dossiers=list(problem["dossiers"]),
        judges=list(problem["judges"]),
        **{key: problem[key] for key in ("k", "seed", "current", "excluded", "load")},
    )
    args = (problem["judges"], problem["current"], problem["load"])
    assert sorted(final_loads(ours.pairs, *args).values()) == sorted(
        final_loads(theirs.pairs, *args).values()
    )
    assert ours.shortfall == theirs.shortfall
    assert matches(ours.pairs, problem["dossiers"], problem["judges"]) >= matches(
        theirs.pairs, problem["dossiers"], problem["judges"]
    )


# --- The optimum, by brute force on small cases ----------------------------------------------


def brute_force(problem):
    """Every feasible plan: (Σ load², −matches, max − min) of the best one, and whether any
    feasible plan has loads within one."""
    dossiers, judges, k = problem["dossiers"], problem["judges"], problem["k"]
    current, excluded = problem["current"], problem["excluded"]
    choices = []
    for d in sorted(dossiers):
        held = set(current.get(d, ()))
        free = [j for j in sorted(judges) if j not in held and (d, j) not in excluded]
        size = min(max(k - len(held), 0), len(free))
        choices.append([[(d, j) for j in combo] for combo in itertools.combinations(free, size)])
    best, within_one = None, False
    for plan in itertools.product(*choices):
        pairs = [pair for group in plan for pair in group]
        counts = final_loads(pairs, judges, current, problem["load"]).values()
        spread = max(counts) - min(counts)
        within_one = within_one or spread <= 1
        key = (sum(c * c for c in counts), -matches(pairs, dossiers, judges), spread)
        best = key if best is None else min(best, key)
    return best, within_one


@settings(max_examples=120, deadline=None)
@given(problems(max_judges=4, max_dossiers=4, max_k=2))
def test_the_plan_is_the_brute_force_optimum_on_small_cases(problem):
    plan = plan_expertise_assignment(**problem)
    counts = final_loads(plan.pairs, problem["judges"], problem["current"], problem["load"])
    counts = counts.values()
    found = matches(plan.pairs, problem["dossiers"], problem["judges"])
    ours = (sum(c * c for c in counts), -found)
    best, within_one = brute_force(problem)
    assert ours == best[:2]
    if within_one:
        assert max(counts) - min(counts) <= 1
    assert plan.matches == -ours[1]


def test_brute_force_prefers_balance_then_expertise_on_a_case_where_they_conflict():
    # Four fintech dossiers, one judge knows fintech, k = 1: balance (2 and 2) comes first, so
    # the expert takes exactly two of them.
    problem = {
        "dossiers": dict.fromkeys([1, 2, 3, 4], "fintech"),
        "judges": {10: {"fintech"}, 11: set()},
        "k": 1,
        "seed": 7,
        "current": {},
        "excluded": set(),
        "load": None,
    }
    plan = plan_expertise_assignment(**problem)
    assert Counter(j for _d, j in plan.pairs) == {10: 2, 11: 2}
    assert plan.matches == 2
    assert brute_force(problem)[0] == (2 * 2 + 2 * 2, -2, 0)


# --- Determinism --------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(problems())
def test_the_plan_is_reproducible_from_its_seed_whatever_the_order_of_the_input(problem):
    reordered = dict(problem)
    reordered["dossiers"] = dict(reversed(list(problem["dossiers"].items())))
    reordered["judges"] = dict(reversed(list(problem["judges"].items())))
    reordered["excluded"] = sorted(problem["excluded"], reverse=True)
    assert plan_expertise_assignment(**problem) == plan_expertise_assignment(**reordered)


def test_the_seed_chooses_between_equally_good_plans():
    args = {
        "dossiers": dict.fromkeys(range(1, 7), "health"),
        "judges": {j: {"health"} for j in range(10, 16)},
        "k": 2,
    }
    plans = {tuple(plan_expertise_assignment(**args, seed=s).pairs) for s in range(10)}
    assert len(plans) > 1
    for pairs in plans:
        assert sorted(Counter(j for _d, j in pairs).values()) == [2] * 6


# --- Worked examples --------------------------------------------------------------------------


def test_a_worked_example_gives_exactly_the_expected_pairs_and_explanations():
    # Six pairs over four judges: loads 2, 2, 1, 1. Expert pairs: dossier 1 (fintech) judges 10
    # and 13; dossier 2 (health) judges 11 and 13; dossier 3 (education) judge 12. All five can
    # be used with 13 at load 2; dossier 3's second judge must be a non-expert with load 1 so
    # far, 10 or 11, and 11 is excluded from it. So the one optimum, whatever the seed:
    dossiers = {1: "fintech", 2: "health", 3: "education"}
    judges = {10: {"fintech"}, 11: {"health"}, 12: {"education"}, 13: {"fintech", "health"}}
    for seed in (0, 1, 2024):
        plan = plan_expertise_assignment(
            dossiers=dossiers, judges=judges, k=2, seed=seed, excluded=[(3, 11)]
        )
        assert isinstance(plan, Plan)
        assert plan.pairs == [(1, 10), (1, 13), (2, 11), (2, 13), (3, 10), (3, 12)]
        assert plan.shortfall == {}
        assert plan.matches == 5
        assert plan.explanations == {
            1: Explanation(dossier=1, field="fintech", judges=(10, 13), experts=(10, 13)),
            2: Explanation(dossier=2, field="health", judges=(11, 13), experts=(11, 13)),
            3: Explanation(dossier=3, field="education", judges=(10, 12), experts=(12,)),
        }


def test_topping_up_keeps_current_judges_counts_them_in_the_explanation_and_reports_shortfall():
    # Dossier 1 already has judge 10 (an expert); it needs one more. Dossier 2 can only have
    # judge 12 (10 and 11 excluded): one short. Loads before: 10 carries 3 elsewhere, so the
    # plan avoids them: new loads 11 → 1 (dossier 1), 12 → 1 (dossier 2) give totals 3, 1, 1.
    plan = plan_expertise_assignment(
        dossiers={1: "agriculture", 2: None},
        judges={10: {"agriculture"}, 11: {"agriculture"}, 12: set()},
        k=2,
        seed=3,
        current={1: {10}},
        excluded=[(2, 10), (2, 11)],
        load={10: 3},
    )
    assert plan.pairs == [(1, 11), (2, 12)]
    assert plan.shortfall == {2: 1}
    assert plan.explanations[1] == Explanation(1, "agriculture", (10, 11), (10, 11))
    assert plan.explanations[2] == Explanation(2, "", (12,), ())
    assert plan.matches == 1


def test_nothing_to_do_gives_an_empty_plan():
    plan = plan_expertise_assignment(
        dossiers={1: "fintech"}, judges={10: {"fintech"}}, k=1, seed=0, current={1: [10]}
    )
    assert plan.pairs == []
    assert plan.shortfall == {}
    assert plan.explanations == {1: Explanation(1, "fintech", (10,), (10,))}
    empty = plan_expertise_assignment(dossiers={}, judges={}, k=3, seed=0)
    assert (empty.pairs, empty.shortfall, empty.explanations) == ([], {}, {})
