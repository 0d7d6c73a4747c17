"""The one shape every game has: a spec, bets, actions, and a replayable round.

A round is a pure function of (outcome stream, bets, actions)::

    outcome = game.play(stream, bets, actions)

Single-step games (roulette, slots, baccarat) take no actions and always finish.
Multi-step games (blackjack, video poker, three card poker) fix everything
random at the start — the whole shoe is shuffled from the stream before the
first card is dealt — and the actions only choose how far the deal goes. Play
with the actions so far to get the state and the legal next actions; replaying
the same actions always gives the same state. The server and the verifier call
exactly this function, so what a player verifies is what the server played.

Money: every amount is an integer count of minor units. ``total_win`` is the
gross amount paid back to the player for the round (a winning or pushed bet's
stake is included), so a round's return is ``total_win / total_bet``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Protocol, runtime_checkable

from games.errors import InvalidBetError
from rng import ByteSource

__all__ = [
    "MAX_AMOUNT",
    "Action",
    "Bet",
    "BetSpec",
    "Game",
    "GameSpec",
    "RoundOutcome",
    "check_bet_amount",
]

MAX_AMOUNT = 2**63 - 1  #: amounts travel as int64 minor units


@dataclass(frozen=True, slots=True)
class Bet:
    """One stake on one kind of bet.

    ``target`` says what the bet covers where the kind needs it — the numbers of
    a roulette split (``("17", "20")``), a dozen (``("2",)``) — and is empty
    otherwise.
    """

    kind: str
    amount: int
    target: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "amount": self.amount, "target": list(self.target)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Bet:
        return cls(str(data["kind"]), int(data["amount"]), tuple(str(t) for t in data["target"]))


@dataclass(frozen=True, slots=True)
class Action:
    """A player's decision in a multi-step round (``hit``, ``hold``, ``play``, ...).

    ``positions`` carries the indices an action needs (the cards held in video
    poker) and is empty otherwise.
    """

    kind: str
    positions: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "positions": list(self.positions)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Action:
        return cls(str(data["kind"]), tuple(int(p) for p in data.get("positions", ())))


@dataclass(frozen=True)
class BetSpec:
    """A bet a game accepts, its limits and its exact theoretical return.

    ``expected_return`` is the return per unit staked (RTP = 1 + EV) as an exact
    fraction; for a bet whose value depends on play, it assumes the strategy the
    game documents (basic strategy, optimal holds, the stated play/fold rule).
    ``amount_step`` makes every payout a whole number of minor units (a 0.95:1
    Banker bet needs multiples of 20, a half-back even-money bet multiples of 2).
    """

    kind: str
    description: str
    pays: str
    min_amount: int
    max_amount: int
    expected_return: Fraction
    amount_step: int = 1
    target_help: str = ""


@dataclass(frozen=True)
class GameSpec:
    """What a game is: id, version, the hash of its model, its bets and their math."""

    game_id: str
    name: str
    version: int
    model_hash: str
    algorithm_version: str
    multi_step: bool
    bets: tuple[BetSpec, ...]
    #: The headline return: the main bet's exact RTP (per unit of initial stake).
    rtp: Fraction
    #: The model document the hash covers (rules, paytable, reels), canonical-JSON-able.
    model: Mapping[str, Any] = field(repr=False)

    def bet_spec(self, kind: str) -> BetSpec:
        for spec in self.bets:
            if spec.kind == kind:
                return spec
        allowed = ", ".join(b.kind for b in self.bets)
        raise InvalidBetError(f"bet kind {kind!r} is not offered by {self.game_id}; use {allowed}")


@dataclass(frozen=True)
class RoundOutcome:
    """A round's state after the actions so far; final when ``finished``.

    ``outcome`` holds everything needed to show and re-derive the round
    (pocket, stops and window, cards dealt, hands, per-bet settlements) as a
    canonical-JSON-able mapping; it goes into the receipt as it is.
    """

    game_id: str
    model_hash: str
    bets: tuple[Bet, ...]
    actions: tuple[Action, ...]
    finished: bool
    legal_actions: tuple[str, ...]
    outcome: Mapping[str, Any]
    total_bet: int
    total_win: int
    bytes_used: int

    @property
    def initial_bet(self) -> int:
        """The stakes placed before the first action (the bets themselves)."""
        return sum(bet.amount for bet in self.bets)


@runtime_checkable
class Game(Protocol):
    """Every game: a spec, bet validation, and a replayable round."""

    @property
    def spec(self) -> GameSpec: ...

    def validate_bets(self, bets: Sequence[Bet]) -> None:
        """Raise InvalidBetError (naming the bet and field) unless every bet is valid."""
        ...

    def play(
        self, stream: ByteSource, bets: Sequence[Bet], actions: Sequence[Action] = ()
    ) -> RoundOutcome:
        """The round after ``actions``; raises IllegalActionError for an illegal action."""
        ...


def check_bet_amount(spec: BetSpec, amount: object, where: str = "amount") -> int:
    """Validate a stake against a bet's limits and step; return it as an int."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidBetError(f"{where} must be a whole number of minor units, got {amount!r}")
    if amount < spec.min_amount:
        raise InvalidBetError(
            f"{where}={amount} is under the minimum {spec.min_amount} for {spec.kind}"
        )
    if amount > spec.max_amount:
        raise InvalidBetError(
            f"{where}={amount} is over the maximum {spec.max_amount} for {spec.kind}"
        )
    if amount % spec.amount_step:
        raise InvalidBetError(
            f"{where}={amount} must be a multiple of {spec.amount_step} minor units for "
            f"{spec.kind}, so that every payout is a whole number of minor units"
        )
    return amount
