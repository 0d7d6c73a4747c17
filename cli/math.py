"""``alea math GAME``: the exact return of every bet of a game, for its rules.

Each game's math module exposes ``math_report(variant, config) -> dict`` (a
JSON-able mapping; exact numbers as "numerator/denominator" strings) and
``render_math(report) -> str`` for people. This command only dispatches.
"""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path

#: game name -> module providing math_report() and render_math(). One line per game.
MATH_MODULES: dict[str, str] = {
    "video-poker": "games.cards.video_poker.report",
    "blackjack": "games.cards.blackjack.report",
    "roulette": "games.roulette.report",
    "baccarat": "games.cards.baccarat_report",
    "three-card-poker": "games.cards.three_card_poker_report",
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("game", help="the game: " + ", ".join(sorted(MATH_MODULES)))
    parser.add_argument("--variant", help="a named rule variant (e.g. european, american, french)")
    parser.add_argument("--config", type=Path, help="a rules file (JSON or TOML) for the game")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    if args.game not in MATH_MODULES:
        known = ", ".join(sorted(MATH_MODULES))
        raise LookupError(f"unknown game {args.game!r}; choose from {known}")
    module = importlib.import_module(MATH_MODULES[args.game])
    report = module.math_report(args.variant, args.config)
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        print(module.render_math(report))
    return 0
