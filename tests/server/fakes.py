"""Two tiny games for the server tests, independent of the real games' progress.

FakeCoin (single-step): one fair draw; "heads"/"tails" pays 2x.
FakeLadder (multi-step): each "climb" draws a coin; heads doubles the pot, tails
loses it; "stop" cashes out; three climbs finish the round. Like every Alea game
it is a pure function of (stream, bets, actions) and reads the stream in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from games.base import Action, Bet, BetSpec, GameSpec, RoundOutcome, check_bet_amount
from games.canonical import canonical_hash
from games.errors import IllegalActionError, InvalidBetError
from rng import ALGORITHM_VERSION, ByteSource, uniform_int


def _spec(game_id: str, multi_step: bool, bets: tuple[BetSpec, ...]) -> GameSpec:
    model = {"game": game_id, "rules": "test fake", "bets": [b.kind for b in bets]}
    return GameSpec(
        game_id=game_id,
        name=game_id,
        version=1,
        model_hash=canonical_hash(model),
        algorithm_version=ALGORITHM_VERSION,
        multi_step=multi_step,
        bets=bets,
        rtp=Fraction(1),
        model=model,
    )


class _FakeGame:
    """What both fakes do alike: hold a spec; accept only known kinds, in range, no target."""

    def __init__(self, spec: GameSpec) -> None:
        self._spec = spec

    @property
    def spec(self) -> GameSpec:
        return self._spec

    def validate_bets(self, bets: Sequence[Bet]) -> None:
        if not bets:
            raise InvalidBetError("bets: at least one bet")
        for index, bet in enumerate(bets):
            bet_spec = self._spec.bet_spec(bet.kind)
            check_bet_amount(bet_spec, bet.amount, f"bets[{index}].amount")
            if bet.target:
                raise InvalidBetError(f"bets[{index}].target must be empty for {bet.kind}")


class FakeCoin(_FakeGame):
    def __init__(self) -> None:
        super().__init__(
            _spec(
                "fake-coin",
                False,
                (
                    BetSpec("heads", "heads", "1:1", 1, 10**9, Fraction(1)),
                    BetSpec("tails", "tails", "1:1", 1, 10**9, Fraction(1), amount_step=2),
                ),
            )
        )

    def play(
        self, stream: ByteSource, bets: Sequence[Bet], actions: Sequence[Action] = ()
    ) -> RoundOutcome:
        self.validate_bets(bets)
        if actions:
            raise IllegalActionError("fake-coin takes no actions")
        side = "heads" if uniform_int(stream, 2) else "tails"
        win = sum(2 * b.amount for b in bets if b.kind == side)
        return RoundOutcome(
            game_id=self._spec.game_id,
            model_hash=self._spec.model_hash,
            bets=tuple(bets),
            actions=(),
            finished=True,
            legal_actions=(),
            outcome={"side": side},
            total_bet=sum(b.amount for b in bets),
            total_win=win,
            bytes_used=0,
        )


class FakeLadder(_FakeGame):
    MAX_CLIMBS = 3

    def __init__(self) -> None:
        super().__init__(
            _spec("fake-ladder", True, (BetSpec("pot", "the pot", "2^k", 1, 10**9, Fraction(1)),))
        )

    def play(
        self, stream: ByteSource, bets: Sequence[Bet], actions: Sequence[Action] = ()
    ) -> RoundOutcome:
        self.validate_bets(bets)
        stake = sum(b.amount for b in bets)
        pot = stake
        draws: list[int] = []
        finished = False
        for index, action in enumerate(actions):
            if finished:
                raise IllegalActionError(f"actions[{index}]: the round is over")
            if action.kind == "stop":
                finished = True
            elif action.kind == "climb":
                draw = uniform_int(stream, 2)
                draws.append(draw)
                pot = pot * 2 if draw else 0
                finished = pot == 0 or len(draws) == self.MAX_CLIMBS
            else:
                raise IllegalActionError(
                    f"actions[{index}].kind={action.kind!r} is not legal; use climb or stop"
                )
        return RoundOutcome(
            game_id=self._spec.game_id,
            model_hash=self._spec.model_hash,
            bets=tuple(bets),
            actions=tuple(actions),
            finished=finished,
            legal_actions=() if finished else ("climb", "stop"),
            outcome={"draws": draws, "pot": pot},
            total_bet=stake,
            total_win=pot if finished else 0,
            bytes_used=0,
        )
