# games.cards.three_card_poker_report — what `alea math three-card-poker` prints:
# hand counts, the Pair Plus return and the Ante/Play return (Q-6-4 strategy and
# the best play/fold rule) for a rule set (a named variant, optionally overridden
# by a JSON/TOML rules file). Imports: games.cards.three_card_poker(_math).
"""The exact math report of a Three Card Poker rule set (for ``alea math three-card-poker``)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

from games.canonical import fraction_text
from games.cards._common import load_variant_rules
from games.cards.three_card_poker import (
    PLAY_THRESHOLD,
    STRATEGY,
    TCP_PP3_RULES,
    TCP_RULES,
    TcpRules,
    category_of,
)
from games.cards.three_card_poker_math import DEALER_HANDS, HANDS, analyse, category_counts

__all__ = ["VARIANTS", "describe_strength", "load_rules", "math_report", "render_math"]

VARIANTS: dict[str, TcpRules] = {
    "standard": TCP_RULES,
    "three-card-poker": TCP_RULES,
    "pp3": TCP_PP3_RULES,
    "three-card-poker-pp3": TCP_PP3_RULES,
}
_RANKS = {14: "A", 13: "K", 12: "Q", 11: "J", 10: "T"}


def describe_strength(strength: int) -> str:
    """A readable name of a strength: "Q-6-4" for high cards, else the category."""
    category = category_of(strength)
    if category != "high_card":
        return category
    low = strength % 4096
    ranks = (low // 256, low // 16 % 16, low % 16)
    return "-".join(_RANKS.get(r, str(r)) for r in ranks)


def load_rules(variant: str | None, config: Path | str | None) -> TcpRules:
    """The rules of ``variant`` (default standard), with a rules file's fields on top."""
    return load_variant_rules("three card poker", VARIANTS, variant, config, TcpRules.from_mapping)


def _ante_block(rules: TcpRules, play_from: int) -> dict[str, Any]:
    analysis = analyse(rules, play_from)
    ev = analysis.ante_ev()
    variance = analysis.ante_variance()
    return {
        "play_from": describe_strength(play_from),
        "expected_value": fraction_text(ev),
        "ev_over_deals": f"{analysis.ante_ev_numerator()}/{analysis.deals}",
        "rtp": fraction_text(1 + ev),
        "house_edge_percent": f"{-float(ev) * 100:.6f}",
        "element_of_risk": fraction_text(-analysis.element_of_risk()),
        "element_of_risk_percent": f"{-float(analysis.element_of_risk()) * 100:.4f}",
        "play_probability": fraction_text(analysis.play_probability()),
        "variance": fraction_text(variance),
        "sd": f"{float(variance) ** 0.5:.6f}",
    }


def math_report(variant: str | None, config: Path | str | None) -> dict[str, Any]:
    """Exact figures for the rules, JSON-able (exact numbers as "n/d" strings)."""
    rules = load_rules(variant, config)
    analysis = analyse(rules)
    pp_ev = analysis.pair_plus_ev()
    pp_variance = analysis.pair_plus_variance()
    best = analysis.optimal_threshold()
    counts = category_counts()
    return {
        "game": "three-card-poker",
        "variant": variant or "standard",
        "rules": rules.to_model(),
        "method": (
            f"all {HANDS:,} player hands x {DEALER_HANDS:,} dealer hands, dealer outcomes "
            "counted by rank order with inclusion-exclusion over shared cards"
        ),
        "deals": HANDS * DEALER_HANDS,
        "hand_counts": {name: counts[name] for name in reversed(list(counts))},
        "pair_plus": {
            "distribution": {str(net): n for net, n in analysis.pair_plus_distribution().items()},
            "expected_value": fraction_text(pp_ev),
            "ev_over_hands": f"{analysis.pair_plus_ev_numerator()}/{HANDS}",
            "rtp": fraction_text(1 + pp_ev),
            "house_edge_percent": f"{-float(pp_ev) * 100:.4f}",
            "variance": fraction_text(pp_variance),
            "sd": f"{float(pp_variance) ** 0.5:.6f}",
        },
        "ante": {"strategy": STRATEGY, **_ante_block(rules, PLAY_THRESHOLD)},
        "ante_best_rule": _ante_block(rules, best),
    }


def render_math(report: dict[str, Any]) -> str:
    """The report for people."""
    rules = report["rules"]
    pp = "-".join(str(v) for v in rules["pair_plus"].values())
    bonus = "/".join(str(v) for v in rules["ante_bonus"].values())
    lines = [
        f"Three Card Poker ({report['variant']}): Pair Plus {pp}, ante bonus {bonus}",
        f"Deals enumerated: {report['deals']:,}",
        "",
        f"{'hand':<16} {'combinations':>12}",
    ]
    for name, count in report["hand_counts"].items():
        lines.append(f"{name:<16} {count:>12,}")
    pair_plus, ante, best = report["pair_plus"], report["ante"], report["ante_best_rule"]
    lines += [
        "",
        f"Pair Plus: EV {pair_plus['ev_over_hands']} = -{pair_plus['house_edge_percent']}%, "
        f"sd {pair_plus['sd']}",
        f"Ante/Play ({ante['strategy']}): EV {ante['ev_over_deals']} = "
        f"-{ante['house_edge_percent']}% of the ante; element of risk "
        f"{ante['element_of_risk_percent']}%; sd {ante['sd']}; "
        f"plays {float(Fraction(ante['play_probability'])):.4%} of hands",
        f"Best play/fold rule: play {best['play_from']} or better "
        f"(EV {best['ev_over_deals']} = -{best['house_edge_percent']}%)",
    ]
    return "\n".join(lines)
