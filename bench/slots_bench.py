"""Slot benchmarks: spins per second through the real round, and full-cycle PAR times.

    .venv/bin/python bench/slots_bench.py [--spins N] [--skip-large]

1. spins/s in-process for the 20-line video slot (``slots-video-20``), played
   through ``games.simulate.simulate`` exactly as the server keys rounds;
2. the full-cycle PAR sheet of the shipped 5-reel model (base and feature reel
   sets, 32^5 = 33,554,432 combinations each);
3. the full-cycle PAR sheet of a 5-reel model with 40 stops per reel
   (40^5 = 10^8 combinations; the video model's reels lengthened, no feature).
"""

from __future__ import annotations

import argparse
import copy
import platform
import time
from typing import Any

from games import Bet, simulate
from games.slots import SlotGame, catalog, parse_model
from games.slots.par import par_sheet


def _video() -> SlotGame:
    return next(g for g in catalog() if g.spec.game_id == "slots-video-20")


def bench_spins(spins: int) -> None:
    game = _video()
    bet = Bet("spin", game.spec.bets[0].min_amount)
    start = time.perf_counter()
    summary = simulate(game, [bet], spins, bytes(range(32)), "bench")
    elapsed = time.perf_counter() - start
    print(
        f"spins/s, slots-video-20, in-process: {spins / elapsed:,.0f} "
        f"({spins:,} spins in {elapsed:.2f} s; return {summary.mean_return:.4f})"
    )


def bench_par(label: str, document: Any) -> None:
    model = parse_model(document, label)
    start = time.perf_counter()
    sheet = par_sheet(model)
    elapsed = time.perf_counter() - start
    cycles = [sheet.base.cycle] + ([sheet.feature.stats.cycle] if sheet.feature else [])
    print(
        f"PAR sheet, {label}: {elapsed:.2f} s for {' + '.join(f'{c:,}' for c in cycles)} "
        f"combinations (RTP {float(sheet.rtp):.6%})"
    )


def large_document() -> dict[str, Any]:
    document = copy.deepcopy(dict(_video().model.document))
    document["id"] = "slots-bench-40"
    document["reels"] = [{"strip": r["strip"] + r["strip"][:8]} for r in document["reels"]]
    document.pop("free_spins")
    document.pop("rtp")
    return document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spins", type=int, default=20_000)
    parser.add_argument("--skip-large", action="store_true", help="skip the 10^8 cycle")
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, one core")
    bench_spins(args.spins)
    bench_par("slots-video-20 (shipped)", dict(_video().model.document))
    if not args.skip_large:
        bench_par("5 reels x 40 stops, 20 lines", large_document())


if __name__ == "__main__":
    main()
