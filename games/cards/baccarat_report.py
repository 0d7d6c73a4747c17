# games.cards.baccarat_report — what `alea math baccarat` prints: the exact
# outcome counts, winning-total distribution and every bet's return for a rule
# set (a named variant, optionally overridden by a JSON/TOML rules file).
# Imports: games.cards.baccarat, games.cards.baccarat_math.
"""The exact math report of a baccarat rule set (for ``alea math baccarat``)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

from games.canonical import fraction_text
from games.cards._common import load_variant_rules
from games.cards.baccarat import BACCARAT_EZ_RULES, BACCARAT_RULES, BaccaratRules
from games.cards.baccarat_math import analyse

__all__ = ["VARIANTS", "load_rules", "math_report", "render_math"]

#: Named rule variants: the shipped game ids and short names for them.
VARIANTS: dict[str, BaccaratRules] = {
    "standard": BACCARAT_RULES,
    "baccarat": BACCARAT_RULES,
    "ez": BACCARAT_EZ_RULES,
    "baccarat-ez": BACCARAT_EZ_RULES,
}


def load_rules(variant: str | None, config: Path | str | None) -> BaccaratRules:
    """The rules of ``variant`` (default standard), with a rules file's fields on top."""
    return load_variant_rules("baccarat", VARIANTS, variant, config, BaccaratRules.from_mapping)


def _percent(value: Fraction) -> str:
    return f"{float(value) * 100:.7f}"


def math_report(variant: str | None, config: Path | str | None) -> dict[str, Any]:
    """Exact figures for the rules, JSON-able (exact numbers as "n/d" strings)."""
    rules = load_rules(variant, config)
    analysis = analyse(rules)
    d = analysis.denominator
    outcomes = {}
    for winner in ("banker", "player", "tie"):
        count = analysis.count(winner)
        outcomes[winner] = {"count": count, "probability": fraction_text(Fraction(count, d))}
    bets: dict[str, Any] = {}
    for kind in rules.bet_kinds:
        ev = analysis.expected_value(kind)
        variance = analysis.variance(kind)
        bets[kind] = {
            "distribution": {
                fraction_text(net): fraction_text(p)
                for net, p in sorted(analysis.distribution(kind).items())
            },
            "expected_value": fraction_text(ev),
            "rtp": fraction_text(1 + ev),
            "house_edge": fraction_text(-ev),
            "house_edge_percent": _percent(-ev),
            "variance": fraction_text(variance),
            "sd": f"{float(variance) ** 0.5:.6f}",
        }
    extras: dict[str, Any] = {
        "naturals": {
            "count": analysis.naturals,
            "probability": fraction_text(Fraction(analysis.naturals, d)),
        },
    }
    if rules.ez:
        extras["dragon_7"] = {"count": analysis.dragon_7}
        extras["panda_8"] = {"count": analysis.panda_8}
    return {
        "game": "baccarat",
        "variant": variant or "standard",
        "rules": rules.to_model(),
        "method": (
            "enumeration of card-value classes over ordered 6-card sequences from the shoe "
            "(unused cards still count); pair bets by rank counts, P = (4d-1)/(52d-1)"
        ),
        "sequences": d,
        "outcomes": outcomes,
        "winning_totals": {
            side: {str(total): count for total, count in table.items()}
            for side, table in analysis.winning_totals().items()
        },
        **extras,
        "bets": bets,
    }


def render_math(report: dict[str, Any]) -> str:
    """The report for people: outcome counts, winning totals and a table of bets."""
    rules = report["rules"]
    lines = [
        f"Baccarat ({report['variant']}): {rules['decks']} decks, tie {rules['tie_pays']}:1, "
        f"pairs {rules['pair_pays']}:1" + (", EZ (no commission)" if rules["ez"] else ""),
        f"Ordered 6-card sequences: {report['sequences']:,}",
        "",
        f"{'result':<8} {'combinations':>28} {'probability':>16}",
    ]
    for winner, row in report["outcomes"].items():
        p = float(Fraction(row["probability"]))
        lines.append(f"{winner:<8} {row['count']:>28,} {p:>16.12f}")
    lines += ["", "Winning totals (combinations):"]
    for side, table in report["winning_totals"].items():
        cells = ", ".join(f"{total}: {count:,}" for total, count in table.items())
        lines.append(f"  {side}: {cells}")
    lines += ["", f"{'bet':<12} {'house edge %':>14} {'sd':>10}  exact EV"]
    for kind, row in report["bets"].items():
        lines.append(
            f"{kind:<12} {row['house_edge_percent']:>14} {row['sd']:>10}  {row['expected_value']}"
        )
    return "\n".join(lines)
