"""Video poker (Jacks or Better) as a two-step round on the common game interface.

Dealing order (normative): the round's stream shuffles one 52-card deck
(``shuffled_shoe(stream, 1)``, the first and only thing the round reads). The
deal is shoe positions 0..4, shown as positions 0..4. On the ``hold`` action
the discarded positions, in increasing position order, take shoe cards 5, 6,
... in order. The draw can't be steered: the whole order is fixed before the
player sees a card.

Round: ``play(stream, [Bet("hand", amount)])`` deals (not finished; the one
legal action is ``hold``); ``Action("hold", positions)`` with distinct positions
in 0..4 (empty = discard all) draws and finishes. The win is
``pays x amount`` (gross, "for 1"), the royal paying 800 for 1 at any amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

from games.base import Action, Bet, BetSpec, GameSpec, RoundOutcome
from games.canonical import fraction_text
from games.cards._common import single_bet_spec, validate_single_bet
from games.cards.deck import Card, shuffled_shoe
from games.cards.video_poker.hands import CATEGORIES, JACKS_OR_BETTER_9_6, Paytable, evaluate
from games.counting import CountingSource
from games.errors import IllegalActionError
from rng import ByteSource

__all__ = [
    "BET_KIND",
    "DEFAULT_GAME_ID",
    "HOLD",
    "MAX_BET",
    "VideoPokerGame",
    "catalog",
]

DEFAULT_GAME_ID = "video-poker-jacks-or-better"
BET_KIND = "hand"
HOLD = "hold"
HAND_SIZE = 5
MAX_BET = 10**12  #: minor units; 800 x this still fits an int64
#: The 9/6 optimal-play return, 1,653,526,326,983 / 1,661,102,543,100 (the cache
#: file and its test prove it; ``alea math video-poker`` prints the table).
RETURN_9_6 = Fraction(1_653_526_326_983, 1_661_102_543_100)


@dataclass(frozen=True)
class VideoPokerGame:
    """Jacks or Better with a configurable paytable (``expected_return``: optimal holds)."""

    game_id: str = DEFAULT_GAME_ID
    paytable: Paytable = JACKS_OR_BETTER_9_6
    expected_return: Fraction = RETURN_9_6
    version: int = 1

    def model(self) -> dict[str, Any]:
        """The model document the hash covers."""
        return {
            "game": self.game_id,
            "version": self.version,
            "kind": "video_poker",
            "variant": "jacks_or_better",
            "decks": 1,
            "hand_size": HAND_SIZE,
            "paytable": self.paytable.to_json(),
            "paytable_name": self.paytable.name,
            "pays_rule": "gross win = pays x amount (pays are 'for 1')",
            "dealing": "shuffle 52; deal shoe[0..4]; discarded positions in increasing "
            "order take shoe[5], shoe[6], ...",
            "strategy": "optimal holds: highest EV, then lowest second moment, then lowest "
            "position mask",
            "expected_return": fraction_text(self.expected_return),
        }

    @cached_property
    def spec(self) -> GameSpec:
        model = self.model()
        pays = ", ".join(
            f"{name} {pay}" for name, pay in zip(CATEGORIES, self.paytable.pays, strict=True) if pay
        )
        bet = BetSpec(
            kind=BET_KIND,
            description="one hand of Jacks or Better: deal, hold, draw",
            pays=f"for 1: {pays}",
            min_amount=1,
            max_amount=MAX_BET,
            expected_return=self.expected_return,
        )
        return single_bet_spec(
            game_id=self.game_id,
            name=f"Video poker: Jacks or Better {self.paytable.name}",
            version=self.version,
            bet=bet,
            model=model,
        )

    def validate_bets(self, bets: Sequence[Bet]) -> None:
        validate_single_bet(self.spec, bets, "video poker")

    def play(
        self, stream: ByteSource, bets: Sequence[Bet], actions: Sequence[Action] = ()
    ) -> RoundOutcome:
        self.validate_bets(bets)
        amount = bets[0].amount
        source = CountingSource(stream)
        shoe = shuffled_shoe(source, 1)
        dealt = shoe[:HAND_SIZE]
        outcome: dict[str, Any] = {"dealt": [str(c) for c in dealt]}
        if not actions:
            return self._outcome(bets, actions, False, (HOLD,), outcome, amount, 0, source)
        first = actions[0]
        if first.kind != HOLD:
            raise IllegalActionError(
                f"action {first.kind!r} is not legal after the deal; allowed: {HOLD!r} "
                "(with the positions 0..4 to keep)"
            )
        if len(actions) > 1:
            raise IllegalActionError(
                f"action {actions[1].kind!r} is not legal: the round is finished after "
                f"{HOLD!r}; no actions are allowed"
            )
        held = _check_positions(first.positions)
        final: list[Card] = list(dealt)
        replacements: list[Card] = []
        next_card = HAND_SIZE
        for position in range(HAND_SIZE):
            if position not in held:
                final[position] = shoe[next_card]
                replacements.append(shoe[next_card])
                next_card += 1
        category = evaluate(final)
        pays = self.paytable.pays[category]
        win = pays * amount
        outcome.update(
            {
                "held": sorted(held),
                "replacements": [str(c) for c in replacements],
                "final": [str(c) for c in final],
                "hand": CATEGORIES[category],
                "pays": pays,
                "win": win,
            }
        )
        return self._outcome(bets, actions, True, (), outcome, amount, win, source)

    def _outcome(
        self,
        bets: Sequence[Bet],
        actions: Sequence[Action],
        finished: bool,
        legal: tuple[str, ...],
        outcome: dict[str, Any],
        total_bet: int,
        total_win: int,
        source: CountingSource,
    ) -> RoundOutcome:
        return RoundOutcome(
            game_id=self.game_id,
            model_hash=self.spec.model_hash,
            bets=tuple(bets),
            actions=tuple(actions),
            finished=finished,
            legal_actions=legal,
            outcome=outcome,
            total_bet=total_bet,
            total_win=total_win,
            bytes_used=source.used,
        )


def _check_positions(positions: Sequence[int]) -> frozenset[int]:
    for p in positions:
        if isinstance(p, bool) or not isinstance(p, int) or not 0 <= p < HAND_SIZE:
            raise IllegalActionError(
                f"action {HOLD!r}: position {p!r} is not a card position; allowed: 0..4"
            )
    if len(set(positions)) != len(positions):
        raise IllegalActionError(
            f"action {HOLD!r}: positions {list(positions)} repeat a position; "
            "give each position 0..4 at most once"
        )
    return frozenset(positions)


def catalog() -> list[VideoPokerGame]:
    """The shipped video poker games: Jacks or Better 9/6."""
    return [VideoPokerGame()]
