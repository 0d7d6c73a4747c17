"""Play a game through the real stream-driven code and compare with its exact math.

The harness the game tests and certification share. Rounds are keyed exactly
as the server keys them (server seed, client seed, nonce 0, 1, 2, ...), so a
simulation is reproducible from its seeds and exercises the production path.

Returns are measured per unit of *initial* stake: a round's return is
``(initial_bet + total_win - total_bet) / initial_bet``. For games without
further stakes (doubles, splits, the Play bet) this is ``total_win / total_bet``;
for the others it is the usual "per initial hand" figure that exact EVs quote.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from games.base import Action, Bet, Game, RoundOutcome
from games.errors import IllegalActionError
from rng import OutcomeStream

__all__ = ["Z_99", "SimulationSummary", "Strategy", "play_round", "simulate"]

Z_99 = 2.5758293035489004  #: two-sided 99% standard normal quantile
#: A player's decision rule for multi-step games: the state so far -> the next action.
Strategy = Callable[[RoundOutcome], Action]
MAX_ACTIONS_PER_ROUND = 64


@dataclass(frozen=True)
class SimulationSummary:
    """What a simulation measured, with its 99% confidence interval for the return."""

    rounds: int
    initial_staked: int
    total_bet: int
    total_win: int
    mean_return: float
    sd_return: float
    hits: int
    #: win amount (gross, minor units) -> rounds
    award_counts: dict[int, int] = field(repr=False)

    @property
    def hit_rate(self) -> float:
        return self.hits / self.rounds

    @property
    def half_width_99(self) -> float:
        return Z_99 * self.sd_return / math.sqrt(self.rounds)

    @property
    def interval_99(self) -> tuple[float, float]:
        return (self.mean_return - self.half_width_99, self.mean_return + self.half_width_99)

    def contains(self, theoretical: Fraction | float) -> bool:
        """True when the theoretical return lies inside the 99% interval."""
        low, high = self.interval_99
        return low <= float(theoretical) <= high


def play_round(
    game: Game,
    server_seed: bytes,
    client_seed: str,
    nonce: int,
    bets: Sequence[Bet],
    strategy: Strategy | None = None,
) -> RoundOutcome:
    """Play one round to the end, asking ``strategy`` for every decision."""
    actions: list[Action] = []
    while True:
        stream = OutcomeStream(server_seed, client_seed, nonce)
        outcome = game.play(stream, bets, actions)
        if outcome.finished:
            return outcome
        if strategy is None:
            raise IllegalActionError(f"{game.spec.game_id} needs a strategy to finish a round")
        if len(actions) >= MAX_ACTIONS_PER_ROUND:
            raise IllegalActionError("the strategy did not finish the round")
        actions.append(strategy(outcome))


def simulate(
    game: Game,
    bets: Sequence[Bet],
    rounds: int,
    server_seed: bytes,
    client_seed: str,
    *,
    strategy: Strategy | None = None,
    first_nonce: int = 0,
    progress: Callable[[int], None] | None = None,
) -> SimulationSummary:
    """Play ``rounds`` rounds with the same bets and summarise the returns."""
    if rounds < 2:
        raise ValueError(f"rounds={rounds} must be at least 2 to estimate a spread")
    game.validate_bets(bets)
    initial = sum(bet.amount for bet in bets)
    total_bet = total_win = hits = 0
    sum_r = sum_r2 = 0.0
    awards: Counter[int] = Counter()
    for i in range(rounds):
        outcome = play_round(game, server_seed, client_seed, first_nonce + i, bets, strategy)
        total_bet += outcome.total_bet
        total_win += outcome.total_win
        net = outcome.total_win - outcome.total_bet
        r = (initial + net) / initial
        sum_r += r
        sum_r2 += r * r
        hits += outcome.total_win > 0
        awards[outcome.total_win] += 1
        if progress is not None and (i + 1) % 10_000 == 0:
            progress(i + 1)
    mean = sum_r / rounds
    variance = max(sum_r2 / rounds - mean * mean, 0.0) * rounds / (rounds - 1)
    return SimulationSummary(
        rounds=rounds,
        initial_staked=initial * rounds,
        total_bet=total_bet,
        total_win=total_win,
        mean_return=mean,
        sd_return=math.sqrt(variance),
        hits=hits,
        award_counts=dict(awards),
    )
