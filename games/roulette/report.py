"""``alea math roulette``: every bet's exact EV and spread, per variant.

:func:`math_report` returns a JSON-able mapping (exact numbers as
``"numerator/denominator"`` strings, decimals as strings); :func:`render_math`
turns it into a table for people. Without a variant the report covers every
variant; the shape is the same either way (a ``variants`` list).
"""

from __future__ import annotations

import json
import textwrap
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from games.canonical import canonical_hash, fraction_text
from games.errors import ModelError, UnknownGameError
from games.roulette.math import bet_math, decimal_text, sqrt_text
from games.roulette.table import VARIANTS, Variant, build_model, kind_rules

__all__ = ["math_report", "render_math", "variant_named"]


def variant_named(name: str) -> Variant:
    """A variant by its name (``european``) or game id (``roulette-european``)."""
    key = name.strip().lower()
    key = key.removeprefix("roulette-")
    if key not in VARIANTS:
        known = ", ".join(VARIANTS)
        raise UnknownGameError(f"unknown roulette variant {name!r}; choose from {known}")
    return VARIANTS[key]


def _config_variant(config: Path) -> str | None:
    """The variant a rules file names. Roulette's rules are fixed per variant."""
    text = config.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text) if config.suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(
            f"{config}: not valid {config.suffix.lstrip('.') or 'JSON'}: {exc}"
        ) from exc
    if not isinstance(data, dict):
        raise ModelError(f"{config}: expected an object with a 'variant' key")
    unknown = sorted(set(data) - {"variant"})
    if unknown:
        raise ModelError(
            f"{config}: unknown key(s) {', '.join(unknown)}; roulette rules are fixed per "
            "variant, so a rules file may only name 'variant'"
        )
    value = data.get("variant")
    if value is not None and not isinstance(value, str):
        raise ModelError(f"{config}: 'variant' must be a string, got {value!r}")
    return value


def math_report(variant: str | None = None, config: Path | None = None) -> dict[str, Any]:
    """Exact figures for every bet of one variant (or of all variants)."""
    chosen = variant
    if config is not None:
        named = _config_variant(config)
        if (
            named is not None
            and chosen is not None
            and variant_named(named) != variant_named(chosen)
        ):
            raise ModelError(f"--variant {chosen!r} contradicts {config}'s variant {named!r}")
        chosen = chosen or named
    variants = [variant_named(chosen)] if chosen is not None else list(VARIANTS.values())
    return {"game": "roulette", "variants": [_variant_report(v) for v in variants]}


def _exact(value: Fraction, places: int = 10) -> dict[str, str]:
    return {"exact": fraction_text(value), "decimal": decimal_text(value, places)}


def _variant_report(variant: Variant) -> dict[str, Any]:
    model = build_model(variant)
    figures = bet_math(model)
    bets = []
    for rule in kind_rules(variant).values():
        fig = figures[rule.kind]
        bets.append(
            {
                "kind": rule.kind,
                "description": rule.description,
                "numbers": rule.size,
                "pays": f"{rule.pays}:1",
                "placements": fig.placements,
                "even_money": rule.even_money,
                "min_amount": rule.min_amount,
                "max_amount": rule.max_amount,
                "amount_step": rule.amount_step,
                "p_win": _exact(fig.p_win),
                "expected_value": _exact(fig.expected_value),
                "expected_return": _exact(fig.expected_return),
                "house_edge_percent": decimal_text(-fig.expected_value * 100, 7),
                "variance": _exact(fig.variance),
                "sd": sqrt_text(fig.variance),
                "distribution": [
                    {"return": fraction_text(r), "probability": fraction_text(p)}
                    for r, p in fig.distribution.items()
                ],
            }
        )
    return {
        "variant": variant.name,
        "game_id": variant.game_id,
        "title": variant.title,
        "version": model["version"],
        "model_hash": canonical_hash(model),
        "pockets": variant.pockets,
        "zeros": list(variant.zeros),
        "zero_rule": model["rules"]["zero_rule"],
        "zero_rule_text": model["rules"]["zero_rule_text"],
        "bets": bets,
    }


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    """One table row: the kind and the odds left-aligned, numbers right-aligned."""
    return "  ".join(
        cell.ljust(width) if column in (0, 2) else cell.rjust(width)
        for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
    ).rstrip()


def render_math(report: dict[str, Any]) -> str:
    """A readable table per variant."""
    blocks = []
    headers = ("bet", "numbers", "pays", "placements", "P(win)", "EV", "edge %", "variance", "SD")
    for var in report["variants"]:
        rows = [
            (
                bet["kind"],
                str(bet["numbers"]),
                bet["pays"],
                str(bet["placements"]),
                bet["p_win"]["exact"],
                bet["expected_value"]["exact"],
                bet["house_edge_percent"],
                bet["variance"]["exact"],
                str(Decimal(bet["sd"]).quantize(Decimal("0.0001"))),
            )
            for bet in var["bets"]
        ]
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
        zeros = ", ".join(var["zeros"])
        lines = [
            f"{var['title']} — {var['game_id']} v{var['version']}",
            f"model hash {var['model_hash']}",
            f"{var['pockets']} pockets (zeros: {zeros}); zero rule: {var['zero_rule']}",
            *textwrap.wrap(var["zero_rule_text"], 96, initial_indent="  ", subsequent_indent="  "),
            "",
            _line(headers, widths),
            _line(tuple("-" * w for w in widths), widths),
            *(_line(r, widths) for r in rows),
        ]
        blocks.append("\n".join(lines))
    note = (
        "EV and variance per unit staked, exact; edge % = -EV x 100; SD = sqrt(variance), decimal."
    )
    return "\n\n".join([*blocks, note])
