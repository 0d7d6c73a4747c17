"""Exact roulette math, by enumeration over the pockets of the published model.

Works from the model document alone (the one the model hash covers): the
pocket list, what each placement covers, what it pays and the zero rule. For
every placement of every bet kind it enumerates the pockets (and, with En
Prison, the second spin's pockets) and collects the distribution of the gross
return per unit staked; the kind's figures are those of its placements, which
must all agree. Everything is a :class:`~fractions.Fraction`; decimals are for
display only and are computed with :mod:`decimal`, never with floats.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from games.errors import ModelError

__all__ = ["BetMath", "bet_math", "decimal_text", "sqrt_text"]


@dataclass(frozen=True)
class BetMath:
    """The exact figures of one bet kind, per unit staked.

    ``distribution`` maps the gross return (stake included; 0 = lost) to its
    probability. ``expected_value`` is the player's net expectation
    (``expected_return - 1``); the house edge is its negative.
    """

    kind: str
    pays: int
    size: int
    placements: int
    distribution: Mapping[Fraction, Fraction]

    @property
    def expected_return(self) -> Fraction:
        return sum((r * p for r, p in self.distribution.items()), Fraction(0))

    @property
    def expected_value(self) -> Fraction:
        return self.expected_return - 1

    @property
    def variance(self) -> Fraction:
        mean = self.expected_return
        return sum(((r - mean) ** 2 * p for r, p in self.distribution.items()), Fraction(0))

    @property
    def p_win(self) -> Fraction:
        """Probability of a net win (more back than staked)."""
        return sum((p for r, p in self.distribution.items() if r > 1), Fraction(0))


def _placement_distribution(
    pockets: list[str],
    zeros: frozenset[str],
    numbers: frozenset[str],
    pays: int,
    even_money: bool,
    zero_rule: str,
) -> dict[Fraction, Fraction]:
    one = Fraction(1, len(pockets))
    dist: dict[Fraction, Fraction] = {}

    def add(ret: Fraction, prob: Fraction) -> None:
        dist[ret] = dist.get(ret, Fraction(0)) + prob

    for first in pockets:
        if first in numbers:
            add(Fraction(pays + 1), one)
        elif even_money and first in zeros and zero_rule == "la_partage":
            add(Fraction(1, 2), one)
        elif even_money and first in zeros and zero_rule == "en_prison":
            for second in pockets:
                # released (stake back) if the second spin is covered; any other
                # pocket, a second zero included, loses the bet
                add(Fraction(1 if second in numbers else 0), one * one)
        else:
            add(Fraction(0), one)
    return dist


def bet_math(model: Mapping[str, Any]) -> dict[str, BetMath]:
    """Exact figures for every bet kind of a roulette model, keyed by kind."""
    pockets = [str(p) for p in model["pocket_draw"]["index_to_pocket"]]
    if len(set(pockets)) != len(pockets):
        raise ModelError("the model's pockets repeat a label")
    zeros = frozenset(str(z) for z in model["zeros"])
    zero_rule = str(model["rules"]["zero_rule"])
    if zero_rule not in ("none", "la_partage", "en_prison"):
        raise ModelError(f"zero_rule={zero_rule!r} is not one of none, la_partage, en_prison")
    out: dict[str, BetMath] = {}
    for bet in model["bets"]:
        kind = str(bet["kind"])
        pays = int(bet["pays"])
        dists = []
        for placement in bet["placements"]:
            numbers = frozenset(str(n) for n in placement["numbers"])
            if not numbers <= set(pockets):
                raise ModelError(
                    f"{kind} placement {sorted(numbers)} names a pocket not on the wheel"
                )
            dists.append(
                _placement_distribution(
                    pockets, zeros, numbers, pays, bool(bet["even_money"]), zero_rule
                )
            )
        if not dists:
            raise ModelError(f"bet kind {kind!r} has no placements")
        if any(d != dists[0] for d in dists[1:]):
            raise ModelError(f"placements of {kind!r} do not all have the same return")
        if sum(dists[0].values()) != 1:
            raise ModelError(f"{kind!r}: probabilities do not sum to 1")
        out[kind] = BetMath(
            kind, pays, int(bet["size"]), len(dists), dict(sorted(dists[0].items()))
        )
    return out


def decimal_text(value: Fraction, places: int = 10) -> str:
    """``value`` rounded half-even to ``places`` decimals, computed exactly."""
    with localcontext() as ctx:
        ctx.prec = 60
        quotient = Decimal(value.numerator) / Decimal(value.denominator)
        return str(quotient.quantize(Decimal(1).scaleb(-places)))


def sqrt_text(value: Fraction, places: int = 10) -> str:
    """The square root of a non-negative ``value`` to ``places`` decimals."""
    if value < 0:
        raise ValueError(f"cannot take the square root of {value}")
    with localcontext() as ctx:
        ctx.prec = 60
        root = (Decimal(value.numerator) / Decimal(value.denominator)).sqrt()
        return str(root.quantize(Decimal(1).scaleb(-places)))
