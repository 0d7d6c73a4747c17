"""Time the blackjack math and (with --write) refresh the committed figures.

    nice -n 10 .venv/bin/python bench/blackjack_bench.py [--write]

For every shipped rule set (and the published 5-deck reference rules) it
computes the exact infinite-deck EV (Fractions) and the finite-shoe EV of the
engine's basic strategy, prints them with timings, and compares them with
``games/cards/blackjack/blackjack_figures.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from games.canonical import parse_fraction
from games.cards.blackjack.figures import (
    FIGURES_PATH,
    compute_figures,
    load_committed_figures,
)
from games.cards.blackjack.game import catalog_rules
from games.cards.blackjack.rules import BlackjackRules
from games.cards.blackjack.strategy import infinite_deck_analysis

#: wizardofodds.com/games/blackjack/appendix/9/5ds17r4/: 5 decks S17 DA2 DAS RSP4 no RSA, 3:2
REFERENCE_RULES = BlackjackRules(decks=5, late_surrender=False)
REFERENCE_EV = -0.003804


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite the committed figures")
    args = parser.parse_args()
    rule_sets = {**catalog_rules(), "reference-5-decks": REFERENCE_RULES}
    entries = []
    status = 0
    for name, rules in rule_sets.items():
        started = time.perf_counter()
        infinite_deck_analysis.cache_clear()
        infinite_deck_analysis(rules)
        exact_seconds = time.perf_counter() - started
        entry = compute_figures(rules)
        finite = float(parse_fraction(entry["finite_deck_ev"]))
        infinite = float(parse_fraction(entry["infinite_deck_ev"]))
        print(
            f"{name}: {rules.describe()}\n"
            f"  infinite deck (exact) {infinite:+.6%}  [{exact_seconds:.2f} s]\n"
            f"  finite shoe           {finite:+.6%}  [{entry['seconds']:.1f} s]"
        )
        if name == "reference-5-decks":
            gap = finite - REFERENCE_EV
            print(f"  published (WoO)       {REFERENCE_EV:+.4%}  difference {gap:+.4%}")
        entries.append(entry)
        committed = (
            load_committed_figures().get(entry["rules_key"]) if FIGURES_PATH.exists() else None
        )
        if committed is not None and committed["finite_deck_ev"] != entry["finite_deck_ev"]:
            print("  DIFFERS from the committed figure", committed["finite_deck_ev"])
            status = 1
    if args.write:
        FIGURES_PATH.write_text(json.dumps(entries, indent=1, sort_keys=True) + "\n")
        print(f"wrote {FIGURES_PATH}")
    return status


if __name__ == "__main__":
    sys.exit(main())
