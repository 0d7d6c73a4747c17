"""Blackjack as a multi-step round on the common game interface.

Dealing order (normative, docs/fairness.md "Cards"): the round's stream
shuffles the whole shoe first (``shuffled_shoe(stream, decks)``); then cards
are taken from the front of the shoe, one at a time, in this order:

1. player's first card, dealer's up card, player's second card, and — under
   ``peek`` — the dealer's hole card (shoe positions 0, 1, 2, 3);
2. then, as the player acts, the next card of the shoe for each hit or double;
   a split leaves each hand with one card, and a split hand is given its
   second card when it becomes the hand in play (hands are played left to
   right, a new hand from a split going right of the hand it came from);
3. under ``enhc`` the dealer's second card is the next card once the player has
   finished; the dealer then draws (stands on 17, or hits soft 17 under H17)
   while some hand is still live.

Decisions: with an ace up and insurance offered the first action is
``insurance`` or ``no_insurance`` (half the bet, pays 2:1). Under ``peek`` the
dealer then checks an ace or ten up for blackjack and the round ends if found.
A natural ends the round at once. Then each hand in turn: ``hit``, ``stand``,
``double``, ``split``, ``surrender`` — only those the rules allow at that
moment are offered; a hand reaching 21 or more stands by itself, and split aces
take one card each (unless ``hit_split_aces``). Actions carry no positions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

from games.base import Action, Bet, BetSpec, GameSpec, RoundOutcome
from games.canonical import fraction_text
from games.cards._common import single_bet_spec, validate_single_bet
from games.cards.blackjack.rules import DEFAULT_RULES, BlackjackRules, card_value, hand_total
from games.cards.deck import Card, shuffled_shoe
from games.counting import CountingSource
from games.errors import IllegalActionError
from rng import ByteSource

__all__ = [
    "ACTIONS",
    "BET_KIND",
    "BLACKJACK_6TO5_RULES",
    "BlackjackGame",
    "catalog",
    "catalog_rules",
    "game_for",
]

BET_KIND = "main"
HIT, STAND, DOUBLE, SPLIT, SURRENDER = "hit", "stand", "double", "split", "surrender"
INSURANCE, NO_INSURANCE = "insurance", "no_insurance"
ACTIONS = (HIT, STAND, DOUBLE, SPLIT, SURRENDER, INSURANCE, NO_INSURANCE)
MAX_BET = 10**15

DEALING_ORDER = (
    "shuffle the whole shoe; player card, dealer up card, player card, dealer hole card "
    "(peek only); then the next card for every hit, double and split hand (a split hand gets "
    "its second card when it comes into play; hands left to right); enhc: the dealer's second "
    "card after the player; then the dealer's draws"
)


@dataclass
class _Hand:
    cards: list[Card]
    bet: int
    from_split: bool = False
    split_aces: bool = False
    doubled: bool = False
    surrendered: bool = False
    done: bool = False
    actions: list[str] = field(default_factory=list)

    @property
    def values(self) -> list[int]:
        return [card_value(c.rank) for c in self.cards]

    @property
    def total(self) -> tuple[int, bool]:
        return hand_total(self.values)

    @property
    def natural(self) -> bool:
        return not self.from_split and len(self.cards) == 2 and self.total[0] == 21


class _Replay:
    """One replay of a round: the shoe, the hands, and the actions consumed so far."""

    def __init__(self, rules: BlackjackRules, shoe: list[Card], amount: int) -> None:
        self.rules = rules
        self.shoe = shoe
        self.next_card = 0
        self.amount = amount
        self.insurance_bet = 0
        self.insurance_decided = False
        first = self.draw()
        self.dealer = [self.draw()]
        second = self.draw()
        if rules.peek:
            self.dealer.append(self.draw())
        self.hands = [_Hand([first, second], amount)]
        self.current: int | None = None

    def draw(self) -> Card:
        card = self.shoe[self.next_card]
        self.next_card += 1
        return card

    @property
    def up_value(self) -> int:
        return card_value(self.dealer[0].rank)

    def dealer_natural(self) -> bool:
        return (
            len(self.dealer) == 2 and hand_total(card_value(c.rank) for c in self.dealer)[0] == 21
        )

    def legal(self, hand: _Hand) -> tuple[str, ...]:
        rules = self.rules
        total, soft = hand.total
        values = hand.values
        two = len(values) == 2
        pair = two and values[0] == values[1] and len(self.hands) < rules.max_hands
        if pair and values[0] == 1 and hand.split_aces and not rules.resplit_aces:
            pair = False
        if hand.split_aces and not rules.hit_split_aces:
            return (STAND, SPLIT) if pair else ()
        out = [HIT, STAND]
        if (
            two
            and rules.can_double(total, soft)
            and (not hand.from_split or rules.double_after_split)
        ):
            out.append(DOUBLE)
        if pair:
            out.append(SPLIT)
        if rules.late_surrender and two and not hand.from_split and not hand.actions:
            out.append(SURRENDER)
        return tuple(out)


@dataclass(frozen=True)
class BlackjackGame:
    """A blackjack game id: its rules and the return of the documented strategy."""

    game_id: str
    rules: BlackjackRules = DEFAULT_RULES
    #: return per initial unit of the engine's basic strategy for the configured shoe
    expected_return: Fraction = Fraction(1)
    return_method: str = ""
    version: int = 1

    def model(self) -> dict[str, Any]:
        return {
            "game": self.game_id,
            "version": self.version,
            "kind": "blackjack",
            "rules": self.rules.to_json(),
            "dealing": DEALING_ORDER,
            "strategy": "the engine's total-dependent basic strategy (infinite-deck optimal), "
            "never insurance",
            "expected_return": fraction_text(self.expected_return),
            "return_method": self.return_method,
        }

    @cached_property
    def spec(self) -> GameSpec:
        model = self.model()
        bet = BetSpec(
            kind=BET_KIND,
            description=f"one blackjack hand ({self.rules.describe()})",
            pays=f"win 1:1, blackjack {self.rules.blackjack_pays}, insurance 2:1, "
            "surrender returns half",
            min_amount=self.rules.amount_step,
            max_amount=MAX_BET,
            expected_return=self.expected_return,
            amount_step=self.rules.amount_step,
        )
        return single_bet_spec(
            game_id=self.game_id,
            name=f"Blackjack ({self.rules.describe()})",
            version=self.version,
            bet=bet,
            model=model,
        )

    def validate_bets(self, bets: Sequence[Bet]) -> None:
        validate_single_bet(self.spec, bets, "blackjack")

    def play(
        self, stream: ByteSource, bets: Sequence[Bet], actions: Sequence[Action] = ()
    ) -> RoundOutcome:
        self.validate_bets(bets)
        source = CountingSource(stream)
        game = _Replay(self.rules, shuffled_shoe(source, self.rules.decks), bets[0].amount)
        pending = iter(actions)
        legal = self._advance(game, pending)
        leftover = next(pending, None)
        if leftover is not None:
            raise IllegalActionError(
                f"action {leftover.kind!r} is not legal: the round is finished; "
                "no actions are allowed"
            )
        finished = not legal
        if finished:
            self._finish(game)
        return RoundOutcome(
            game_id=self.game_id,
            model_hash=self.spec.model_hash,
            bets=tuple(bets),
            actions=tuple(actions),
            finished=finished,
            legal_actions=legal,
            outcome=self._describe(game, finished),
            total_bet=game.insurance_bet + sum(h.bet for h in game.hands),
            total_win=self._total_win(game) if finished else 0,
            bytes_used=source.used,
        )

    # --- the round -------------------------------------------------------------------

    @staticmethod
    def _take(pending: Iterator[Action], legal: tuple[str, ...], where: str) -> Action | None:
        action = next(pending, None)
        if action is None:
            return None
        if action.kind not in legal:
            raise IllegalActionError(
                f"action {action.kind!r} is not legal {where}; allowed: "
                + ", ".join(repr(a) for a in legal)
            )
        if action.positions:
            raise IllegalActionError(
                f"action {action.kind!r} takes no positions, got {list(action.positions)}"
            )
        return action

    def _advance(self, game: _Replay, pending: Iterator[Action]) -> tuple[str, ...]:
        """Consume actions; return the legal actions at the first open decision, or ()."""
        rules = self.rules
        legal: tuple[str, ...]
        if rules.insurance and game.up_value == 1:
            legal = (INSURANCE, NO_INSURANCE)
            action = self._take(pending, legal, "with an ace up (insurance is offered first)")
            if action is None:
                return legal
            if action.kind == INSURANCE:
                game.insurance_bet = game.amount // 2
            game.insurance_decided = True
        if rules.peek and game.dealer_natural():
            return ()
        if game.hands[0].natural:
            return ()
        index = 0
        while index < len(game.hands):
            hand = game.hands[index]
            game.current = index
            if len(hand.cards) == 1:
                hand.cards.append(game.draw())
            while not hand.done:
                if hand.total[0] >= 21:
                    hand.done = True
                    break
                legal = game.legal(hand)
                if not legal:
                    hand.done = True
                    break
                where = f"on hand {index} ({' '.join(str(c) for c in hand.cards)})"
                action = self._take(pending, legal, where)
                if action is None:
                    return legal
                hand.actions.append(action.kind)
                if action.kind == HIT:
                    hand.cards.append(game.draw())
                elif action.kind == STAND:
                    hand.done = True
                elif action.kind == DOUBLE:
                    hand.bet += game.amount
                    hand.doubled = True
                    hand.cards.append(game.draw())
                    hand.done = True
                elif action.kind == SURRENDER:
                    hand.surrendered = True
                    hand.done = True
                else:  # SPLIT
                    aces = hand.cards[0].rank == 1
                    moved = hand.cards.pop()
                    hand.from_split = True
                    hand.split_aces = aces
                    game.hands.insert(
                        index + 1, _Hand([moved], game.amount, from_split=True, split_aces=aces)
                    )
                    hand.cards.append(game.draw())
            index += 1
        game.current = None
        return ()

    def _finish(self, game: _Replay) -> None:
        """The dealer's play once no decision is left."""
        rules = self.rules
        if not rules.peek:
            game.dealer.append(game.draw())
        if game.dealer_natural() or game.hands[0].natural:
            return
        live = any(not h.surrendered and h.total[0] <= 21 for h in game.hands)
        if not live:
            return
        while True:
            total, soft = hand_total(card_value(c.rank) for c in game.dealer)
            if total > 17 or (total == 17 and not (soft and rules.hit_soft_17)):
                break
            game.dealer.append(game.draw())

    def _hand_win(self, game: _Replay, hand: _Hand) -> tuple[str, int]:
        dealer_bj = game.dealer_natural()
        dealer_total = hand_total(card_value(c.rank) for c in game.dealer)[0]
        total = hand.total[0]
        if hand.natural:
            if dealer_bj:
                return "push", hand.bet
            gain = hand.bet * self.rules.blackjack_payout
            return "blackjack", hand.bet + int(gain)
        if hand.surrendered:
            return ("lose", 0) if dealer_bj else ("surrender", hand.bet // 2)
        if dealer_bj or total > 21:
            return "lose", 0
        if dealer_total > 21 or total > dealer_total:
            return "win", 2 * hand.bet
        if total == dealer_total:
            return "push", hand.bet
        return "lose", 0

    def _total_win(self, game: _Replay) -> int:
        win = sum(self._hand_win(game, hand)[1] for hand in game.hands)
        if game.insurance_bet and game.dealer_natural():
            win += 3 * game.insurance_bet
        return win

    def _describe(self, game: _Replay, finished: bool) -> dict[str, Any]:
        dealer_cards = game.dealer if finished else game.dealer[:1]
        dealer_total, dealer_soft = hand_total(card_value(c.rank) for c in dealer_cards)
        hands = []
        for hand in game.hands:
            total, soft = hand.total
            entry: dict[str, Any] = {
                "cards": [str(c) for c in hand.cards],
                "total": total,
                "soft": soft,
                "bet": hand.bet,
                "actions": list(hand.actions),
                "split": hand.from_split,
                "doubled": hand.doubled,
                "surrendered": hand.surrendered,
                "blackjack": hand.natural,
            }
            if finished:
                entry["result"], entry["win"] = self._hand_win(game, hand)
            hands.append(entry)
        phase = "finished"
        if not finished:
            phase = "player" if game.insurance_decided or game.current is not None else "insurance"
        out: dict[str, Any] = {
            "phase": phase,
            "dealer": {
                "cards": [str(c) for c in dealer_cards],
                "total": dealer_total,
                "soft": dealer_soft,
                "blackjack": finished and game.dealer_natural(),
            },
            "hands": hands,
            "current_hand": game.current,
            "insurance": None,
            "cards_dealt": game.next_card,
        }
        if self.rules.insurance and game.up_value == 1 and game.insurance_decided:
            insurance: dict[str, Any] = {"bet": game.insurance_bet}
            if finished:
                paid = game.insurance_bet and game.dealer_natural()
                insurance["win"] = 3 * game.insurance_bet if paid else 0
            out["insurance"] = insurance
        return out


#: The shipped game ids and their rules (a game id names one fixed rule set).
BLACKJACK_6TO5_RULES = BlackjackRules(blackjack_pays="6:5")


def catalog_rules() -> dict[str, BlackjackRules]:
    return {"blackjack": DEFAULT_RULES, "blackjack-6to5": BLACKJACK_6TO5_RULES}


def game_for(game_id: str, rules: BlackjackRules) -> BlackjackGame:
    """A game for ``rules`` with its committed finite-shoe return."""
    from games.cards.blackjack.figures import finite_return
    from games.cards.blackjack.finite import SPLIT_APPROXIMATION

    return BlackjackGame(
        game_id,
        rules,
        finite_return(rules),
        f"finite shoe, reshuffled every round: {SPLIT_APPROXIMATION}; kept to 12 decimals",
    )


def catalog() -> list[BlackjackGame]:
    """The shipped blackjack games."""
    return [game_for(game_id, rules) for game_id, rules in catalog_rules().items()]
