"""``alea demo``: the fairness protocol end to end, in one process, in plain words.

Commit to a server seed, take a client seed, draw a few outcomes, reveal the
seed, and check everything the way a player's verifier would.
"""

from __future__ import annotations

import argparse

from rng import (
    ALGORITHM_VERSION,
    OutcomeStream,
    SeedPair,
    ServerSeed,
    fresh_client_seed,
    os_seeded_drbg,
    shuffle,
    uniform_int,
    verify_commitment,
)

RANKS = "A23456789TJQK"
SUITS = "cdhs"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rounds", type=int, default=5, help="rounds to play (default 5)")
    parser.add_argument("--client-seed", help="the player's client seed (default: a fresh one)")


def _card(code: int) -> str:
    return RANKS[code // 4] + SUITS[code % 4]


def _play(pair: SeedPair, nonce: int) -> tuple[int, list[str]]:
    stream = OutcomeStream(pair.server_seed.reveal(), pair.client_seed, nonce)
    pocket = uniform_int(stream, 37)
    hand = [_card(c) for c in shuffle(stream, range(52))[:5]]
    return pocket, hand


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.rounds <= 1000:
        raise ValueError(f"--rounds must be in 1..1000, got {args.rounds}")
    drbg = os_seeded_drbg(b"alea demo")
    seed = ServerSeed.generate(drbg)
    print(f"1. The server commits: SHA-256(server seed) = {seed.commitment.hex()}")
    client_seed = args.client_seed if args.client_seed is not None else fresh_client_seed()
    pair = SeedPair(seed, client_seed)
    print(f"2. The player's client seed: {pair.client_seed!r}")
    print(f"3. Rounds (algorithm {ALGORITHM_VERSION}): a roulette pocket, then a 5-card deal")
    played = []
    for _ in range(args.rounds):
        pocket, hand = _play(pair, pair.next_nonce)
        played.append((pair.next_nonce, pocket, hand))
        print(f"   nonce {pair.next_nonce}: pocket {pocket:2d}   cards {' '.join(hand)}")
        pair = pair.advanced()
    revealed = seed.reveal()
    print(f"4. Rotation reveals the server seed: {revealed.hex()}")
    print("5. The player checks, offline:")
    ok = verify_commitment(revealed, seed.commitment)
    print(f"   SHA-256(revealed seed) == commitment: {'yes' if ok else 'NO'}")
    check = SeedPair(ServerSeed(revealed), pair.client_seed)
    replayed = all(_play(check, nonce) == (pocket, hand) for nonce, pocket, hand in played)
    print(f"   every round re-derived from the seeds: {'yes' if replayed else 'NO'}")
    return 0 if ok and replayed else 1
