"""The slot round: stops from the outcome stream, the window, line, scatter and feature wins.

Normative mapping (algorithm version ``alea/v1``; docs/fairness.md "Slots")
---------------------------------------------------------------------------
A round is one paid spin plus every free spin it triggers, all read from the
one outcome stream of the round, front to back:

1. **Stops.** Reels are drawn one at a time, left to right (reel 0 first). For
   a reel without weights the stop is ``uniform_int(stream, len(strip))``; for
   a reel with virtual-stop weights it is ``weighted_index(stream, weights)``.
   Nothing else is read for the spin.
2. **Window.** The window has R rows (the model's ``rows``). Row ``r``
   (0 = top) of reel ``i`` shows ``strip_i[(stop_i + r) % len(strip_i)]``.
   (Virtual-stop weights choose the stop, i.e. the top row; the rows below
   show the physical stops that follow it on the strip.)
3. **Lines.** Payline ``l`` is a list of one row per reel; its symbols are
   ``window[line[i]][i]``. Each line pays the rule chosen by the model's
   evaluation (``first_match``: the first matching rule in file order;
   ``highest``: the best ``pays x wild multiplier``, ties to the earlier rule),
   times the bet per line.
4. **Scatters** count every cell of the window showing the scatter symbol; the
   scatter pay (largest count entry not above the count) is times the total bet.
5. **Free spins.** If the base spin's scatter count reaches an entry of the
   trigger table, that many free spins follow, each drawn exactly as in 1-4
   but on the feature reel set, from the *same stream, continuing where the
   previous spin stopped*. Every free-spin win is multiplied by the feature
   multiplier. A free spin whose scatter count reaches an entry of the
   retrigger table adds that many spins to those remaining. Free spins are
   played until none remain.

``total_win`` (gross, minor units) = base line wins + base scatter win + every
free spin's wins. A bet is one ``spin`` bet whose amount is the total stake of
the spin, a multiple of the number of lines; the bet per line is
``amount / lines``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from games.base import Action, Bet, BetSpec, GameSpec, RoundOutcome, check_bet_amount
from games.canonical import canonical_hash
from games.counting import CountingSource
from games.errors import IllegalActionError, InvalidBetError
from games.slots.model import LineEvaluator, Reel, SlotModel, count_table_value
from rng import ALGORITHM_VERSION, ByteSource, uniform_int, weighted_index

__all__ = ["BET_KIND", "SlotGame", "SpinResult", "draw_stops", "spin", "window_of"]

BET_KIND = "spin"


def draw_stops(stream: ByteSource, reels: Sequence[Reel]) -> list[int]:
    """One stop per reel, left to right (mapping step 1)."""
    stops: list[int] = []
    for reel in reels:
        if reel.weights is None:
            stops.append(uniform_int(stream, len(reel.strip)))
        else:
            stops.append(weighted_index(stream, reel.weights))
    return stops


def window_of(reels: Sequence[Reel], stops: Sequence[int], rows: int) -> list[list[str]]:
    """``window[r][i]`` = ``strip_i[(stop_i + r) % len(strip_i)]`` (mapping step 2)."""
    return [
        [reel.strip[(stop + r) % len(reel.strip)] for reel, stop in zip(reels, stops, strict=True)]
        for r in range(rows)
    ]


@dataclass(frozen=True)
class SpinResult:
    """One spin, in credits (multiples of the bet per line), before the feature multiplier."""

    stops: tuple[int, ...]
    window: tuple[tuple[str, ...], ...]
    #: (line index, symbols, rule index, pays, wild multiplier)
    line_hits: tuple[tuple[int, tuple[str, ...], int, int, int], ...]
    scatter_count: int
    scatter_pays: int  # x total bet

    def credits(self, lines: int) -> int:
        """The spin's award in credits: line pays x multipliers + scatter pays x lines."""
        return sum(p * m for _, _, _, p, m in self.line_hits) + self.scatter_pays * lines


def spin(
    model: SlotModel, evaluator: LineEvaluator, reels: Sequence[Reel], stops: Sequence[int]
) -> SpinResult:
    """Evaluate the spin that stopped at ``stops`` (mapping steps 2-4)."""
    window = window_of(reels, stops, model.rows)
    hits: list[tuple[int, tuple[str, ...], int, int, int]] = []
    for index, line in enumerate(model.paylines):
        symbols = tuple(window[row][i] for i, row in enumerate(line))
        hit = evaluator.evaluate(symbols)
        if hit is not None:
            hits.append((index, symbols, hit.rule, hit.pays, hit.multiplier))
    count = 0
    pays = 0
    if model.scatter is not None:
        symbol = model.scatter.symbol
        count = sum(row.count(symbol) for row in window)
        pays = count_table_value(model.scatter.pays, count)
    return SpinResult(tuple(stops), tuple(tuple(row) for row in window), tuple(hits), count, pays)


