"""The published test vectors of algorithm version alea/v1 (docs/test-vectors.json).

``python -m rng.vectors > docs/test-vectors.json`` writes them; a test
regenerates them and compares, and re-derives each one with an independent
implementation of the spec, so the file a verifier in another language checks
itself against is known to match this package.
"""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any

from rng.draws import sample_without_replacement, shuffle, uniform_int, weighted_index
from rng.seeds import commitment_of
from rng.stream import ALGORITHM_VERSION, OutcomeStream

__all__ = ["build_vectors", "main"]


def _seed(label: str) -> bytes:
    """Deterministic 32-byte test seeds: SHA-256 of a label (not secret, obviously)."""
    return hashlib.sha256(label.encode("utf-8")).digest()


_STREAM_CASES: list[tuple[str, str, int]] = [
    ("alea test seed 1", "player-seed", 0),
    ("alea test seed 1", "player-seed", 1),
    ("alea test seed 2", "\u00e9t\u00e9 \u2603 \U0001f3b2", 42),  # non-ASCII, already NFC
    ("alea test seed 2", "e\u0301te\u0301", 7),  # decomposed: hashed as its NFC form
    ("alea test seed 3", "x" * 128, 2**64 - 1),  # longest seed, largest nonce
]
_RANGES = [2, 6, 37, 38, 52, 2**31 + 1, 2**32 + 1, 2**63 + 1]


def _case(seed: bytes, client_seed: str, nonce: int) -> dict[str, Any]:
    return {"server_seed": seed.hex(), "client_seed": client_seed, "nonce": nonce}


def build_vectors() -> dict[str, Any]:
    """Every vector, as one JSON-able document."""
    seeds = [bytes(32), bytes(range(32)), _seed("alea test seed 1")]
    commitments = [{"server_seed": s.hex(), "commitment": commitment_of(s).hex()} for s in seeds]

    streams = []
    for label, client_seed, nonce in _STREAM_CASES:
        seed = _seed(label)
        stream = OutcomeStream(seed, client_seed, nonce)
        streams.append({**_case(seed, client_seed, nonce), "first_96_bytes": stream.read(96).hex()})

    draw_seed, draw_client = _seed("alea test seed draws"), "draws"
    uniform = []
    for nonce, n in enumerate(_RANGES):
        stream = OutcomeStream(draw_seed, draw_client, nonce)
        values = [uniform_int(stream, n) for _ in range(16)]
        uniform.append(
            {
                **_case(draw_seed, draw_client, nonce),
                "n": str(n),
                "values": [str(v) for v in values],
                "bytes_read": stream.position,
            }
        )

    shuffle_stream = OutcomeStream(draw_seed, draw_client, 100)
    deck = shuffle(shuffle_stream, list(range(52)))
    weights = [1, 2, 3, 4, 90]
    weighted_stream = OutcomeStream(draw_seed, draw_client, 101)
    picks = [weighted_index(weighted_stream, weights) for _ in range(20)]
    sample_stream = OutcomeStream(draw_seed, draw_client, 102)
    sample = sample_without_replacement(sample_stream, 80, 20)

    return {
        "algorithm": ALGORITHM_VERSION,
        "description": (
            "Test vectors for Alea's fairness protocol, algorithm alea/v1 "
            "(docs/fairness.md). Integers that may exceed 2**53 are strings."
        ),
        "commitments": commitments,
        "streams": streams,
        "uniform_int": uniform,
        "shuffle_52": {
            **_case(draw_seed, draw_client, 100),
            "order": deck,
            "bytes_read": shuffle_stream.position,
        },
        "weighted_index": {
            **_case(draw_seed, draw_client, 101),
            "weights": weights,
            "picks": picks,
        },
        "sample_without_replacement": {
            **_case(draw_seed, draw_client, 102),
            "n": 80,
            "k": 20,
            "values": sample,
        },
    }


def render() -> str:
    return json.dumps(build_vectors(), indent=1, ensure_ascii=False) + "\n"


def main() -> int:
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
