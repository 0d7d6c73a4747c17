"""The strategy advisor: the exact value of each of the 32 holds of a deal.

Pure Python, by counting rather than enumerating draws. For a hold ``H`` of a
deal ``D`` the draw is ``k = 5 - |H|`` cards from the 47 cards not dealt:

* pair-type categories (quads, full house, trips, two pair, high pair) depend on
  ranks only, so a small dynamic programme over the 13 ranks counts the draws by
  final rank pattern, each rank contributing ``C(available, drawn)`` ways; its
  result depends only on the (held, available, high) triples of the ranks the
  deal touches, so it is cached on that signature;
* straights are counted per rank window (the product of available cards of the
  missing ranks), flushes per suit (``C(cards of the suit not dealt, k)``) and
  straight flushes per window and suit, then separated by inclusion–exclusion;
* ``nothing`` is the rest of the ``C(47, k)`` draws.

Values are compared exactly: every hold's counts are scaled to the common
denominator 7,669,695 = lcm C(47, k) (k = 0..5), so the EV of a hold is the
integer ``sum(pays x counts) x 7,669,695 / C(47, k)`` over 7,669,695.

Optimal hold (normative for the game's stated return and for simulation): the
highest EV; among equal EVs, the lowest second moment (less variance); among
holds with identical values, the one whose position mask (bit i = position i)
is smallest. EV and second moment don't depend on suits' names or positions,
so the hand table the exact enumeration produces is well defined.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from math import comb

from games.base import Action, RoundOutcome
from games.cards.deck import Card, card_from_text
from games.cards.video_poker.hands import (
    CATEGORIES,
    FLUSH,
    FOUR_OF_A_KIND,
    FULL_HOUSE,
    HIGH_RANKS,
    JACKS_OR_BETTER,
    JACKS_OR_BETTER_9_6,
    NOTHING,
    ROYAL_FLUSH,
    STRAIGHT,
    STRAIGHT_FLUSH,
    THREE_OF_A_KIND,
    TWO_PAIR,
    Paytable,
)

__all__ = [
    "DRAW_DENOMINATOR",
    "HOLD_WEIGHTS",
    "HoldValue",
    "best_hold",
    "hold_counts",
    "hold_values",
    "strategy",
]

#: lcm of C(47, k) for k = 0..5: the common denominator of every hold's draws.
DRAW_DENOMINATOR = 7_669_695
#: Scale of one draw of a hold of h cards: DRAW_DENOMINATOR / C(47, 5 - h), h = 0..5.
HOLD_WEIGHTS: tuple[int, ...] = tuple(DRAW_DENOMINATOR // comb(47, 5 - h) for h in range(6))

#: The ten straights as rank-index sets (ace = 0): A-5, 2-6, ..., 9-K, T-A.
_WINDOWS: tuple[frozenset[int], ...] = (
    *(frozenset(range(low, low + 5)) for low in range(9)),
    frozenset({9, 10, 11, 12, 0}),
)
_ROYAL_WINDOW = 9


@dataclass(frozen=True)
class HoldValue:
    """One hold of a deal: the positions kept, its draw counts and exact EV."""

    positions: tuple[int, ...]
    mask: int
    #: final-hand counts per category over the C(47, 5 - held) equally likely draws
    counts: tuple[int, ...]
    #: sum(pays x counts) x HOLD_WEIGHTS[held]: the EV in units of 1/DRAW_DENOMINATOR
    scaled_ev: int
    #: the second moment in the same units (the tie-break)
    scaled_m2: int

    @property
    def draws(self) -> int:
        return sum(self.counts)

    @property
    def ev(self) -> Fraction:
        """Expected gross return per unit staked (the ``for 1`` pays)."""
        return Fraction(self.scaled_ev, DRAW_DENOMINATOR)

    def category_counts(self) -> dict[str, int]:
        return dict(zip(CATEGORIES, self.counts, strict=True))


@lru_cache(maxsize=1 << 16)
def _rank_pattern_counts(signature: tuple[tuple[int, int, bool], ...], k: int) -> tuple[int, ...]:
    """Draw counts of the pair-type categories, from the ranks' (held, available, high).

    ``signature`` lists the ranks the deal touches; every other rank has 4 cards
    available and none held. The counts depend on nothing else, so they are cached.
    """
    touched_high = sum(1 for _, _, high in signature if high)
    ranks = [
        *signature,
        *[(0, 4, True)] * (len(HIGH_RANKS) - touched_high),
        *[(0, 4, False)] * (13 - len(HIGH_RANKS) - len(signature) + touched_high),
    ]
    # state = (drawn, pairs, trips, quads, high pair) -> ways
    states: dict[tuple[int, int, int, int, bool], int] = {(0, 0, 0, 0, False): 1}
    for m, a, high in ranks:
        if a == 0 and m == 0:
            continue
        nxt: dict[tuple[int, int, int, int, bool], int] = {}
        for (d, n2, n3, n4, hp), ways in states.items():
            for x in range(min(a, k - d) + 1):
                c = m + x
                key = (
                    d + x,
                    n2 + (c == 2),
                    n3 + (c == 3),
                    n4 + (c == 4),
                    hp or (c == 2 and high),
                )
                nxt[key] = nxt.get(key, 0) + ways * comb(a, x)
        states = nxt
    counts = [0] * 10
    for (d, n2, n3, n4, hp), ways in states.items():
        if d != k:
            continue
        if n4:
            counts[FOUR_OF_A_KIND] += ways
        elif n3 and n2:
            counts[FULL_HOUSE] += ways
        elif n3:
            counts[THREE_OF_A_KIND] += ways
        elif n2 == 2:
            counts[TWO_PAIR] += ways
        elif n2 == 1 and hp:
            counts[JACKS_OR_BETTER] += ways
    return tuple(counts)


def hold_counts(deal: Sequence[int], mask: int) -> tuple[int, ...]:
    """Final-hand counts per category for holding ``mask`` of ``deal`` (5 card codes)."""
    if len(deal) != 5 or len(set(deal)) != 5 or any(not 0 <= c < 52 for c in deal):
        raise ValueError(f"a deal is 5 distinct card codes in 0..51, got {list(deal)!r}")
    if not 0 <= mask < 32:
        raise ValueError(f"a hold mask is in 0..31, got {mask}")
    dealt = set(deal)
    held = [deal[i] for i in range(5) if mask >> i & 1]
    k = 5 - len(held)
    avail = [4] * 13
    suit_avail = [13] * 4
    for code in deal:
        avail[code >> 2] -= 1
        suit_avail[code & 3] -= 1
    held_count = [0] * 13
    for code in held:
        held_count[code >> 2] += 1

    signature = tuple(
        sorted(
            (held_count[rank], avail[rank], rank in HIGH_RANKS)
            for rank in range(13)
            if avail[rank] != 4 or held_count[rank]
        )
    )
    counts = list(_rank_pattern_counts(signature, k))

    held_ranks = {code >> 2 for code in held}
    straights = flushes = straight_flushes = royals = 0
    if len(held_ranks) == len(held):  # no pair held: straights and flushes possible
        held_suits = {code & 3 for code in held}
        suits = range(4) if not held else (tuple(held_suits) if len(held_suits) == 1 else ())
        for index, window in enumerate(_WINDOWS):
            if not held_ranks <= window:
                continue
            missing = window - held_ranks
            ways = 1
            for rank in missing:
                ways *= avail[rank]
            straights += ways
            for suit in suits:
                if all((rank << 2 | suit) not in dealt for rank in missing):
                    straight_flushes += 1
                    if index == _ROYAL_WINDOW:
                        royals += 1
        for suit in suits:
            flushes += comb(suit_avail[suit], k)
    counts[ROYAL_FLUSH] = royals
    counts[STRAIGHT_FLUSH] = straight_flushes - royals
    counts[FLUSH] = flushes - straight_flushes
    counts[STRAIGHT] = straights - straight_flushes
    counts[NOTHING] = comb(47, k) - sum(counts)
    return tuple(counts)


def hold_values(
    deal: Sequence[Card] | Sequence[int], paytable: Paytable = JACKS_OR_BETTER_9_6
) -> list[HoldValue]:
    """The exact value of each of the 32 holds, indexed by position mask."""
    codes = [c.code if isinstance(c, Card) else int(c) for c in deal]
    out = []
    pays = paytable.pays
    for mask in range(32):
        counts = hold_counts(codes, mask)
        weight = HOLD_WEIGHTS[bin(mask).count("1")]
        ev = sum(p * n for p, n in zip(pays, counts, strict=True)) * weight
        m2 = sum(p * p * n for p, n in zip(pays, counts, strict=True)) * weight
        positions = tuple(i for i in range(5) if mask >> i & 1)
        out.append(HoldValue(positions, mask, counts, ev, m2))
    return out


def best_hold(
    deal: Sequence[Card] | Sequence[int], paytable: Paytable = JACKS_OR_BETTER_9_6
) -> HoldValue:
    """The optimal hold (highest EV; ties: lower second moment, then lower mask)."""
    values = hold_values(deal, paytable)
    return min(values, key=lambda v: (-v.scaled_ev, v.scaled_m2, v.mask))


def strategy(paytable: Paytable = JACKS_OR_BETTER_9_6) -> Callable[[RoundOutcome], Action]:
    """A simulation strategy: hold what :func:`best_hold` says for the dealt cards."""

    def decide(state: RoundOutcome) -> Action:
        dealt = [card_from_text(text) for text in state.outcome["dealt"]]
        return Action("hold", best_hold(dealt, paytable).positions)

    return decide
