"""The per-round outcome stream: HMAC-SHA256 keyed by the server seed, block after block.

Protocol step 4 of docs/fairness.md. For algorithm version ``alea/v1``, block
``i`` of the stream of round (server_seed, client_seed, nonce) is::

    HMAC-SHA256(key = server_seed,
                msg = u32be(len(TAG)) || TAG                      # TAG = b"alea/v1/stream"
                   || u32be(len(cs)) || cs                        # cs = NFC client seed, UTF-8
                   || u64be(nonce)
                   || u64be(i))                                   # i = 0, 1, 2, ...

and the stream is the concatenation of the blocks, read front to back by a
cursor. This mapping is frozen: a change is a new version with new vectors.
"""

from __future__ import annotations

import hmac
import struct
from typing import Protocol, runtime_checkable

from rng.client_seed import normalize_client_seed
from rng.errors import InvalidDrawError, InvalidSeedError, StreamExhaustedError
from rng.seeds import MAX_NONCE, SEED_SIZE, SeedPair

__all__ = [
    "ALGORITHM_VERSION",
    "BLOCK_SIZE",
    "MAX_BLOCKS_PER_ROUND",
    "STREAM_TAG",
    "ByteSource",
    "OutcomeStream",
    "stream_block",
    "stream_message",
]

ALGORITHM_VERSION = "alea/v1"  #: version of the stream *and* of the draws built on it
STREAM_TAG = b"alea/v1/stream"
BLOCK_SIZE = 32
#: A round may read at most this many blocks (32 MiB): a runaway feature loop is a
#: bug, not a reason to read forever.
MAX_BLOCKS_PER_ROUND = 2**20


@runtime_checkable
class ByteSource(Protocol):
    """Anything the draws can read bytes from, in order, without going back."""

    def read(self, num_bytes: int) -> bytes:
        """Return exactly ``num_bytes`` bytes, the next ones of the source."""
        ...


def stream_message(client_seed: str, nonce: int, block_index: int) -> bytes:
    """The HMAC message of one block (the byte layout of docs/fairness.md)."""
    seed_bytes = normalize_client_seed(client_seed).encode("utf-8")
    return _prefix(seed_bytes, nonce) + struct.pack(">Q", block_index)


def _prefix(client_seed_utf8: bytes, nonce: int) -> bytes:
    if isinstance(nonce, bool) or not isinstance(nonce, int) or not 0 <= nonce <= MAX_NONCE:
        raise InvalidSeedError(f"nonce={nonce!r} is not an integer in 0 .. 2**64-1")
    return (
        struct.pack(">I", len(STREAM_TAG))
        + STREAM_TAG
        + struct.pack(">I", len(client_seed_utf8))
        + client_seed_utf8
        + struct.pack(">Q", nonce)
    )


def stream_block(server_seed: bytes, client_seed: str, nonce: int, block_index: int) -> bytes:
    """Block ``block_index`` of a round's stream (32 bytes)."""
    if len(server_seed) != SEED_SIZE:
        raise InvalidSeedError(f"server_seed must be {SEED_SIZE} bytes, got {len(server_seed)}")
    return hmac.digest(server_seed, stream_message(client_seed, nonce, block_index), "sha256")


class OutcomeStream:
    """A cursor over one round's stream. Reads never go back; ``position`` counts bytes read."""

    __slots__ = ("_block_index", "_buffer", "_key", "_position", "_prefix")

    def __init__(self, server_seed: bytes, client_seed: str, nonce: int) -> None:
        if not isinstance(server_seed, bytes) or len(server_seed) != SEED_SIZE:
            raise InvalidSeedError(f"server_seed must be {SEED_SIZE} bytes")
        self._key = server_seed
        self._prefix = _prefix(normalize_client_seed(client_seed).encode("utf-8"), nonce)
        self._block_index = 0
        self._buffer = b""
        self._position = 0

    @classmethod
    def for_round(cls, pair: SeedPair, nonce: int | None = None) -> OutcomeStream:
        """The stream of the pair's round ``nonce`` (default: its next nonce)."""
        use = pair.next_nonce if nonce is None else nonce
        return cls(pair.server_seed.reveal(), pair.client_seed, use)

    def __repr__(self) -> str:
        return f"OutcomeStream(position={self._position})"

    @property
    def position(self) -> int:
        """Bytes read so far: lets a verifier show exactly which bytes decided what."""
        return self._position

    def read(self, num_bytes: int) -> bytes:
        if isinstance(num_bytes, bool) or not isinstance(num_bytes, int) or num_bytes < 0:
            raise InvalidDrawError(f"num_bytes must be a non-negative int, got {num_bytes!r}")
        while len(self._buffer) < num_bytes:
            if self._block_index >= MAX_BLOCKS_PER_ROUND:
                raise StreamExhaustedError(
                    f"a round may read at most {MAX_BLOCKS_PER_ROUND} blocks of its stream"
                )
            block = hmac.digest(
                self._key, self._prefix + struct.pack(">Q", self._block_index), "sha256"
            )
            self._buffer += block
            self._block_index += 1
        out, self._buffer = self._buffer[:num_bytes], self._buffer[num_bytes:]
        self._position += num_bytes
        return out
