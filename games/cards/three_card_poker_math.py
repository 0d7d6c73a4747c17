# games.cards.three_card_poker_math — exact Three Card Poker math over all
# 22,100 x 18,424 = 407,170,400 (player, dealer) deals, by ranking the 22,100
# hands once and counting dealer hands by rank order with inclusion–exclusion.
# Pure Python (bisect), about a second. Imports: games.cards.three_card_poker.
"""Exact Three Card Poker math by enumeration.

Method: every one of the C(52,3) = 22,100 hands gets its strength once. For a
player hand S, the dealer holds any of the C(49,3) = 18,424 hands disjoint from
S. The number of those with strength below v is, by inclusion–exclusion over
the subsets T of S,

    sum over T ⊆ S of (-1)^|T| * #{hands h ⊇ T with strength(h) < v},

and each term is a binary search in a sorted list of strengths: all hands
(T = ∅), the 1,176 hands holding a given card, the 50 holding a given pair, and
S itself. Three thresholds per player hand (the dealer's qualifier, S's
strength, S's strength + 1) split the dealer hands into "does not qualify",
"qualifies and loses", "ties" and "wins". That gives the exact Ante/Play
return of any play/fold rule, the best rule (play exactly when playing loses
less than the folded ante), and the exact Pair Plus return of any paytable.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from itertools import combinations
from math import comb

from games.cards.deck import Card
from games.cards.three_card_poker import (
    CATEGORIES,
    DEALER_QUALIFIER,
    PLAY_THRESHOLD,
    TcpRules,
    category_of,
    hand_strength,
)

__all__ = [
    "DEALER_HANDS",
    "HANDS",
    "DealerSplit",
    "TcpAnalysis",
    "analyse",
    "category_counts",
    "dealer_splits",
]

HANDS = comb(52, 3)  #: 22,100 player hands
DEALER_HANDS = comb(49, 3)  #: 18,424 dealer hands for each player hand


@dataclass(frozen=True, slots=True)
class DealerSplit:
    """For one player hand: how its 18,424 dealer hands fall."""

    strength: int
    not_qualifying: int
    player_wins: int  # dealer qualifies, player's hand is higher
    ties: int  # dealer qualifies, equal strength
    dealer_wins: int  # dealer qualifies, dealer's hand is higher

    def play_net(self, bonus: int) -> int:
        """Net result summed over the dealer hands when playing (units of ante)."""
        return (
            self.not_qualifying * (1 + bonus)
            + self.player_wins * (2 + bonus)
            + self.ties * bonus
            + self.dealer_wins * (bonus - 2)
        )

    def play_square(self, bonus: int) -> int:
        """Sum of the squared net results over the dealer hands when playing."""
        return (
            self.not_qualifying * (1 + bonus) ** 2
            + self.player_wins * (2 + bonus) ** 2
            + self.ties * bonus**2
            + self.dealer_wins * (bonus - 2) ** 2
        )


@cache
def _hand_strengths() -> tuple[tuple[tuple[int, int, int], int], ...]:
    return tuple(
        (codes, hand_strength([Card(c) for c in codes])) for codes in combinations(range(52), 3)
    )


@cache
def category_counts() -> dict[str, int]:
    """How many of the 22,100 hands fall in each category."""
    counts = dict.fromkeys(CATEGORIES, 0)
    for _, strength in _hand_strengths():
        counts[category_of(strength)] += 1
    return counts


@cache
def dealer_splits() -> tuple[DealerSplit, ...]:
    """One DealerSplit per player hand (22,100), by inclusion–exclusion over sorted strengths."""
    hands = _hand_strengths()
    every = sorted(strength for _, strength in hands)
    by_card: list[list[int]] = [[] for _ in range(52)]
    by_pair: dict[tuple[int, int], list[int]] = {}
    for (a, b, c), strength in hands:
        for card in (a, b, c):
            by_card[card].append(strength)
        for pair in ((a, b), (a, c), (b, c)):
            by_pair.setdefault(pair, []).append(strength)
    for strengths in by_card:
        strengths.sort()
    for strengths in by_pair.values():
        strengths.sort()
    out: list[DealerSplit] = []
    q = DEALER_QUALIFIER
    for (a, b, c), s in hands:

        def below(
            v: int,
            s: int = s,
            ca: list[int] = by_card[a],
            cb: list[int] = by_card[b],
            cc: list[int] = by_card[c],
            pab: list[int] = by_pair[(a, b)],
            pac: list[int] = by_pair[(a, c)],
            pbc: list[int] = by_pair[(b, c)],
        ) -> int:
            """Dealer hands disjoint from the player's with strength < v."""
            return (
                bisect_left(every, v)
                - bisect_left(ca, v)
                - bisect_left(cb, v)
                - bisect_left(cc, v)
                + bisect_left(pab, v)
                + bisect_left(pac, v)
                + bisect_left(pbc, v)
                - (s < v)
            )

        not_qualifying = below(q)
        if s < q:
            split = DealerSplit(s, not_qualifying, 0, 0, DEALER_HANDS - not_qualifying)
        else:
            lower, not_higher = below(s), below(s + 1)
            split = DealerSplit(
                s,
                not_qualifying,
                lower - not_qualifying,
                not_higher - lower,
                DEALER_HANDS - not_higher,
            )
        out.append(split)
    return tuple(out)


