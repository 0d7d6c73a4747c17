"""Infinite-deck blackjack, exactly: dealer totals, player EVs, and the basic strategy chart.

Infinite deck: every card is drawn with replacement, value 10 with probability
4/13 and each of 1..9 with 1/13, so a hand's value depends only on its total
and softness. Everything here is an exact :class:`~fractions.Fraction`.

* Dealer: the distribution of the final total (17..21, bust, and blackjack)
  for each up card, conditioned on "no blackjack" under ``peek``.
* Player: for each hand state and up card, the EV of stand, hit (then playing
  on optimally), double, surrender and split (resplitting to the limit with
  the same decision, the number of hands followed exactly by a small recursion).
  Under ``enhc`` the dealer's blackjack stays in the distribution, so a double
  or split loses every bet to it, as the rules say.
* Basic strategy: for each row (hard total, soft total, pair) and up card, the
  actions ranked by EV; a hand takes the first ranked action that is legal at
  that moment (so "double, else hit" needs no special case). Never insurance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from games.base import Action, RoundOutcome
from games.cards.blackjack.rules import DEFAULT_RULES, BlackjackRules, card_value
from games.cards.deck import RANK_SYMBOLS

__all__ = [
    "DEALER_OUTCOMES",
    "VALUES",
    "BasicStrategy",
    "basic_strategy",
    "dealer_distribution",
    "infinite_deck_analysis",
    "strategy_for",
]

VALUES = tuple(range(1, 11))  #: card values; ace = 1
P: dict[int, Fraction] = {v: Fraction(4 if v == 10 else 1, 13) for v in VALUES}
#: dealer outcome slots: final totals 17..21, then bust, then blackjack
DEALER_OUTCOMES = ("17", "18", "19", "20", "21", "bust", "blackjack")
BUST, BJ = 5, 6

Dist = tuple[Fraction, ...]


def _best(hard: int, ace: bool) -> tuple[int, bool]:
    if ace and hard + 10 <= 21:
        return hard + 10, True
    return hard, False


@cache
def _dealer_from(hard: int, ace: bool, hit_soft_17: bool) -> Dist:
    total, soft = _best(hard, ace)
    if total > 21:
        return tuple(Fraction(int(i == BUST)) for i in range(7))
    if total > 17 or (total == 17 and not (soft and hit_soft_17)):
        return tuple(Fraction(int(i == total - 17)) for i in range(7))
    out = [Fraction(0)] * 7
    for v in VALUES:
        sub = _dealer_from(hard + v, ace or v == 1, hit_soft_17)
        for i in range(7):
            out[i] += P[v] * sub[i]
    return tuple(out)


def blackjack_hole(up: int) -> int | None:
    """The hole-card value that gives the dealer a natural under ``up`` (or None)."""
    return {1: 10, 10: 1}.get(up)


@cache
def dealer_distribution(up: int, hit_soft_17: bool, peek: bool) -> Dist:
    """Final dealer outcome probabilities for an up card (peek: given no blackjack)."""
    out = [Fraction(0)] * 7
    natural = blackjack_hole(up)
    for hole in VALUES:
        if hole == natural:
            if not peek:
                out[BJ] += P[hole]
            continue
        sub = _dealer_from(up + hole, up == 1 or hole == 1, hit_soft_17)
        for i in range(7):
            out[i] += P[hole] * sub[i]
    norm = sum(out)
    return tuple(x / norm for x in out)


def dealer_blackjack_probability(up: int) -> Fraction:
    natural = blackjack_hole(up)
    return P[natural] if natural is not None else Fraction(0)


RowKey = tuple[str, int]  # ("hard", total) | ("soft", total) | ("pair", value)


@dataclass(frozen=True)
class BasicStrategy:
    """Actions ranked by EV for each (row, up card); first legal action wins."""

    rules: BlackjackRules
    ranking: dict[tuple[RowKey, int], tuple[str, ...]]
    evs: dict[tuple[RowKey, int], dict[str, Fraction]]

    def decide(self, cards: list[int], up: int, legal: tuple[str, ...]) -> str:
        """The action for a hand of card values ``cards`` against ``up``, among ``legal``."""
        if "no_insurance" in legal:
            return "no_insurance"
        total, soft = _best(sum(cards), 1 in cards)
        if len(cards) == 2 and cards[0] == cards[1] and "split" in legal:
            row: RowKey = ("pair", cards[0])
        else:
            row = ("soft" if soft else "hard", total)
        for action in self.ranking[(row, up)]:
            if action in legal:
                return action
        return "stand" if "stand" in legal else legal[0]

    def chart(self) -> dict[str, dict[str, str]]:
        """The printable chart: row -> up card -> code (H S D Ds P R Rh Rs Rp ...)."""
        out: dict[str, dict[str, str]] = {}
        for (row, up), ranked in sorted(self.ranking.items(), key=_chart_order):
            name = _row_name(row)
            out.setdefault(name, {})[_up_name(up)] = _code(ranked, row)
        return out


def _row_name(row: RowKey) -> str:
    kind, value = row
    if kind == "pair":
        symbol = "A" if value == 1 else ("T" if value == 10 else str(value))
        return f"{symbol},{symbol}"
    return f"{kind} {value}"


def _up_name(up: int) -> str:
    return "A" if up == 1 else ("T" if up == 10 else str(up))


def _chart_order(item: tuple[tuple[RowKey, int], Any]) -> tuple[int, int, int]:
    (kind, value), up = item[0]
    return ({"hard": 0, "soft": 1, "pair": 2}[kind], value, up if up != 1 else 11)


def _code(ranked: tuple[str, ...], row: RowKey) -> str:
    letters = {"hit": "H", "stand": "S", "double": "D", "split": "P", "surrender": "R"}
    first = ranked[0]
    if first in ("double", "surrender") or (first == "split" and row[0] == "pair"):
        fallback = next(a for a in ranked if a in ("hit", "stand", "split") and a != first)
        if first == "split":
            return "P"
        return letters[first] + letters[fallback].lower()
    return letters[first]


class _Player:
    """EVs of the player's options for one up card (exact, infinite deck)."""

    def __init__(self, rules: BlackjackRules, up: int) -> None:
        self.rules = rules
        self.up = up
        self.dealer = dealer_distribution(up, rules.hit_soft_17, rules.peek)
        self.p_bj = dealer_blackjack_probability(up)
        self._stand: dict[int, Fraction] = {}
        self._hit: dict[tuple[int, bool], Fraction] = {}

    def stand(self, total: int) -> Fraction:
        if total > 21:
            return Fraction(-1)
        if total not in self._stand:
            d = self.dealer
            ev = d[BUST] - d[BJ]
            for i in range(5):
                dealer_total = 17 + i
                ev += d[i] * (1 if total > dealer_total else (0 if total == dealer_total else -1))
            self._stand[total] = ev
        return self._stand[total]

    def hit(self, hard: int, ace: bool) -> Fraction:
        key = (hard, ace)
        if key not in self._hit:
            ev = Fraction(0)
            for v in VALUES:
                new_hard, new_ace = hard + v, ace or v == 1
                if new_hard > 21:
                    ev -= P[v]
                else:
                    ev += P[v] * self.play_on(new_hard, new_ace)
            self._hit[key] = ev
        return self._hit[key]

    def play_on(self, hard: int, ace: bool) -> Fraction:
        """The value of a hand that may only hit or stand (optimally)."""
        total = _best(hard, ace)[0]
        if total >= 21:
            return self.stand(total)
        return max(self.stand(total), self.hit(hard, ace))

    def double(self, hard: int, ace: bool) -> Fraction:
        ev = Fraction(0)
        for v in VALUES:
            new_hard = hard + v
            ev += P[v] * 2 * self.stand(_best(new_hard, ace or v == 1)[0])
        return ev

    def surrender(self) -> Fraction:
        # peek: the hand is known not to face a blackjack; enhc: a blackjack takes it all
        return Fraction(-1, 2) if self.rules.peek else -self.p_bj - (1 - self.p_bj) / 2

    def two_card_options(self, hard: int, ace: bool, *, split_hand: bool) -> dict[str, Fraction]:
        total, soft = _best(hard, ace)
        options = {"stand": self.stand(total)}
        if total < 21:
            options["hit"] = self.hit(hard, ace)
            if self.rules.can_double(total, soft) and (
                not split_hand or self.rules.double_after_split
            ):
                options["double"] = self.double(hard, ace)
        if not split_hand and self.rules.late_surrender:
            options["surrender"] = self.surrender()
        return options

    def split_hand_value(self, card: int, other: int) -> Fraction:
        """A split hand (card, other) played on without further splitting."""
        hard, ace = card + other, card == 1 or other == 1
        if card == 1 and not self.rules.hit_split_aces:
            return self.stand(_best(hard, ace)[0])
        return max(self.two_card_options(hard, ace, split_hand=True).values())

    def split(self, card: int) -> Fraction:
        """EV (per initial unit) of splitting a pair, resplitting whenever allowed."""
        rules = self.rules
        q = P[card]
        stuck = self.split_hand_value(card, card)
        others = sum(
            (P[x] * self.split_hand_value(card, x) for x in VALUES if x != card), Fraction(0)
        )
        can_resplit = card != 1 or rules.resplit_aces

        @cache
        def f(pending: int, hands: int) -> Fraction:
            if pending == 0:
                return Fraction(0)
            rest = f(pending - 1, hands)
            ev = others + (1 - q) * rest
            if can_resplit and hands < rules.max_hands:
                ev += q * f(pending + 1, hands + 1)
            else:
                ev += q * (stuck + rest)
            return ev

        return f(2, 2)


