"""Where a campaign's random bytes come from, and the hooks that let tests swap them.

Everything derives from one recorded 32-byte **campaign seed** (``--seed``), so
a campaign is reproducible byte for byte and its output does not depend on how
the work is split over processes: every piece of work is keyed by its chunk
index, never by the worker that runs it.

* ``derive(seed, label, index)`` = HMAC-SHA256(seed, u32be(len(label)) || label
  || u64be(index)): independent keys for each chunk and purpose.
* **DRBG** (target ``drbg``): chunk c is one production generator,
  ``rng.os_seeded_drbg`` (self-test first, then 256 bits of entropy and a
  128-bit nonce from its entropy source, reseeding on the production schedule),
  whose entropy source is the production ``OsEntropySource`` (with its
  repetition check) reading ``derive(seed, "drbg/entropy/c", i)`` for i = 0,
  1, ... instead of ``os.urandom``. Output is read in 64 KiB requests.
* **Outcome stream** (targets ``stream`` and ``game:``): chunk c is one seed
  pair: server seed ``derive(seed, "server-seed", c)``, client seed
  ``"certify-c"``, nonces 0, 1, ... — exactly as the server keys rounds.
* **Shuffles**: the shoe order of a round is ``rng.shuffle`` of the positions
  0 .. n-1 from the round's stream — the same draws ``games.cards.shuffled_shoe``
  makes (it shuffles the card list with the same function); positions instead
  of cards keep every card of a multi-deck shoe distinct for the tests.

:class:`Hooks` bundles the three factories. Production campaigns use
:data:`PRODUCTION`; the test suite passes deliberately broken ones (``x % 37``
on bytes, a naive shuffle) through the same pipeline to show they are caught.
Hooks must be module-level functions (picklable) to run with ``jobs > 1``.
"""

from __future__ import annotations

import hmac
import struct
from collections.abc import Callable
from dataclasses import dataclass

from rng import (
    MAX_BYTES_PER_REQUEST,
    ByteSource,
    HmacDrbg,
    OsEntropySource,
    OutcomeStream,
    os_seeded_drbg,
    shuffle,
)

__all__ = [
    "PERSONALIZATION",
    "PRODUCTION",
    "SEED_SIZE",
    "DrbgFactory",
    "DrbgReader",
    "Hooks",
    "ShuffleFunction",
    "StreamFactory",
    "client_seed_of",
    "derive",
    "fisher_yates",
    "production_drbg",
    "production_stream",
    "server_seed_of",
]

SEED_SIZE = 32  #: bytes of the campaign seed
PERSONALIZATION = b"alea certify/v1"

#: (campaign seed, chunk index) -> a source of raw generator output.
DrbgFactory = Callable[[bytes, int], ByteSource]
#: (server seed, client seed, nonce) -> the round's byte source.
StreamFactory = Callable[[bytes, str, int], ByteSource]
#: (round's byte source, n) -> a permutation of 0..n-1 (row[i] = item at position i).
ShuffleFunction = Callable[[ByteSource, int], list[int]]


def derive(seed: bytes, label: str, index: int) -> bytes:
    """A 32-byte key for ``label`` and ``index``, from the campaign seed."""
    tag = label.encode("utf-8")
    message = struct.pack(">I", len(tag)) + tag + struct.pack(">Q", index)
    return hmac.digest(seed, message, "sha256")


def server_seed_of(seed: bytes, chunk: int) -> bytes:
    return derive(seed, "server-seed", chunk)


def client_seed_of(chunk: int) -> str:
    return f"certify-{chunk}"


class _DerivedEntropy:
    """A recorded stand-in for ``os.urandom``: derive(seed, "drbg/entropy/c", i), i = 0, 1, ..."""

    def __init__(self, seed: bytes, chunk: int) -> None:
        self._seed = seed
        self._chunk = chunk
        self._count = 0

    def __call__(self, num_bytes: int) -> bytes:
        out = b""
        while len(out) < num_bytes:
            out += derive(self._seed, f"drbg/entropy/{self._chunk}", self._count)
            self._count += 1
        return out[:num_bytes]


class DrbgReader:
    """Reads a DRBG as a byte source, in requests of at most 64 KiB (SP 800-90A Table 2)."""

    def __init__(self, drbg: HmacDrbg) -> None:
        self.drbg = drbg

    def read(self, num_bytes: int) -> bytes:
        parts = []
        left = num_bytes
        while left > 0:
            take = min(left, MAX_BYTES_PER_REQUEST)
            parts.append(self.drbg.generate(take))
            left -= take
        return b"".join(parts)


def production_drbg(seed: bytes, chunk: int) -> ByteSource:
    """The production generator factory, fed recorded entropy (see the module docstring)."""
    source = OsEntropySource(_DerivedEntropy(seed, chunk))
    return DrbgReader(os_seeded_drbg(PERSONALIZATION, entropy_source=source))


def production_stream(server_seed: bytes, client_seed: str, nonce: int) -> ByteSource:
    """The production outcome stream of one round."""
    return OutcomeStream(server_seed, client_seed, nonce)


def fisher_yates(source: ByteSource, n: int) -> list[int]:
    """The production shuffle (``rng.shuffle``, forward Fisher–Yates) of 0..n-1."""
    return shuffle(source, range(n))


@dataclass(frozen=True)
class Hooks:
    """The injectable sources of a campaign (production by default)."""

    drbg: DrbgFactory = production_drbg
    stream: StreamFactory = production_stream
    shuffle: ShuffleFunction = fisher_yates

    @property
    def is_production(self) -> bool:
        return (
            self.drbg is production_drbg
            and self.stream is production_stream
            and self.shuffle is fisher_yates
        )


PRODUCTION = Hooks()
