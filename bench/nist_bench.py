"""Benchmark: the full NIST SP 800-22 battery (15 tests, sts-2.1.2 default parameters).

Default workload: 100 sequences x 1,000,000 bits, the bits drawn from Alea's
HMAC_DRBG seeded with fixed inputs, ``rng.HmacDrbg(bytes(32), bytes(16))``,
in ``generate(65536)`` requests, unpacked most significant bit first. The same
command always tests the same bits. For reference, sts-2.1.2 needs about 310 s
for this workload.

Run from the repository root (one core, nothing else running)::

    .venv/bin/python bench/nist_bench.py
    .venv/bin/python bench/nist_bench.py --streams 10 --mode exact --jobs 2

Prints the generation time, the battery's total wall and CPU seconds, the
seconds per test and the second-level verdict. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import rng
from stats_tests.bits import from_callable
from stats_tests.nist.battery import TESTS, run_battery, split_sequences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=100)
    parser.add_argument("--length", type=int, default=1_000_000)
    parser.add_argument("--mode", choices=("sts", "exact"), default="sts")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()

    start = time.perf_counter()
    drbg = rng.HmacDrbg(bytes(32), bytes(16))
    bits = from_callable(drbg.generate, args.streams * args.length)
    sequences = split_sequences(bits, args.length, args.streams)
    generated = time.perf_counter() - start
    print(
        f"bits: {args.streams} x {args.length:,} from rng.HmacDrbg(bytes(32), bytes(16)), "
        f"generate(65536) requests ({generated:.1f} s to generate, not counted below)"
    )

    wall = time.perf_counter()
    cpu = time.process_time()
    result = run_battery(sequences, mode=args.mode, jobs=args.jobs)
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu

    print(f"battery: mode {args.mode}, jobs {args.jobs}")
    print(f"total: {wall:.2f} s wall, {cpu:.2f} s CPU in this process")
    names = {spec.key: spec.report_name for spec in TESTS}
    width = max(len(n) for n in names.values())
    for key in result.tests:
        share = result.seconds[key] / wall if wall else 0.0
        note = f"  (skipped: {result.skipped[key]})" if key in result.skipped else ""
        print(f"  {names[key]:<{width}}  {result.seconds[key]:7.2f} s  {share:6.1%}{note}")
    rows = result.rows
    flagged = [r.label for r in rows if r.passed is False]
    verdict = {True: "PASS", False: "FAIL", None: "NOT JUDGED"}[result.passed]
    print(f"second level: {len(rows)} rows, {len(flagged)} flagged -> {verdict}")
    for label in flagged:
        print(f"  flagged: {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
