"""The exact return of Jacks or Better under optimal holds: every deal, every hold.

Uses numpy; never imported on the round-playing path. Method:

1. Rank all C(52, 5) = 2,598,960 hands into the ten categories.
2. Subset histogram: for every set ``T`` of at most four cards, count the
   five-card hands that contain ``T``, per category (31 ``bincount`` passes).
3. For a deal ``D`` and hold ``H``, the final hands are those that contain ``H``
   and no other card of ``D``; by inclusion–exclusion their counts are
   ``sum over H <= T <= D of (-1)^|T - H| hist[T]`` (with ``hist[D]`` the deal's
   own category). A Möbius transform over the 5-bit subset lattice gives all
   32 holds of many deals at once.
4. Deals are grouped by suit permutation (24 relabellings): 134,459 classes,
   each counted with its multiplicity; EV and its tie-break are suit-invariant.
5. Each deal takes its optimal hold (highest EV, then lowest second moment —
   see :mod:`games.cards.video_poker.advisor`) and adds that hold's counts,
   scaled to the common denominator 7,669,695, to the hand table.
"""

from __future__ import annotations

import itertools
import time
from fractions import Fraction
from math import comb
from typing import Any

import numpy as np
import numpy.typing as npt

from games.canonical import fraction_text
from games.cards.video_poker.advisor import DRAW_DENOMINATOR, HOLD_WEIGHTS
from games.cards.video_poker.hands import CATEGORIES, HIGH_RANKS, Paytable

__all__ = ["SAMPLE_EVERY", "all_hands", "categorize", "compute_hand_table", "subset_histogram"]

IntArray = npt.NDArray[np.int64]
#: One suit class in this many is recorded, with its optimal hold, as a spot-check sample.
SAMPLE_EVERY = 4_999
_SUBSET_SIZES = tuple(sum(comb(52, j) for j in range(t)) for t in range(6))  # offsets by size
_HIST_SIZE = _SUBSET_SIZES[5]  # sets of 0..4 cards
_BINOM = np.array([[comb(n, k) for k in range(6)] for n in range(52)], dtype=np.int64)
_MASKS = np.arange(32)
_POPCOUNT = np.array([bin(m).count("1") for m in range(32)])


def all_hands() -> IntArray:
    """Every five-card hand as ascending card codes, shape (2,598,960, 5)."""
    flat = np.fromiter(
        itertools.chain.from_iterable(itertools.combinations(range(52), 5)),
        dtype=np.int64,
        count=comb(52, 5) * 5,
    )
    return flat.reshape(-1, 5)


def categorize(hands: IntArray) -> IntArray:
    """Category numbers (see ``CATEGORIES``) of many hands, vectorised."""
    ranks = np.sort(hands >> 2, axis=1)
    suits = hands & 3
    flush = (suits == suits[:, :1]).all(axis=1)
    eq = ranks[:, 1:] == ranks[:, :-1]
    ties = eq.sum(axis=1)
    three = (eq[:, 0] & eq[:, 1]) | (eq[:, 1] & eq[:, 2]) | (eq[:, 2] & eq[:, 3])
    four = (eq[:, 0] & eq[:, 1] & eq[:, 2]) | (eq[:, 1] & eq[:, 2] & eq[:, 3])
    broadway = (ranks == np.array([0, 9, 10, 11, 12])).all(axis=1)
    straight = (ties == 0) & ((ranks[:, 4] - ranks[:, 0] == 4) | broadway)
    pair_rank = (ranks[:, 1:] * eq).sum(axis=1)
    high = np.isin(pair_rank, sorted(HIGH_RANKS))
    cat = np.full(len(hands), 9, dtype=np.int64)
    conditions = [
        straight & flush & broadway,
        straight & flush,
        four,
        three & (ties == 3),
        flush,
        straight,
        three,
        ties == 2,
        (ties == 1) & high,
    ]
    for number, condition in reversed(list(enumerate(conditions))):
        cat[condition] = number
    return cat


def _subset_index(hands: IntArray, mask: int) -> IntArray:
    """Index of the sub-hand ``mask`` selects (colex rank, offset by its size)."""
    cols = [i for i in range(5) if mask >> i & 1]
    index = np.full(len(hands), _SUBSET_SIZES[len(cols)], dtype=np.int64)
    for j, col in enumerate(cols):
        index += _BINOM[hands[:, col], j + 1]
    return index


def subset_histogram(hands: IntArray, cats: IntArray) -> IntArray:
    """hist[T, c]: hands containing the card set T (|T| <= 4) with category c."""
    hist = np.zeros(_HIST_SIZE * 10, dtype=np.int64)
    for mask in range(31):
        hist += np.bincount(_subset_index(hands, mask) * 10 + cats, minlength=_HIST_SIZE * 10)
    return hist.reshape(_HIST_SIZE, 10)


