"""Roulette rounds per second, in-process: one straight-up bet, and ten mixed bets.

Each round is what the server and the verifier do: a fresh outcome stream for
(server seed, client seed, nonce), then ``game.play`` (validation, the spin,
settlement, the outcome document). No journal, no network.

    .venv/bin/python bench/roulette_bench.py [--rounds 50000] [--repeat 3] [--variant european]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from games.base import Bet
from games.roulette import RouletteGame, game
from rng import OutcomeStream

SERVER_SEED = bytes(range(32))

ONE_STRAIGHT = [Bet("straight", 100, ("17",))]
TEN_MIXED = [
    Bet("straight", 100, ("17",)),
    Bet("split", 100, ("17", "20")),
    Bet("street", 100, ("13", "14", "15")),
    Bet("corner", 100, ("17", "18", "20", "21")),
    Bet("six_line", 100, ("31", "32", "33", "34", "35", "36")),
    Bet("dozen", 100, ("2",)),
    Bet("column", 100, ("3",)),
    Bet("red", 100),
    Bet("odd", 100),
    Bet("high", 100),
]


def rounds_per_second(table: RouletteGame, bets: list[Bet], rounds: int) -> float:
    start = time.perf_counter()
    for nonce in range(rounds):
        table.play(OutcomeStream(SERVER_SEED, "bench", nonce), bets)
    return rounds / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--variant", default="european")
    args = parser.parse_args()
    table = game(args.variant)
    python = sys.version.split()[0]
    print(f"{table.spec.game_id}, {args.rounds} rounds, best of {args.repeat}, Python {python}")
    for label, bets in (("1 straight-up bet", ONE_STRAIGHT), ("10 mixed bets", TEN_MIXED)):
        best = max(rounds_per_second(table, bets, args.rounds) for _ in range(args.repeat))
        print(f"  {label:<18} {best:>10,.0f} rounds/s  ({1e6 / best:.1f} µs/round)")


if __name__ == "__main__":
    main()
