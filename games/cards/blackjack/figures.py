"""Blackjack figures per rule set: exact infinite-deck EV and the finite-shoe EV.

The finite-shoe figure takes tens of seconds, so the figures of the shipped
rule sets are committed in ``blackjack_figures.json`` (recompute with
``bench/blackjack_bench.py --write``); other rule sets are computed on demand
and cached under ``$XDG_CACHE_HOME/alea/``. No numpy.
"""

from __future__ import annotations

import json
import os
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from games.canonical import canonical_hash, fraction_text, parse_fraction
from games.cards.blackjack.rules import BlackjackRules
from games.errors import ModelError

__all__ = [
    "FIGURES_PATH",
    "compute_figures",
    "figures_for",
    "finite_return",
    "load_committed_figures",
    "rules_key",
]

FIGURES_PATH = Path(__file__).with_name("blackjack_figures.json")
#: The finite-shoe EV is kept to this many decimals as an exact fraction.
FINITE_DECIMALS = 12


def rules_key(rules: BlackjackRules) -> str:
    return canonical_hash(rules.to_json())


def compute_figures(rules: BlackjackRules, log: Any = None) -> dict[str, Any]:
    """Both figures for ``rules`` (the finite one is the slow part)."""
    from games.cards.blackjack.finite import finite_deck_ev
    from games.cards.blackjack.strategy import infinite_deck_analysis

    infinite = infinite_deck_analysis(rules)
    finite = finite_deck_ev(rules, log=log)
    scale = 10**FINITE_DECIMALS
    return {
        "rules": rules.to_json(),
        "rules_key": rules_key(rules),
        "infinite_deck_ev": fraction_text(infinite["ev"]),
        "finite_deck_ev": fraction_text(Fraction(round(finite["ev"] * scale), scale)),
        "finite_deck_ev_by_up": {
            str(up): fraction_text(Fraction(round(ev * scale), scale))
            for up, ev in finite["by_up"].items()
        },
        "finite_method": finite["method"],
        "seconds": finite["seconds"],
    }


@cache
def load_committed_figures() -> dict[str, dict[str, Any]]:
    """The committed figures, keyed by the rules' hash."""
    data: list[dict[str, Any]] = json.loads(FIGURES_PATH.read_text())
    out = {}
    for entry in data:
        rules = BlackjackRules.from_json(entry["rules"])
        if entry["rules_key"] != rules_key(rules):
            raise ModelError(
                "blackjack_figures.json: an entry's rules_key does not match its rules"
            )
        out[entry["rules_key"]] = entry
    return out


def figures_for(rules: BlackjackRules, compute: bool = True) -> dict[str, Any]:
    """The figures of a rule set: committed, cached on disk, or computed now."""
    key = rules_key(rules)
    committed = load_committed_figures().get(key)
    if committed is not None:
        return committed
    if not compute:
        raise ModelError(f"no committed blackjack figures for rules {rules.describe()}")
    cache_dir = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "alea"
    path = cache_dir / f"blackjack_{key[:16]}.json"
    if path.exists():
        entry: dict[str, Any] = json.loads(path.read_text())
        if entry.get("rules_key") == key:
            return entry
    entry = compute_figures(rules)
    cache_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(entry, indent=1, sort_keys=True) + "\n")
    return entry


def finite_return(rules: BlackjackRules) -> Fraction:
    """Return per initial unit (1 + EV) of basic strategy in the configured shoe."""
    return 1 + parse_fraction(figures_for(rules, compute=False)["finite_deck_ev"])
