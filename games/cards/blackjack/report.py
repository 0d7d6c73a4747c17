"""``alea math blackjack``: exact blackjack figures for a rule set.

Prints the dealer's final-total distribution per up card and the player's EV
under the engine's total-dependent basic strategy for an infinite deck (exact
fractions, computed here), the basic strategy chart generated from it, the
finite-shoe EV of that strategy for the configured shoe (with its stated split
approximation), and the insurance bet's exact return.
"""

from __future__ import annotations

import json
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

from games.canonical import fraction_text, parse_fraction
from games.cards.blackjack.figures import figures_for
from games.cards.blackjack.game import catalog_rules
from games.cards.blackjack.rules import BlackjackRules
from games.cards.blackjack.strategy import (
    DEALER_OUTCOMES,
    VALUES,
    basic_strategy,
    dealer_distribution,
    infinite_deck_analysis,
)
from games.errors import ModelError

__all__ = ["math_report", "render_math", "rules_from_config"]

_UP_NAMES = {1: "A", 10: "T"}


def rules_from_config(variant: str | None, config: Path | str | None) -> tuple[str, BlackjackRules]:
    """The rule set a game id (``--variant``) or a rules file names (default: ``blackjack``)."""
    shipped = catalog_rules()
    if config is not None:
        path = Path(config)
        text = path.read_text()
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
        return path.stem, BlackjackRules.from_json(data.get("rules", data))
    name = variant or "blackjack"
    if name not in shipped and f"blackjack-{name}" in shipped:
        name = f"blackjack-{name}"
    if name not in shipped:
        raise ModelError(f"unknown blackjack variant {variant!r}; use {', '.join(shipped)}")
    return name, shipped[name]


def math_report(variant: str | None, config: Path | str | None) -> dict[str, Any]:
    name, rules = rules_from_config(variant, config)
    figures = figures_for(rules)
    infinite = infinite_deck_analysis(rules)
    if parse_fraction(figures["infinite_deck_ev"]) != infinite["ev"]:
        raise ModelError("the cached infinite-deck figure differs from the computation")
    dealer = {}
    for up in VALUES:
        dist = dealer_distribution(up, rules.hit_soft_17, rules.peek)
        dealer[_UP_NAMES.get(up, str(up))] = {
            o: fraction_text(p) for o, p in zip(DEALER_OUTCOMES, dist, strict=True)
        }
    finite_ev = parse_fraction(figures["finite_deck_ev"])
    tens = 16 * rules.decks
    cards = 52 * rules.decks
    insurance_return = Fraction(3 * tens, cards - 1)
    return {
        "game": name,
        "rules": rules.to_json(),
        "rules_text": rules.describe(),
        "strategy": "total-dependent basic strategy, optimal for an infinite deck; never insurance",
        "dealer_distribution": dealer,
        "dealer_distribution_note": (
            "infinite deck; given no dealer blackjack (peek)"
            if rules.peek
            else "infinite deck; blackjack included (no hole card)"
        ),
        "infinite_deck_ev": fraction_text(infinite["ev"]),
        "infinite_deck_ev_by_up": {
            _UP_NAMES.get(up, str(up)): fraction_text(ev) for up, ev in infinite["by_up"].items()
        },
        "finite_deck_ev": figures["finite_deck_ev"],
        "finite_deck_method": figures["finite_method"],
        "chart": basic_strategy(rules).chart(),
        "bets": [
            {
                "kind": "main",
                "return": fraction_text(1 + finite_ev),
                "return_note": "finite shoe, " + figures["finite_method"],
                "infinite_deck_return": fraction_text(1 + infinite["ev"]),
            },
            {
                "kind": "insurance",
                "return": fraction_text(insurance_return),
                "return_note": "per unit of insurance, top of the shoe, exact",
            },
        ],
    }


def render_math(report: dict[str, Any]) -> str:
    ups = ["2", "3", "4", "5", "6", "7", "8", "9", "T", "A"]
    lines = [
        f"Blackjack '{report['game']}': {report['rules_text']}",
        f"Strategy: {report['strategy']}",
        "",
        f"Dealer final totals ({report['dealer_distribution_note']}):",
        "up " + "".join(f"{o:>11}" for o in DEALER_OUTCOMES),
    ]
    for up in ups:
        row = report["dealer_distribution"][up]
        lines.append(
            f"{up:3}" + "".join(f"{float(parse_fraction(row[o])):>11.6f}" for o in DEALER_OUTCOMES)
        )
    infinite = parse_fraction(report["infinite_deck_ev"])
    finite = parse_fraction(report["finite_deck_ev"])
    lines += [
        "",
        f"Player EV, infinite deck (exact): {float(infinite):+.6%}  = {report['infinite_deck_ev']}",
        f"Player EV, this shoe:             {float(finite):+.6%}",
        f"  method: {report['finite_deck_method']}",
        f"Main bet return (this shoe): {float(1 + finite):.8f}",
        f"Insurance return: {float(parse_fraction(report['bets'][1]['return'])):.6f} "
        f"= {report['bets'][1]['return']}",
        "",
        "Basic strategy (H hit, S stand, Dh/Ds double else hit/stand, P split, "
        "Rh/Rs/Rp surrender else hit/stand/split):",
        "         " + "".join(f"{u:>4}" for u in ups),
    ]
    for row, cells in report["chart"].items():
        lines.append(f"{row:9}" + "".join(f"{cells[u]:>4}" for u in ups))
    return "\n".join(lines)