def _rank(options: dict[str, Fraction]) -> tuple[str, ...]:
    order = ("stand", "hit", "double", "split", "surrender")
    return tuple(sorted(options, key=lambda a: (-options[a], order.index(a))))


@cache
def basic_strategy(rules: BlackjackRules = DEFAULT_RULES) -> BasicStrategy:
    """The total-dependent basic strategy generated from the infinite-deck EVs."""
    ranking: dict[tuple[RowKey, int], tuple[str, ...]] = {}
    evs: dict[tuple[RowKey, int], dict[str, Fraction]] = {}
    for up in VALUES:
        player = _Player(rules, up)
        for total in range(4, 22):
            options = player.two_card_options(total, False, split_hand=False)
            ranking[(("hard", total), up)] = _rank(options)
            evs[(("hard", total), up)] = options
        for total in range(12, 22):
            options = player.two_card_options(total - 10, True, split_hand=False)
            ranking[(("soft", total), up)] = _rank(options)
            evs[(("soft", total), up)] = options
        if rules.max_hands > 1:
            for card in VALUES:
                options = player.two_card_options(2 * card, card == 1, split_hand=False)
                options["split"] = player.split(card)
                ranking[(("pair", card), up)] = _rank(options)
                evs[(("pair", card), up)] = options
    return BasicStrategy(rules, ranking, evs)