def _suit_classes(hands: IntArray) -> tuple[IntArray, IntArray]:
    """Representative row and multiplicity of each class of hands under suit relabelling."""
    ranks, suits = hands >> 2, hands & 3
    canon = None
    for perm in itertools.permutations(range(4)):
        relabelled = np.sort(ranks << 2 | np.array(perm)[suits], axis=1)
        key = sum(_BINOM[relabelled[:, j], j + 1] for j in range(5))
        canon = key if canon is None else np.minimum(canon, key)
    assert canon is not None
    _, first, multiplicity = np.unique(canon, return_index=True, return_counts=True)
    return first.astype(np.int64), multiplicity.astype(np.int64)


def _hold_counts(deals: IntArray, deal_cats: IntArray, hist: IntArray) -> IntArray:
    """counts[i, mask, c] for many deals at once (inclusion–exclusion, Möbius)."""
    g = np.empty((len(deals), 32, 10), dtype=np.int64)
    for mask in range(31):
        g[:, mask, :] = hist[_subset_index(deals, mask)]
    g[:, 31, :] = np.eye(10, dtype=np.int64)[deal_cats]
    cube = g.reshape((len(deals), 2, 2, 2, 2, 2, 10))
    for axis in range(1, 6):
        low: list[int | slice] = [slice(None)] * 7
        high: list[int | slice] = [slice(None)] * 7
        low[axis], high[axis] = 0, 1
        cube[tuple(low)] -= cube[tuple(high)]
    return g


def compute_hand_table(paytable: Paytable, chunk: int = 8192, log: Any = None) -> dict[str, Any]:
    """The full computation: the hand table of optimal play, exact, as JSON-able data."""
    started = time.perf_counter()

    def note(text: str) -> None:
        if log is not None:
            log(f"[{time.perf_counter() - started:7.1f}s] {text}")

    hands = all_hands()
    cats = categorize(hands)
    note("hands ranked")
    hist = subset_histogram(hands, cats)
    note("subset histogram built")
    rows, multiplicity = _suit_classes(hands)
    note(f"{len(rows)} suit classes")
    pays = np.array(paytable.pays, dtype=np.int64)
    weights = np.array(HOLD_WEIGHTS, dtype=np.int64)[_POPCOUNT]  # per mask
    draws = np.array([comb(47, 5 - h) for h in range(6)], dtype=np.int64)[_POPCOUNT]
    table = np.zeros(10, dtype=np.int64)
    held_size = np.zeros(6, dtype=np.int64)
    sample = []
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        counts = _hold_counts(hands[part], cats[part], hist)
        if not (counts.sum(axis=2) == draws).all() or (counts < 0).any():
            raise AssertionError("hold counts do not add up to the draws")
        ev = (counts @ pays) * weights
        m2 = (counts @ (pays * pays)) * weights
        best_ev = ev.max(axis=1, keepdims=True)
        tie_m2 = np.where(ev == best_ev, m2, np.iinfo(np.int64).max)
        best = tie_m2.argmin(axis=1)
        pick = np.arange(len(part))
        chosen = counts[pick, best] * weights[best][:, None]
        mult = multiplicity[start : start + chunk]
        table += (chosen * mult[:, None]).sum(axis=0)
        np.add.at(held_size, _POPCOUNT[best], mult)
        for i in range(len(part)):
            if (start + i) % SAMPLE_EVERY == 0:
                sample.append(
                    {
                        "deal": [int(c) for c in hands[part[i]]],
                        "hold": [int(p) for p in range(5) if best[i] >> p & 1],
                        "counts": [int(n) for n in counts[i, best[i]]],
                        "scaled_ev": int(ev[i, best[i]]),
                    }
                )
    note("all classes valued")
    total = int(table.sum())
    if total != comb(52, 5) * DRAW_DENOMINATOR:
        raise AssertionError(f"hand table totals {total}, not 2,598,960 x 7,669,695")
    win = sum(int(p) * int(n) for p, n in zip(paytable.pays, table, strict=True))
    return {
        "paytable": paytable.to_json(),
        "paytable_name": paytable.name,
        "deals": comb(52, 5),
        "suit_classes": len(rows),
        "draw_denominator": DRAW_DENOMINATOR,
        "total": total,
        "counts": {name: int(n) for name, n in zip(CATEGORIES, table, strict=True)},
        "return": fraction_text(Fraction(win, total)),
        "deals_by_cards_held": [int(n) for n in held_size],
        "sample": sample,
        "seconds": round(time.perf_counter() - started, 1),
    }
