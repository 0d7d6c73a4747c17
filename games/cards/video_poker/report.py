"""``alea math video-poker``: the exact optimal-play return and hand table of a paytable.

The default 9/6 table comes from the committed cache (instant); another
paytable (``--config FILE`` with ``{"paytable": {category: pays}}``) is
computed by the full enumeration (numpy, about a minute) and cached under
``$XDG_CACHE_HOME/alea/`` (default ``~/.cache/alea/``).
"""

from __future__ import annotations

import json
import os
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

from games.canonical import canonical_hash, fraction_text, parse_fraction
from games.cards.video_poker.cache import check_table, load_cached_table
from games.cards.video_poker.hands import CATEGORIES, JACKS_OR_BETTER_9_6, Paytable
from games.errors import ModelError

__all__ = ["hand_table", "math_report", "paytable_from_config", "render_math"]


def paytable_from_config(variant: str | None, config: Path | str | None) -> Paytable:
    """The paytable a variant name or rules file asks for (9/6 by default)."""
    if variant not in (None, "9/6", "9-6", "jacks-or-better"):
        raise ModelError(f"unknown video poker variant {variant!r}; use 9/6 or a --config file")
    if config is None:
        return JACKS_OR_BETTER_9_6
    path = Path(config)
    text = path.read_text()
    data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    table = data.get("paytable", data)
    return Paytable.from_json(table, name=str(data.get("name", path.stem)))


def hand_table(paytable: Paytable) -> dict[str, Any]:
    """The optimal-play hand table for ``paytable`` (cached; computed when new)."""
    if paytable.pays == JACKS_OR_BETTER_9_6.pays:
        return load_cached_table()
    cache_dir = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "alea"
    path = cache_dir / f"video_poker_{canonical_hash(paytable.to_json())[:16]}.json"
    if path.exists():
        table: dict[str, Any] = json.loads(path.read_text())
    else:
        from games.cards.video_poker.exact import compute_hand_table

        table = compute_hand_table(paytable)
        cache_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
    check_table(table, paytable)
    return table


def math_report(variant: str | None, config: Path | str | None) -> dict[str, Any]:
    """Exact figures of optimal play: hand table, return, variance, hit frequency."""
    paytable = paytable_from_config(variant, config)
    table = hand_table(paytable)
    total = table["total"]
    rows = []
    second = Fraction(0)
    hits = 0
    for name, pay in zip(CATEGORIES, paytable.pays, strict=True):
        count = table["counts"][name]
        probability = Fraction(count, total)
        second += pay * pay * probability
        hits += count if pay else 0
        rows.append(
            {
                "hand": name,
                "pays": pay,
                "combinations": count,
                "probability": fraction_text(probability),
                "return": fraction_text(pay * probability),
            }
        )
    rtp = parse_fraction(table["return"])
    variance = second - rtp * rtp
    royal = table["counts"]["royal_flush"]
    return {
        "game": "video-poker-jacks-or-better",
        "paytable": paytable.to_json(),
        "paytable_name": paytable.name,
        "strategy": "optimal holds over all 2,598,960 deals x 32 holds (exact enumeration)",
        "total_combinations": total,
        "draw_denominator": table["draw_denominator"],
        "hands": rows,
        "bets": [{"kind": "hand", "return": fraction_text(rtp)}],
        "return": fraction_text(rtp),
        "variance": fraction_text(variance),
        "hit_frequency": fraction_text(Fraction(hits, total)),
        "royal_one_in": fraction_text(Fraction(total, royal)) if royal else None,
    }


def render_math(report: dict[str, Any]) -> str:
    """The report as a table for people."""
    lines = [
        f"Video poker: Jacks or Better {report['paytable_name']} — {report['strategy']}",
        f"{'hand':18}{'pays':>6}{'combinations':>26}{'probability':>16}{'return':>14}",
    ]
    for row in report["hands"]:
        p = float(parse_fraction(row["probability"]))
        r = float(parse_fraction(row["return"]))
        lines.append(
            f"{row['hand']:18}{row['pays']:>6}{row['combinations']:>26,}{p:>16.10f}{r:>14.9f}"
        )
    rtp = parse_fraction(report["return"])
    variance = parse_fraction(report["variance"])
    lines += [
        f"{'total':18}{'':>6}{report['total_combinations']:>26,}{1:>16.10f}{float(rtp):>14.9f}",
        f"return {report['return']} = {float(rtp):.14f}",
        f"variance {float(variance):.4f}, SD {float(variance) ** 0.5:.4f} per unit; "
        f"hit frequency {float(parse_fraction(report['hit_frequency'])):.6%}",
    ]
    if report["royal_one_in"]:
        lines.append(f"royal flush 1 in {float(parse_fraction(report['royal_one_in'])):,.0f}")
    return "\n".join(lines)
