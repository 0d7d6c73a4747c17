"""Wall time of full default certification campaigns (sampling, tests and the report).

Runs each target's default campaign (the sizes ``alea certify`` uses without
``--size``) with a fixed seed and writes the report to a temporary folder, like

    alea certify TARGET --jobs 2 --seed 5eed...01 --out DIR

    nice -n 10 .venv/bin/python bench/certify_bench.py [--jobs 2] [--targets game:roulette,drbg]
        [--size rounds=100000 ...]   # a smaller smoke run
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nacl.signing import SigningKey

from certification import CampaignConfig, default_sizes, parse_target, run_campaign, write_report

SEED = bytes.fromhex("5eed" + "00" * 29 + "01")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--targets", default="game:roulette,drbg")
    parser.add_argument(
        "--size", action="append", default=[], metavar="KEY=N", help="override a default size"
    )
    args = parser.parse_args()
    overrides = {k: int(v) for k, _, v in (item.partition("=") for item in args.size)}
    python = sys.version.split()[0]
    print(f"full default campaigns, --jobs {args.jobs}, Python {python}")
    for text in args.targets.split(","):
        target = parse_target(text)
        relevant = {k: v for k, v in overrides.items() if k in default_sizes(target)}
        config = CampaignConfig(target, SEED, sizes=relevant, jobs=args.jobs, strict=not relevant)
        start = time.perf_counter()
        result = run_campaign(config)
        sampled = time.perf_counter() - start
        with tempfile.TemporaryDirectory() as folder:
            write_report(
                Path(folder),
                result,
                key=SigningKey(bytes(32)),
                ephemeral_key=True,
                report_id="bench",
                created=datetime.now(UTC),
            )
        total = time.perf_counter() - start
        sizes = ", ".join(f"{k}={v:,}" for k, v in sorted(result.config.sizes.items()))
        stages = ", ".join(f"{k} {v:.1f}s" for k, v in result.seconds.items() if k != "total")
        print(
            f"  {text:<16} {total:7.1f} s wall ({sampled:.1f} s campaign, "
            f"{total - sampled:.1f} s report)  verdict {result.verdict.overall}, "
            f"{result.verdict.tests_judged} tests"
        )
        print(f"      sizes: {sizes}")
        print(f"      stages: {stages}")


if __name__ == "__main__":
    main()
