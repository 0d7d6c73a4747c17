"""RNG core throughput: DRBG vs a bare HMAC-SHA256 loop, draws and shuffles per second.

Run: ``make bench`` or ``.venv/bin/python bench/rng_bench.py [--seconds S]``.
Prints one table; figures go to docs/performance.md with this command.
"""

from __future__ import annotations

import argparse
import hmac
import platform
import time
from collections.abc import Callable

from rng import HmacDrbg, OutcomeStream, shuffle, uniform_int

MB = 1_000_000


def _rate(work: Callable[[], int], seconds: float) -> float:
    """Units of work per second, repeating ``work`` (which returns its units) for ``seconds``."""
    done = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        done += work()
    return done / (time.perf_counter() - start)


def bench_drbg(seconds: float) -> float:
    drbg = HmacDrbg(bytes(32), bytes(16))
    return _rate(lambda: len(drbg.generate(65536)), seconds) / MB


def bench_bare_hmac(seconds: float) -> float:
    """The same bytes the DRBG's inner loop produces, with nothing around it."""
    key, value = bytes(32), bytes(32)

    def chunk() -> int:
        nonlocal value
        out = bytearray()
        for _ in range(2048):  # 64 KiB
            value = hmac.digest(key, value, "sha256")
            out += value
        return len(out)

    return _rate(chunk, seconds) / MB


def bench_uniform_37(seconds: float) -> float:
    stream = OutcomeStream(bytes(32), "bench", 0)

    def batch() -> int:
        for _ in range(10_000):
            uniform_int(stream, 37)
        return 10_000

    return _rate(batch, seconds)


def bench_shuffle_52(seconds: float) -> float:
    deck = list(range(52))
    nonce = 0

    def one() -> int:
        nonlocal nonce
        shuffle(OutcomeStream(bytes(32), "bench", nonce), deck)
        nonce += 1
        return 1

    return _rate(one, seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {args.seconds:g} s each")
    drbg = bench_drbg(args.seconds)
    bare = bench_bare_hmac(args.seconds)
    print(f"HMAC_DRBG generate (64 KiB requests)  {drbg:10.1f} MB/s")
    print(f"bare HMAC-SHA256 loop, same bytes     {bare:10.1f} MB/s")
    print(f"  DRBG / bare                         {drbg / bare:10.2f}  (target >= 0.50)")
    print(f"uniform_int(37) from the stream       {bench_uniform_37(args.seconds):10,.0f} draws/s")
    print(f"52-card Fisher-Yates shuffles         {bench_shuffle_52(args.seconds):10,.0f} /s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
