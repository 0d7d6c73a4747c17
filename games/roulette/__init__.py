# games.roulette — roulette on the common game interface: European (single
# zero), American (double zero), French (single zero with La Partage) and
# French with En Prison (a second zero loses). Modules: table (the wheel, the
# normative pocket draw, the layout and every legal placement, the model
# document), game (validation, the spin, settlement in integer minor units),
# math (exact EV and variance by enumeration over the model's pockets) and
# report (`alea math roulette`). Imports: rng and games only.
"""Roulette: four variants, every standard bet, exact math."""

from __future__ import annotations

from functools import cache

from games.base import Game
from games.roulette.game import RouletteGame
from games.roulette.math import BetMath, bet_math
from games.roulette.report import math_report, render_math, variant_named
from games.roulette.table import (
    BET_KINDS,
    EVEN_MONEY_KINDS,
    MAX_BETS_PER_ROUND,
    VARIANTS,
    KindRule,
    Variant,
    build_model,
    kind_rules,
    pocket_color,
    pocket_labels,
)

__all__ = [
    "BET_KINDS",
    "EVEN_MONEY_KINDS",
    "MAX_BETS_PER_ROUND",
    "VARIANTS",
    "BetMath",
    "KindRule",
    "RouletteGame",
    "Variant",
    "bet_math",
    "build_model",
    "catalog",
    "game",
    "kind_rules",
    "math_report",
    "pocket_color",
    "pocket_labels",
    "render_math",
    "variant_named",
]


@cache
def _games() -> tuple[RouletteGame, ...]:
    return tuple(RouletteGame(variant) for variant in VARIANTS.values())


def catalog() -> list[Game]:
    """Every roulette game this package ships (one model version each, version 1)."""
    return list(_games())


def game(variant: str) -> RouletteGame:
    """The game of a variant, by name (``french``) or id (``roulette-french``)."""
    wanted = variant_named(variant)
    for item in _games():
        if item.variant == wanted:
            return item
    raise AssertionError("unreachable: every variant has a game")  # pragma: no cover