class SlotGame:
    """A slot machine on the common game interface, defined by a :class:`SlotModel`."""

    def __init__(self, model: SlotModel, rtp: Fraction | None = None) -> None:
        self.model = model
        self.evaluator = LineEvaluator(model)
        if rtp is None:
            rtp = model.rtp
        if rtp is None:  # not a shipped model: compute it (the PAR path needs numpy)
            from games.slots.par import par_sheet

            rtp = par_sheet(model).rtp
        lines = model.line_count
        bet_spec = BetSpec(
            kind=BET_KIND,
            description=(
                f"one spin on {lines} line{'s' if lines > 1 else ''}: the amount is the total "
                f"stake, {lines} x the bet per line"
            ),
            pays="per the paytable, per line; scatters x the total stake",
            min_amount=model.min_bet_per_line * lines,
            max_amount=model.max_bet_per_line * lines,
            expected_return=rtp,
            amount_step=lines,
        )
        self._spec = GameSpec(
            game_id=model.game_id,
            name=model.name,
            version=model.version,
            model_hash=canonical_hash(model.document),
            algorithm_version=ALGORITHM_VERSION,
            multi_step=False,
            bets=(bet_spec,),
            rtp=rtp,
            model=model.document,
        )

    @property
    def spec(self) -> GameSpec:
        return self._spec

    def __repr__(self) -> str:
        return f"SlotGame({self.model.game_id!r}, version={self.model.version})"

    def validate_bets(self, bets: Sequence[Bet]) -> None:
        if len(bets) != 1:
            raise InvalidBetError(
                f"a slot round takes exactly one '{BET_KIND}' bet, got {len(bets)}"
            )
        bet = bets[0]
        if not isinstance(bet, Bet):
            raise InvalidBetError(f"bets[0] must be a Bet, got {type(bet).__name__}")
        spec = self._spec.bet_spec(bet.kind)
        check_bet_amount(spec, bet.amount, "bets[0].amount")
        if bet.target:
            raise InvalidBetError(f"bets[0].target must be empty for a spin, got {bet.target!r}")

    def _spin_json(
        self, result: SpinResult, bet_per_line: int, multiplier: int
    ) -> tuple[dict[str, Any], int]:
        model = self.model
        line_wins = []
        win = 0
        for index, symbols, rule, pays, mult in result.line_hits:
            amount = pays * mult * multiplier * bet_per_line
            win += amount
            line_wins.append(
                {
                    "line": index,
                    "symbols": list(symbols),
                    "rule": model.rules[rule].name,
                    "pays": pays,
                    "multiplier": mult,
                    "win": amount,
                }
            )
        scatter_wins = []
        if result.scatter_pays:
            assert model.scatter is not None
            amount = result.scatter_pays * multiplier * bet_per_line * model.line_count
            win += amount
            scatter_wins.append(
                {
                    "symbol": model.scatter.symbol,
                    "count": result.scatter_count,
                    "pays": result.scatter_pays,
                    "win": amount,
                }
            )
        data = {
            "stops": list(result.stops),
            "window": [list(row) for row in result.window],
            "line_wins": line_wins,
            "scatter_wins": scatter_wins,
            "scatter_count": result.scatter_count,
            "win": win,
        }
        return data, win

    def play(
        self, stream: ByteSource, bets: Sequence[Bet], actions: Sequence[Action] = ()
    ) -> RoundOutcome:
        if actions:
            raise IllegalActionError("a slot round takes no actions; it finishes with the spin")
        self.validate_bets(bets)
        model = self.model
        bet = bets[0]
        bet_per_line = bet.amount // model.line_count
        source = CountingSource(stream)
        base = spin(model, self.evaluator, model.reels, draw_stops(source, model.reels))
        base_json, base_win = self._spin_json(base, bet_per_line, 1)
        total_win = base_win
        outcome: dict[str, Any] = {
            "bet_per_line": bet_per_line,
            "lines": model.line_count,
            "stops": base_json["stops"],
            "window": base_json["window"],
            "line_wins": base_json["line_wins"],
            "scatter_wins": base_json["scatter_wins"],
            "base_win": base_win,
            "free_spins": None,
        }
        fs = model.free_spins
        awarded = count_table_value(fs.trigger, base.scatter_count) if fs is not None else 0
        if fs is not None and awarded:
            remaining = awarded
            spins: list[dict[str, Any]] = []
            feature_win = 0
            while remaining:
                remaining -= 1
                result = spin(model, self.evaluator, fs.reels, draw_stops(source, fs.reels))
                data, win = self._spin_json(result, bet_per_line, fs.multiplier)
                retrigger = count_table_value(fs.retrigger, result.scatter_count)
                remaining += retrigger
                data["retrigger"] = retrigger
                spins.append(data)
                feature_win += win
            outcome["free_spins"] = {
                "awarded": awarded,
                "retriggered": len(spins) - awarded,
                "played": len(spins),
                "multiplier": fs.multiplier,
                "spins": spins,
                "win": feature_win,
            }
            total_win += feature_win
        outcome["total_win"] = total_win
        return RoundOutcome(
            game_id=model.game_id,
            model_hash=self._spec.model_hash,
            bets=tuple(bets),
            actions=(),
            finished=True,
            legal_actions=(),
            outcome=outcome,
            total_bet=bet.amount,
            total_win=total_win,
            bytes_used=source.used,
        )
