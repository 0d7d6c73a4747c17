"""Jacks or Better hand ranking and paytables (pure Python: on the round-playing path).

A final hand falls in exactly one of ten categories, best first. A paytable
gives the gross pay *for one* unit staked for each category ("9/6" names the
full house and flush pays); a round pays ``pays x amount``. The royal pays 800
for 1 — the five-coin royal — whatever the amount, so every amount earns the
optimal-play return.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from games.cards.deck import Card
from games.errors import ModelError

__all__ = [
    "CATEGORIES",
    "HIGH_RANKS",
    "JACKS_OR_BETTER_9_6",
    "NOTHING",
    "Paytable",
    "evaluate",
    "evaluate_codes",
]

#: Final-hand categories, best first; the index is the category number.
CATEGORIES: tuple[str, ...] = (
    "royal_flush",
    "straight_flush",
    "four_of_a_kind",
    "full_house",
    "flush",
    "straight",
    "three_of_a_kind",
    "two_pair",
    "jacks_or_better",
    "nothing",
)
(
    ROYAL_FLUSH,
    STRAIGHT_FLUSH,
    FOUR_OF_A_KIND,
    FULL_HOUSE,
    FLUSH,
    STRAIGHT,
    THREE_OF_A_KIND,
    TWO_PAIR,
    JACKS_OR_BETTER,
    NOTHING,
) = range(10)

#: Rank indices (rank - 1: ace 0 .. king 12) that make a paying pair: J, Q, K, A.
HIGH_RANKS = frozenset({0, 10, 11, 12})
_BROADWAY = (0, 9, 10, 11, 12)


@dataclass(frozen=True)
class Paytable:
    """Gross pays for one unit staked, per category (``nothing`` always pays 0)."""

    name: str
    pays: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.pays) != len(CATEGORIES):
            raise ModelError(f"a paytable needs {len(CATEGORIES)} pays, got {len(self.pays)}")
        if any(isinstance(p, bool) or not isinstance(p, int) or p < 0 for p in self.pays):
            raise ModelError(f"pays must be non-negative integers, got {self.pays}")
        if self.pays[NOTHING] != 0:
            raise ModelError("'nothing' must pay 0")

    def to_json(self) -> dict[str, Any]:
        """The paytable as the model document shows it: category -> pays for 1."""
        return {name: pay for name, pay in zip(CATEGORIES, self.pays, strict=True)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], name: str = "custom") -> Paytable:
        """Read ``{category: pays}``; every paying category must be present."""
        unknown = sorted(set(data) - set(CATEGORIES) - {"name"})
        if unknown:
            raise ModelError(f"unknown paytable categories {unknown}; use {', '.join(CATEGORIES)}")
        pays = []
        for category in CATEGORIES:
            if category == "nothing":
                pays.append(int(data.get(category, 0)))
                continue
            if category not in data:
                raise ModelError(f"paytable is missing {category!r}")
            value = data[category]
            if isinstance(value, bool) or not isinstance(value, int):
                raise ModelError(f"paytable {category}={value!r} must be an integer")
            pays.append(value)
        return cls(str(data.get("name", name)), tuple(pays))


JACKS_OR_BETTER_9_6 = Paytable("9/6", (800, 50, 25, 9, 6, 4, 3, 2, 1, 0))


def evaluate_codes(codes: Sequence[int]) -> int:
    """The category number of five distinct card codes (0..51)."""
    if len(codes) != 5:
        raise ValueError(f"a hand has 5 cards, got {len(codes)}")
    counts = [0] * 13
    for code in codes:
        counts[code >> 2] += 1
    suit = codes[0] & 3
    flush = all(code & 3 == suit for code in codes)
    shape = sorted((c for c in counts if c), reverse=True)
    if shape[0] == 1:
        ranks = sorted(code >> 2 for code in codes)
        straight = ranks[4] - ranks[0] == 4 or tuple(ranks) == _BROADWAY
        if straight and flush:
            return ROYAL_FLUSH if tuple(ranks) == _BROADWAY else STRAIGHT_FLUSH
        if flush:
            return FLUSH
        return STRAIGHT if straight else NOTHING
    if shape[0] == 4:
        return FOUR_OF_A_KIND
    if shape[0] == 3:
        return FULL_HOUSE if shape[1] == 2 else THREE_OF_A_KIND
    if shape[1] == 2:
        return TWO_PAIR
    pair_rank = counts.index(2)
    return JACKS_OR_BETTER if pair_rank in HIGH_RANKS else NOTHING


def evaluate(cards: Sequence[Card]) -> int:
    """The category number of a five-card hand."""
    return evaluate_codes([card.code for card in cards])