@dataclass(frozen=True)
class TcpAnalysis:
    """Exact returns of one rule set, for a play rule ``play_from`` (Q-6-4 by default)."""

    rules: TcpRules
    play_from: int = PLAY_THRESHOLD

    @property
    def deals(self) -> int:
        return HANDS * DEALER_HANDS

    def _ante_sums(self, play_from: int) -> tuple[int, int, int]:
        """(sum of net, sum of squared net, hands played) over all deals."""
        total = square = played = 0
        for split in dealer_splits():
            if split.strength >= play_from:
                bonus = self.rules.ante_bonus(category_of(split.strength))
                total += split.play_net(bonus)
                square += split.play_square(bonus)
                played += 1
            else:
                total -= DEALER_HANDS
                square += DEALER_HANDS
        return total, square, played

    def ante_ev(self) -> Fraction:
        """EV per unit of ante (Play included) with the play rule."""
        return Fraction(self._ante_sums(self.play_from)[0], self.deals)

    def ante_ev_numerator(self) -> int:
        """The EV's numerator over the 407,170,400 deals (not reduced)."""
        return self._ante_sums(self.play_from)[0]

    def ante_variance(self) -> Fraction:
        total, square, _ = self._ante_sums(self.play_from)
        mean = Fraction(total, self.deals)
        return Fraction(square, self.deals) - mean * mean

    def play_probability(self) -> Fraction:
        return Fraction(self._ante_sums(self.play_from)[2], HANDS)

    def element_of_risk(self) -> Fraction:
        """EV divided by the average total stake (ante plus the Play when played)."""
        return self.ante_ev() / (1 + self.play_probability())

    def optimal_threshold(self) -> int:
        """The weakest hand for which playing beats folding (play nets more than -1 ante).

        Raises when the best rule is not a threshold on hand strength.
        """
        better: dict[int, bool] = {}
        for split in dealer_splits():
            bonus = self.rules.ante_bonus(category_of(split.strength))
            plays = split.play_net(bonus) > -DEALER_HANDS
            better.setdefault(split.strength, plays)
            if better[split.strength] != plays:  # pragma: no cover - suits don't matter
                raise AssertionError("equal hands disagree on play/fold")
        ordered = sorted(better)
        first = next(i for i, s in enumerate(ordered) if better[s])
        if not all(better[s] for s in ordered[first:]):
            raise ValueError("the best play rule is not a threshold on hand strength")
        return ordered[first]

    def pair_plus_distribution(self) -> dict[int, int]:
        """Net win (units) -> number of the 22,100 hands."""
        counts = category_counts()
        out: dict[int, int] = {}
        for category, count in counts.items():
            pays = self.rules.pair_plus(category)
            net = -1 if pays is None else pays
            out[net] = out.get(net, 0) + count
        return dict(sorted(out.items()))

    def pair_plus_ev(self) -> Fraction:
        return Fraction(sum(net * n for net, n in self.pair_plus_distribution().items()), HANDS)

    def pair_plus_ev_numerator(self) -> int:
        """The EV's numerator over 22,100 hands (not reduced)."""
        return sum(net * n for net, n in self.pair_plus_distribution().items())

    def pair_plus_variance(self) -> Fraction:
        ev = self.pair_plus_ev()
        return sum(
            (
                Fraction(n, HANDS) * (net - ev) ** 2
                for net, n in self.pair_plus_distribution().items()
            ),
            Fraction(0),
        )

    def returns(self) -> dict[str, Fraction]:
        """Exact RTP (1 + EV) per bet: ante (per unit of ante, Play included) and Pair Plus."""
        return {"ante": 1 + self.ante_ev(), "pair_plus": 1 + self.pair_plus_ev()}


def analyse(rules: TcpRules, play_from: int = PLAY_THRESHOLD) -> TcpAnalysis:
    """The exact analysis of ``rules`` (the 407,170,400-deal enumeration is cached)."""
    return TcpAnalysis(rules, play_from)