@cache
def infinite_deck_analysis(rules: BlackjackRules = DEFAULT_RULES) -> dict[str, Any]:
    """Exact infinite-deck EV of basic strategy, per up card and overall."""
    strategy = basic_strategy(rules)
    payout = rules.blackjack_payout
    total_ev = Fraction(0)
    by_up: dict[int, Fraction] = {}
    for up in VALUES:
        player = _Player(rules, up)
        p_bj = player.p_bj
        ev_up = Fraction(0)
        for a in VALUES:
            for b in VALUES:
                weight = P[a] * P[b]
                hard, ace = a + b, a == 1 or b == 1
                if _best(hard, ace)[0] == 21:
                    ev = (1 - p_bj) * payout
                else:
                    if a == b and rules.max_hands > 1:
                        options = strategy.evs[(("pair", a), up)]
                    else:
                        total, soft = _best(hard, ace)
                        options = strategy.evs[(("soft" if soft else "hard", total), up)]
                    best = max(options.values())
                    ev = -p_bj + (1 - p_bj) * best if rules.peek else best
                ev_up += weight * ev
        by_up[up] = ev_up
        total_ev += P[up] * ev_up
    return {"ev": total_ev, "by_up": by_up}


def strategy_for(rules: BlackjackRules = DEFAULT_RULES) -> Callable[[RoundOutcome], Action]:
    """A simulation strategy: the engine's basic strategy, never insurance."""
    chart = basic_strategy(rules)

    def decide(state: RoundOutcome) -> Action:
        legal = state.legal_actions
        if "no_insurance" in legal:
            return Action("no_insurance")
        outcome = state.outcome
        hand = outcome["hands"][outcome["current_hand"]]
        values = [card_value(RANK_SYMBOLS.index(text[0]) + 1) for text in hand["cards"]]
        up_text = outcome["dealer"]["cards"][0]
        up = card_value(RANK_SYMBOLS.index(up_text[0]) + 1)
        return Action(chart.decide(values, up, legal))

    return decide
