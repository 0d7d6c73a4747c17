"""The engine's basic strategy played against a finite shoe, reshuffled every round.

What a certifiable server needs: the expected return of exactly the strategy
the simulation plays (the infinite-deck chart of
:mod:`games.cards.blackjack.strategy`) against the configured shoe, top of a
freshly shuffled shoe every round. Method (double precision):

* every ordered start (player card, up card, player card) from the full shoe;
* the player's hand is followed card by card, each card drawn from the shoe
  less every card seen (exact removal), taking the chart's first legal action;
* a standing hand meets the dealer's exact final-total distribution for the
  shoe less every card the player drew; under ``peek`` with an ace or ten up the
  hole card is summed over the values that don't give a natural (the round
  with a dealer natural is settled apart), which is exactly the conditioning
  on "no dealer blackjack";
* **approximation (splits only)**: each split hand is valued with the pair cards
  and its own cards removed, as if the cards drawn to the other split hands
  went back to the shoe; how many hands a pair becomes (resplits to the limit)
  uses the chance of drawing the pair card from the shoe after the deal.

Everything except that split approximation is exact up to floating-point
rounding (~1e-13). The figure is the return per initial unit staked.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from games.cards.blackjack.rules import BlackjackRules
from games.cards.blackjack.strategy import BJ, BUST, VALUES, BasicStrategy, basic_strategy

__all__ = ["SPLIT_APPROXIMATION", "finite_deck_ev"]

SPLIT_APPROXIMATION = (
    "exact composition-dependent probabilities for the engine's basic strategy, except that "
    "each split hand is valued as if the cards drawn to the other split hands went back to the "
    "shoe; double precision"
)

Pool = tuple[int, ...]  # counts of values 1..10 (index value - 1)


def _best(hard: int, ace: bool) -> tuple[int, bool]:
    if ace and hard + 10 <= 21:
        return hard + 10, True
    return hard, False


def _take(pool: Pool, value: int) -> Pool:
    i = value - 1
    return (*pool[:i], pool[i] - 1, *pool[i + 1 :])


class _Shoe:
    """Finite-shoe values of the fixed strategy for one up card."""

    def __init__(self, rules: BlackjackRules, chart: BasicStrategy, up: int) -> None:
        self.rules = rules
        self.chart = chart
        self.up = up
        self.natural_hole = {1: 10, 10: 1}.get(up)
        self.conditioned = rules.peek and self.natural_hole is not None
        self._dealer: dict[tuple[int, bool, bool, Pool], tuple[float, ...]] = {}
        self._outcomes: dict[Pool, tuple[float, ...]] = {}
        self._hands: dict[tuple[int, bool, bool, bool, bool, Pool], float] = {}

    # dealer ---------------------------------------------------------------------------

    def dealer(self, hard: int, ace: bool, second: bool, pool: Pool) -> tuple[float, ...]:
        """Dealer outcome probabilities (17..21, bust, blackjack) drawing from ``pool``.

        ``second``: the dealer holds only the up card; a natural is then possible.
        """
        key = (hard, ace, second, pool)
        cached = self._dealer.get(key)
        if cached is not None:
            return cached
        total, soft = _best(hard, ace)
        out = [0.0] * 7
        if total > 21:
            out[BUST] = 1.0
        elif not second and (total > 17 or (total == 17 and not (soft and self.rules.hit_soft_17))):
            out[total - 17] = 1.0
        else:
            size = sum(pool)
            for value in VALUES:
                count = pool[value - 1]
                if not count:
                    continue
                p = count / size
                if second and value == self.natural_hole:
                    out[BJ] += p
                    continue
                sub = self.dealer(hard + value, ace or value == 1, False, _take(pool, value))
                for i in range(7):
                    out[i] += p * sub[i]
        result = tuple(out)
        self._dealer[key] = result
        return result

    def outcomes(self, pool: Pool) -> tuple[float, ...]:
        """Dealer outcomes against a hand standing with ``pool`` unseen (weighted by
        the chance of no dealer natural when the hole card is conditioned)."""
        cached = self._outcomes.get(pool)
        if cached is not None:
            return cached
        up = self.up
        if not self.conditioned:
            result = self.dealer(up, up == 1, True, pool)
        else:
            size = sum(pool)
            out = [0.0] * 7
            for hole in VALUES:
                count = pool[hole - 1]
                if not count or hole == self.natural_hole:
                    continue
                sub = self.dealer(up + hole, up == 1 or hole == 1, False, _take(pool, hole))
                for i in range(7):
                    out[i] += count / size * sub[i]
            result = tuple(out)
        self._outcomes[pool] = result
        return result

    def no_natural(self, pool: Pool) -> float:
        """P(the dealer has no natural) over the unseen cards, when that is conditioned."""
        if not self.conditioned:
            return 1.0
        assert self.natural_hole is not None
        return 1.0 - pool[self.natural_hole - 1] / sum(pool)

    def stand(self, total: int, pool: Pool) -> float:
        if total > 21:
            return -self.no_natural(pool)
        d = self.outcomes(pool)
        ev = d[BUST] - d[BJ]
        for i in range(5):
            dealer_total = 17 + i
            if total > dealer_total:
                ev += d[i]
            elif total < dealer_total:
                ev -= d[i]
        return ev

    # player ---------------------------------------------------------------------------

    def legal(self, total: int, soft: bool, two: bool, split: bool, initial: bool) -> list[str]:
        rules = self.rules
        out = ["hit", "stand"]
        if two and rules.can_double(total, soft) and (not split or rules.double_after_split):
            out.append("double")
        if two and initial and rules.late_surrender:
            out.append("surrender")
        return out

    def surrender(self, pool: Pool) -> float:
        if self.rules.peek:
            return -0.5 * self.no_natural(pool)
        natural = self.natural_hole
        p_bj = pool[natural - 1] / sum(pool) if natural is not None else 0.0
        return -p_bj - 0.5 * (1 - p_bj)

    def hand(
        self, hard: int, ace: bool, two: bool, split: bool, initial: bool, pool: Pool
    ) -> float:
        """Value of a hand played by the chart (hit/stand/double/surrender; no split)."""
        key = (hard, ace, two, split, initial, pool)
        cached = self._hands.get(key)
        if cached is not None:
            return cached
        total, soft = _best(hard, ace)
        if total >= 21:
            value = self.stand(total, pool)
        else:
            legal = self.legal(total, soft, two, split, initial)
            row = ("soft" if soft else "hard", total)
            action = next(a for a in self.chart.ranking[(row, self.up)] if a in legal)
            value = self.act(action, hard, ace, split, pool)
        self._hands[key] = value
        return value

    def act(self, action: str, hard: int, ace: bool, split: bool, pool: Pool) -> float:
        if action == "stand":
            return self.stand(_best(hard, ace)[0], pool)
        if action == "surrender":
            return self.surrender(pool)
        size = sum(pool)
        ev = 0.0
        for value in VALUES:
            count = pool[value - 1]
            if not count:
                continue
            rest = _take(pool, value)
            new_hard, new_ace = hard + value, ace or value == 1
            if action == "double":
                ev += count / size * 2 * self.stand(_best(new_hard, new_ace)[0], rest)
            elif new_hard > 21:
                ev -= count / size * self.no_natural(rest)
            else:
                ev += count / size * self.hand(new_hard, new_ace, False, split, False, rest)
        return ev

    def split_hand(self, card: int, other: int, pool: Pool) -> float:
        hard, ace = card + other, card == 1 or other == 1
        if card == 1 and not self.rules.hit_split_aces:
            return self.stand(_best(hard, ace)[0], pool)
        return self.hand(hard, ace, True, True, False, pool)

    def split(self, card: int, pool: Pool) -> float:
        """A pair split (resplitting whenever the chart and rules allow) — approximate."""
        rules = self.rules
        size = sum(pool)
        q = pool[card - 1] / size
        stuck = self.split_hand(card, card, _take(pool, card)) if q else 0.0
        others = sum(
            pool[x - 1] / size * self.split_hand(card, x, _take(pool, x))
            for x in VALUES
            if x != card and pool[x - 1]
        )
        row = (("pair", card), self.up)
        resplit = (card != 1 or rules.resplit_aces) and self.chart.ranking[row][0] == "split"
        memo: dict[tuple[int, int], float] = {}

        def f(pending: int, hands: int) -> float:
            if pending == 0:
                return 0.0
            key = (pending, hands)
            if key not in memo:
                rest = f(pending - 1, hands)
                ev = others + (1 - q) * rest
                if resplit and hands < rules.max_hands:
                    ev += q * f(pending + 1, hands + 1)
                else:
                    ev += q * (stuck + rest)
                memo[key] = ev
            return memo[key]

        return f(2, 2)

    def start(self, first: int, second: int, pool: Pool) -> float:
        """EV of the initial two cards (first, second) with ``pool`` unseen."""
        rules = self.rules
        hard, ace = first + second, first == 1 or second == 1
        natural = self.natural_hole
        p_bj = pool[natural - 1] / sum(pool) if natural is not None else 0.0
        if _best(hard, ace)[0] == 21:
            return (1 - p_bj) * float(rules.blackjack_payout)
        lost_to_natural = -p_bj if self.conditioned else 0.0
        if first == second and rules.max_hands > 1:
            ranked = self.chart.ranking[(("pair", first), self.up)]
            total, soft = _best(hard, ace)
            legal = [*self.legal(total, soft, True, False, True), "split"]
            action = next(a for a in ranked if a in legal)
            if action == "split":
                return lost_to_natural + self.split(first, pool)
            return lost_to_natural + self.act_two(action, hard, ace, pool)
        return lost_to_natural + self.hand(hard, ace, True, False, True, pool)

    def act_two(self, action: str, hard: int, ace: bool, pool: Pool) -> float:
        return self.act(action, hard, ace, False, pool)


def finite_deck_ev(
    rules: BlackjackRules,
    chart: BasicStrategy | None = None,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The finite-shoe EV (per initial unit) of the chart, with per-up-card figures."""
    chart = chart or basic_strategy(rules)
    started = time.perf_counter()
    full: Pool = tuple(4 * rules.decks * (4 if v == 10 else 1) for v in VALUES)
    size = sum(full)
    total = 0.0
    by_up: dict[int, float] = {}
    for up in VALUES:
        shoe = _Shoe(rules, chart, up)
        after_up = _take(full, up)
        p_up = full[up - 1] / size
        ev_up = 0.0
        for first in VALUES:
            n1 = after_up[first - 1]
            if not n1:
                continue
            after_first = _take(after_up, first)
            for second in VALUES:
                n2 = after_first[second - 1]
                if not n2:
                    continue
                pool = _take(after_first, second)
                weight = n1 / (size - 1) * n2 / (size - 2)
                ev_up += weight * shoe.start(first, second, pool)
        by_up[up] = ev_up
        total += p_up * ev_up
        if log is not None:
            log(f"[{time.perf_counter() - started:6.1f}s] up {up}: {ev_up:+.6f}")
    return {
        "ev": total,
        "by_up": by_up,
        "method": SPLIT_APPROXIMATION,
        "seconds": round(time.perf_counter() - started, 1),
    }
