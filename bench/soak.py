"""Soak and crash-loop runs against a real server process; prints figures. Not part of make test.

Soak: one ``alea serve`` process (fake games) on the chosen store, N callers
playing coin rounds on a few shared pairs for a fixed time. Every interval it
samples the server's resident memory and the calls completed in the interval
(rate, p50/p99/max latency, errors). At the end it checks the invariants on
the store (contiguous nonces, every acknowledged round present with its
receipt, receipt chains, one journal chain) and verifies every pair's session
file offline after rotation.

Crash loops (``--crash-loops N``): N SIGKILLs under load in a row on the store,
the invariants checked after every restart (tests/fault/procs.py crash_loop).

    .venv/bin/python bench/soak.py --store sqlite --seconds 60
    .venv/bin/python bench/soak.py --store postgresql --seconds 60 --concurrency 16
    .venv/bin/python bench/soak.py --store both --crash-loops 25
    make soak        # both stores: crash loops, then a soak of each

PostgreSQL: ``$ALEA_TEST_POSTGRES_URL`` (default postgresql://postgres@127.0.0.1:5432/test);
the run uses a fresh schema and drops it afterwards.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fault.pgtools import unavailable_reason  # noqa: E402
from tests.fault.procs import (  # noqa: E402
    Load,
    ServerProcess,
    check_store,
    crash_loop,
    open_pairs,
    rotate_and_verify,
)
from tests.fault.sites import StoreSite  # noqa: E402


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def soak(
    kind: str, seconds: float, concurrency: int, pairs: int, interval: float
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="alea-soak-") as tmp:
        site = StoreSite(kind, Path(tmp))
        server = ServerProcess(Path(tmp), site.env(), "soak").wait_ready()
        try:
            pair_ids = open_pairs(server.address, pairs, "soak")
            load = Load([server.address], pair_ids, concurrency, tag="soak", timeout=30).start()
            samples: list[dict[str, Any]] = []
            started = time.monotonic()
            seen = 0
            print(
                f"{'t s':>6} {'rss MiB':>8} {'calls/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
                f"{'max ms':>8} {'errors':>6}",
                flush=True,
            )
            while time.monotonic() - started < seconds:
                time.sleep(interval)
                now = time.monotonic() - started
                batch = load.latencies[seen:]
                seen += len(batch)
                sample = {
                    "t": round(now, 1),
                    "rss_mib": round(server.rss_kib() / 1024, 1),
                    "calls_per_s": round(len(batch) / interval, 1),
                    "p50_ms": _ms(_quantile(batch, 0.50)),
                    "p99_ms": _ms(_quantile(batch, 0.99)),
                    "max_ms": _ms(max(batch, default=0.0)),
                    "errors": len(load.errors),
                }
                samples.append(sample)
                print(
                    f"{sample['t']:>6} {sample['rss_mib']:>8} {sample['calls_per_s']:>8} "
                    f"{sample['p50_ms']:>8} {sample['p99_ms']:>8} {sample['max_ms']:>8} "
                    f"{sample['errors']:>6}",
                    flush=True,
                )
            load.stop()
            elapsed = time.monotonic() - started
            store = site.open()
            nonces = check_store(store, pair_ids, load.acked)
            verified = rotate_and_verify(server.address, pair_ids)
            assert verified == sum(nonces.values()) == len(load.acked)
            rss = [s["rss_mib"] for s in samples]
            half = len(rss) // 2
            latencies = load.latencies
            return {
                "store": kind,
                "seconds": round(elapsed, 1),
                "concurrency": concurrency,
                "pairs": pairs,
                "rounds": len(load.acked),
                "rounds_per_s": round(len(load.acked) / elapsed, 1),
                "p50_ms": _ms(_quantile(latencies, 0.50)),
                "p99_ms": _ms(_quantile(latencies, 0.99)),
                "max_ms": _ms(max(latencies, default=0.0)),
                "errors": len(load.errors),
                "rss_mib_first": rss[0] if rss else 0,
                "rss_mib_last": rss[-1] if rss else 0,
                "rss_mib_max": max(rss, default=0),
                # Growth between the means of the two halves: a leak shows as a steady rise.
                "rss_mib_growth": round(
                    statistics.fmean(rss[half:]) - statistics.fmean(rss[:half]), 1
                )
                if half
                else 0.0,
                "invariants": "ok",
                "verified_rounds": verified,
            }
        finally:
            server.kill()
            site.cleanup()


def crash(kind: str, kills: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="alea-crash-") as tmp:
        site = StoreSite(kind, Path(tmp))
        started = time.monotonic()
        try:
            figures = crash_loop(site, Path(tmp), kills, seed)
        finally:
            site.cleanup()
        figures.update(store=kind, seconds=round(time.monotonic() - started, 1), invariants="ok")
        return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seconds", type=float, default=60.0, help="soak duration per store")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent callers")
    parser.add_argument("--pairs", type=int, default=4, help="seed pairs the callers share")
    parser.add_argument("--interval", type=float, default=5.0, help="sampling interval, s")
    parser.add_argument("--crash-loops", type=int, default=0, help="SIGKILLs per store instead")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object per run")
    args = parser.parse_args(argv)
    kinds = ["sqlite", "postgresql"] if args.store == "both" else [args.store]
    if "postgresql" in kinds and unavailable_reason() is not None:
        print(f"skipping PostgreSQL: {unavailable_reason()}", file=sys.stderr)
        kinds.remove("postgresql")
        if not kinds:
            return 2
    for kind in kinds:
        print(f"== {kind}", flush=True)
        if args.crash_loops:
            figures = crash(kind, args.crash_loops, args.seed)
        else:
            figures = soak(kind, args.seconds, args.concurrency, args.pairs, args.interval)
        print(
            json.dumps(figures)
            if args.json
            else "\n".join(f"  {k}: {v}" for k, v in figures.items())
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
