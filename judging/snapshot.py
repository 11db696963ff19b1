"""Results snapshots as data: canonical JSON, its SHA-256, and the results recomputed from the
inputs it stores. Pure: no ORM, so `verify` depends on nothing but the snapshot itself."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from judging.aggregation import (
    METHOD_TEXT,
    Entry,
    Ranked,
    ReviewTotal,
    aggregate,
    rank,
    review_total,
    select,
)

FORMAT = 1


def canonical_json(payload: dict) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same payload always gives the same bytes."""
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def digest(payload: dict) -> str:
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def recompute_totals(inputs: dict) -> dict[tuple[int, int], Decimal]:
    """Every review's total from its stored scores and the stored weights."""
    criteria = {
        c["id"]: (c["weight"], Decimal(c["max_score"]))
        for category in inputs["categories"]
        for c in category["criteria"]
    }
    totals = {}
    for review in inputs["reviews"]:
        triples = [
            (criteria[cid][0], Decimal(value), criteria[cid][1]) for cid, value in review["scores"]
        ]
        totals[review["judge"], review["dossier"]] = review_total(triples)
    return totals


def evaluate(inputs: dict) -> list[dict]:
    """The results of every category, recomputed from the inputs part of a snapshot."""
    totals = recompute_totals(inputs)
    reviews = [ReviewTotal(judge, dossier, total) for (judge, dossier), total in totals.items()]
    return ranking(inputs, reviews)


def ranking(inputs: dict, reviews: list[ReviewTotal]) -> list[dict]:
    """The results of every category from the review totals (the preview's entry point)."""
    method = inputs["round"]
    aggregates = aggregate(reviews, trim=method["trimmed_mean"])
    results = []
    for category in inputs["categories"]:
        entries = [
            Entry(d["id"], d["receipt_number"], d["first_submitted_at"])
            for d in category["dossiers"]
        ]
        ranked = rank(entries, aggregates, by_normalised=method["rank_by_normalised"])
        chosen = select(ranked, threshold=_dec(category["threshold"]), quota=category["quota"])
        results.append({"category": category["id"], "ranking": [_row(r) for r in chosen]})
    return results


def _row(item: Ranked) -> dict:
    agg = item.aggregate
    return {
        "dossier": item.entry.dossier,
        "receipt_number": item.entry.receipt_number,
        "rank": item.rank,
        "score": _str(item.score),
        "raw": _str(agg.raw),
        "normalised": _str(agg.normalised),
        "median": _str(agg.median),
        "reviews": agg.reviews,
        "lowest": _str(agg.lowest),
        "highest": _str(agg.highest),
        "disagreement": agg.disagreement,
        "tied_with": list(item.tied_with),
        "decided_by": item.decided_by,
        "selected": item.selected,
    }


def with_results(inputs: dict) -> dict:
    """The complete snapshot: inputs, the method in words, and the results."""
    payload = {**inputs, "format": FORMAT, "method": METHOD_TEXT}
    payload["results"] = evaluate(inputs)
    return payload


def inputs_of(payload: dict) -> dict:
    return {k: v for k, v in payload.items() if k not in ("results", "method", "format")}
