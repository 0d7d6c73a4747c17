"""Time the exact Jacks or Better enumeration and (with --write) refresh its cache file.

    nice -n 10 .venv/bin/python bench/video_poker_bench.py [--write] [--advisor N]

Recomputes the optimal-play hand table over all 2,598,960 deals x 32 holds
(numpy; minutes at most), compares it with the committed cache
``games/cards/video_poker/jacks_or_better_9_6.json`` and prints the timings; it
also times the pure-Python advisor on N random deals.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from games.cards.video_poker.advisor import best_hold
from games.cards.video_poker.cache import CACHE_PATH, load_cached_table
from games.cards.video_poker.exact import compute_hand_table
from games.cards.video_poker.hands import JACKS_OR_BETTER_9_6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite the committed cache")
    parser.add_argument("--advisor", type=int, default=200, help="deals to time the advisor on")
    args = parser.parse_args()

    rng = random.Random(2024)
    deals = [rng.sample(range(52), 5) for _ in range(args.advisor)]
    started = time.perf_counter()
    for deal in deals:
        best_hold(deal)
    per_deal = (time.perf_counter() - started) / max(len(deals), 1)
    print(f"advisor: {per_deal * 1000:.2f} ms per deal (32 holds, exact counts)")

    started = time.perf_counter()
    table = compute_hand_table(JACKS_OR_BETTER_9_6, log=print)
    elapsed = time.perf_counter() - started
    print(f"full enumeration: {elapsed:.1f} s, return {table['return']}")
    for name, count in table["counts"].items():
        print(f"  {name:16} {count:>20,}")
    if args.write:
        CACHE_PATH.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
        print(f"wrote {CACHE_PATH}")
    else:
        cached = load_cached_table()
        same = cached["counts"] == table["counts"] and cached["return"] == table["return"]
        print("matches the committed cache" if same else "DIFFERS from the committed cache")
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
