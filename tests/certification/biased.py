"""Deliberately broken sources, pushed through the campaign's real pipeline via Hooks.

They live in the tests only: the CLI exposes no way to inject them.
"""

from __future__ import annotations

from certification.sources import production_drbg, production_stream
from rng import ByteSource, uniform_int


class ModuloStream:
    """A round stream whose 32-bit draws are ``byte % 37``: the classic biased scaling.

    ``uniform_int(37)`` then returns ``x % 37`` of one byte x: pockets 0..33 come up
    7/256 of the time, 34..36 only 6/256.
    """

    def __init__(self, source: ByteSource) -> None:
        self._source = source

    def read(self, num_bytes: int) -> bytes:
        if num_bytes != 4:
            return self._source.read(num_bytes)
        return (self._source.read(1)[0] % 37).to_bytes(4, "big")


def modulo_stream(server_seed: bytes, client_seed: str, nonce: int) -> ByteSource:
    return ModuloStream(production_stream(server_seed, client_seed, nonce))


def naive_shuffle(source: ByteSource, n: int) -> list[int]:
    """The classic broken shuffle: swap every position with any position (n^n paths)."""
    out = list(range(n))
    for i in range(n):
        j = uniform_int(source, n)
        out[i], out[j] = out[j], out[i]
    return out


class _StuckLowBit:
    def __init__(self, source: ByteSource) -> None:
        self._source = source

    def read(self, num_bytes: int) -> bytes:
        return bytes(b & 0xFE for b in self._source.read(num_bytes))


def stuck_bit_drbg(seed: bytes, chunk: int) -> ByteSource:
    """The production DRBG with the lowest bit of every byte stuck at 0."""
    return _StuckLowBit(production_drbg(seed, chunk))
