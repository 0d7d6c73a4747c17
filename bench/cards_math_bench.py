"""Timings of the baccarat and Three Card Poker exact enumerations, and their rounds per second.

Each enumeration runs from a cold cache (the in-memory caches are cleared
between repeats), so the figure is what ``alea math`` and a spec for
non-shipped rules pay.

    .venv/bin/python bench/cards_math_bench.py [--repeat 3] [--rounds 2000]
"""

from __future__ import annotations

import argparse
import platform
import time

from games.base import Action, Bet
from games.cards import baccarat_math, three_card_poker_math
from games.cards.baccarat import BaccaratRules
from games.cards.baccarat import catalog as baccarat_catalog
from games.cards.three_card_poker import TCP_RULES
from games.cards.three_card_poker import catalog as tcp_catalog
from rng import OutcomeStream


def _best(work: object, repeat: int) -> float:
    assert callable(work)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_baccarat(decks: int) -> None:
    baccarat_math.enumerate_coups.cache_clear()
    analysis = baccarat_math.analyse(BaccaratRules(decks=decks))
    analysis.returns()


def bench_tcp() -> None:
    three_card_poker_math.dealer_splits.cache_clear()
    three_card_poker_math._hand_strengths.cache_clear()
    three_card_poker_math.category_counts.cache_clear()
    analysis = three_card_poker_math.analyse(TCP_RULES)
    analysis.returns()
    analysis.optimal_threshold()


def bench_rounds(rounds: int) -> tuple[float, float]:
    baccarat = baccarat_catalog()[0]
    tcp = tcp_catalog()[0]
    seed = bytes(32)
    start = time.perf_counter()
    for nonce in range(rounds):
        baccarat.play(OutcomeStream(seed, "bench", nonce), [Bet("banker", 100)])
    b_rate = rounds / (time.perf_counter() - start)
    start = time.perf_counter()
    for nonce in range(rounds):
        tcp.play(OutcomeStream(seed, "bench", nonce), [Bet("ante", 100)], [Action("play")])
    return b_rate, rounds / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"{'enumeration':<52} {'best of ' + str(args.repeat):>12}")
    for decks in (1, 6, 8):
        seconds = _best(lambda d=decks: bench_baccarat(d), args.repeat)
        print(
            f"{f'baccarat, {decks} decks (6-card sequences by value class)':<52} {seconds:>11.3f}s"
        )
    seconds = _best(bench_tcp, args.repeat)
    print(f"{'three card poker, 22,100 x 18,424 deals':<52} {seconds:>11.3f}s")
    b_rate, t_rate = bench_rounds(args.rounds)
    print(f"{'baccarat rounds/s (8-deck shoe shuffle + deal)':<52} {b_rate:>12,.0f}")
    print(f"{'three card poker rounds/s (play step)':<52} {t_rate:>12,.0f}")


if __name__ == "__main__":
    main()
