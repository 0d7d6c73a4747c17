"""``alea seed``: a fresh client seed, made on the player's own machine."""

from __future__ import annotations

import argparse

from rng import fresh_client_seed


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--count", type=int, default=1, help="how many seeds to print")


def run(args: argparse.Namespace) -> int:
    if args.count < 1:
        raise ValueError(f"--count must be at least 1, got {args.count}")
    for _ in range(args.count):
        print(fresh_client_seed())
    return 0
