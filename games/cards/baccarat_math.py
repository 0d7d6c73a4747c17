# games.cards.baccarat_math — the exact math of Punto Banco by enumeration over
# the shoe composition: every coup weighted by the ordered 6-card sequences it
# stands for. Pure Python (no numpy), about a second for any deck count.
# Imports: games.cards.baccarat (rules and tableau).
"""Exact baccarat math by enumeration of card-value classes.

Method (game_math.md "Baccarat"): the ten baccarat values 0..9 are classes with
multiplicities 16d (ten, jack, queen, king) and 4d (ace .. nine) in a d-deck
shoe of N = 52d cards. A coup is a sequence of 4 to 6 values dealt in the
normative order (Player, Banker, Player, Banker, Player's third, Banker's
third). Its weight is the number of ordered 6-card sequences from the shoe that
begin with it: the falling product of the class counts as the cards are drawn,
times (N-k)(N-k-1)...(N-5) for the 6-k cards the coup leaves unused. The
weights sum to N(N-1)...(N-5) — 4,998,398,275,503,360 for 8 decks — so every
probability is an exact integer ratio.

The pair bets depend only on the ranks of two given cards: P = sum over the 13
ranks of c(c-1) / (N(N-1)) with c = 4d, which is (4d-1)/(52d-1).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from games.cards.baccarat import BaccaratRules, banker_draws, player_draws

__all__ = [
    "BaccaratAnalysis",
    "CoupKey",
    "analyse",
    "enumerate_coups",
    "pair_probability",
]

#: (player total, banker total, player card count, banker card count)
CoupKey = tuple[int, int, int, int]
SEQUENCE_LENGTH = 6


def _falling(n: int, k: int) -> int:
    out = 1
    for i in range(k):
        out *= n - i
    return out


@cache
def enumerate_coups(decks: int) -> tuple[dict[CoupKey, int], int]:
    """Weight of every coup class over the ordered 6-card sequences, and their total.

    Returns ``(weights, denominator)`` where ``weights`` maps
    (player total, banker total, player cards, banker cards) to its number of
    ordered 6-card sequences and ``denominator`` = N(N-1)...(N-5).
    """
    if isinstance(decks, bool) or not isinstance(decks, int) or not 1 <= decks <= 16:
        raise ValueError(f"decks={decks!r} must be an int in 1..16")
    size = 52 * decks
    counts = [16 * decks] + [4 * decks] * 9
    weights: Counter[CoupKey] = Counter()
    tail4 = _falling(size - 4, 2)  # the two unused cards after a four-card coup
    tail5 = size - 5  # the one unused card after a five-card coup
    values = range(10)
    banker_draw_table = {(bt, p3): banker_draws(bt, p3) for bt in values for p3 in (None, *values)}
    for p1 in values:
        w1 = counts[p1]
        counts[p1] -= 1
        for b1 in values:
            w2 = w1 * counts[b1]
            counts[b1] -= 1
            for p2 in values:
                w3 = w2 * counts[p2]
                counts[p2] -= 1
                pt = (p1 + p2) % 10
                for b2 in values:
                    w4 = w3 * counts[b2]
                    if w4 == 0:
                        continue
                    counts[b2] -= 1
                    bt = (b1 + b2) % 10
                    if pt >= 8 or bt >= 8:
                        weights[(pt, bt, 2, 2)] += w4 * tail4
                    elif not player_draws(pt):
                        if banker_draw_table[(bt, None)]:
                            for b3 in values:
                                weights[(pt, (bt + b3) % 10, 2, 3)] += w4 * counts[b3] * tail5
                        else:
                            weights[(pt, bt, 2, 2)] += w4 * tail4
                    else:
                        for p3 in values:
                            w5 = w4 * counts[p3]
                            if w5 == 0:
                                continue
                            pt3 = (pt + p3) % 10
                            if banker_draw_table[(bt, p3)]:
                                counts[p3] -= 1
                                for b3 in values:
                                    weights[(pt3, (bt + b3) % 10, 3, 3)] += w5 * counts[b3]
                                counts[p3] += 1
                            else:
                                weights[(pt3, bt, 3, 2)] += w5 * tail5
                    counts[b2] += 1
                counts[p2] += 1
            counts[b1] += 1
        counts[p1] += 1
    denominator = _falling(size, SEQUENCE_LENGTH)
    if sum(weights.values()) != denominator:  # pragma: no cover - an enumeration bug
        raise AssertionError("coup weights do not sum to the number of 6-card sequences")
    return dict(weights), denominator


def pair_probability(decks: int) -> Fraction:
    """P(two given cards of the shoe share a rank) = (4d-1)/(52d-1), by summing over ranks."""
    size = 52 * decks
    per_rank = 4 * decks
    return Fraction(13 * per_rank * (per_rank - 1), size * (size - 1))


@dataclass(frozen=True)
class BaccaratAnalysis:
    """Exact outcome weights for one rule set, and every bet's distribution and return."""

    rules: BaccaratRules
    weights: dict[CoupKey, int]
    denominator: int

    def count(self, winner: str) -> int:
        """Weight of the coups won by ``"banker"``, ``"player"`` or tied (``"tie"``)."""
        return sum(w for key, w in self.weights.items() if _winner(key) == winner)

    @property
    def dragon_7(self) -> int:
        """Weight of the coups the Banker wins with a three-card 7."""
        return sum(
            w for (pt, bt, _, bn), w in self.weights.items() if bn == 3 and bt == 7 and pt < 7
        )

    @property
    def panda_8(self) -> int:
        """Weight of the coups the Player wins with a three-card 8."""
        return sum(
            w for (pt, bt, pn, _), w in self.weights.items() if pn == 3 and pt == 8 and bt < 8
        )

    @property
    def naturals(self) -> int:
        """Weight of the coups that end on a natural (a two-card 8 or 9)."""
        return sum(
            w
            for (pt, bt, pn, bn), w in self.weights.items()
            if pn == bn == 2 and (pt >= 8 or bt >= 8)
        )

    def winning_totals(self) -> dict[str, dict[int, int]]:
        """Weight by the winning total: for "banker", "player" and "tie" (the tied total)."""
        out: dict[str, dict[int, int]] = {"banker": {}, "player": {}, "tie": {}}
        for key, w in sorted(self.weights.items()):
            winner = _winner(key)
            total = key[1] if winner == "banker" else key[0]
            out[winner][total] = out[winner].get(total, 0) + w
        return {side: dict(sorted(table.items())) for side, table in out.items()}

    def distribution(self, kind: str) -> dict[Fraction, Fraction]:
        """Net result per unit staked -> probability, for one bet kind."""
        rules = self.rules
        d = self.denominator
        banker, player, tie = self.count("banker"), self.count("player"), self.count("tie")
        if kind in ("player_pair", "banker_pair"):
            p = pair_probability(rules.decks)
            return {Fraction(rules.pair_pays): p, Fraction(-1): 1 - p}
        table: dict[Fraction, int]
        if kind == "banker":
            if rules.ez:
                dragon = self.dragon_7
                table = {
                    Fraction(1): banker - dragon,
                    Fraction(0): tie + dragon,
                    Fraction(-1): player,
                }
            else:
                table = {rules.banker_pays: banker, Fraction(0): tie, Fraction(-1): player}
        elif kind == "player":
            table = {Fraction(1): player, Fraction(0): tie, Fraction(-1): banker}
        elif kind == "tie":
            table = {Fraction(rules.tie_pays): tie, Fraction(-1): banker + player}
        elif kind == "dragon_7":
            dragon = self.dragon_7
            table = {Fraction(rules.dragon_7_pays): dragon, Fraction(-1): d - dragon}
        elif kind == "panda_8":
            panda = self.panda_8
            table = {Fraction(rules.panda_8_pays): panda, Fraction(-1): d - panda}
        else:
            raise ValueError(f"unknown bet kind {kind!r}; use {', '.join(rules.bet_kinds)}")
        return {net: Fraction(w, d) for net, w in table.items()}

    def expected_value(self, kind: str) -> Fraction:
        """EV per unit staked (negative: the house edge with its sign)."""
        return sum((net * p for net, p in self.distribution(kind).items()), Fraction(0))

    def variance(self, kind: str) -> Fraction:
        ev = self.expected_value(kind)
        return sum(((net - ev) ** 2 * p for net, p in self.distribution(kind).items()), Fraction(0))

    def returns(self) -> dict[str, Fraction]:
        """Exact RTP (1 + EV) of every bet the rules offer."""
        return {kind: 1 + self.expected_value(kind) for kind in self.rules.bet_kinds}


def _winner(key: CoupKey) -> str:
    pt, bt = key[0], key[1]
    if pt > bt:
        return "player"
    if bt > pt:
        return "banker"
    return "tie"


def analyse(rules: BaccaratRules) -> BaccaratAnalysis:
    """The exact analysis of ``rules`` (the enumeration is cached per deck count)."""
    weights, denominator = enumerate_coups(rules.decks)
    return BaccaratAnalysis(rules, weights, denominator)
