"""Server seeds, their commitments, and the seed pair a player's rounds hang on.

Protocol steps 1-3 and 7 of docs/fairness.md: a 32-byte server seed from the
DRBG, published only as ``SHA-256(server_seed)``; the player's client seed; a
nonce that counts rounds from 0. A seed never shows itself in a repr or an error
message, and every comparison with it or its commitment is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from rng.client_seed import normalize_client_seed
from rng.errors import InvalidSeedError
from rng.hmac_drbg import HmacDrbg

__all__ = [
    "COMMITMENT_SIZE",
    "MAX_NONCE",
    "SEED_SIZE",
    "SeedPair",
    "ServerSeed",
    "commitment_of",
    "verify_commitment",
]

SEED_SIZE = 32  #: bytes in a server seed
COMMITMENT_SIZE = 32  #: bytes in SHA-256(server_seed)
MAX_NONCE = 2**64 - 1  #: nonces are unsigned 64-bit integers


def _as_bytes(name: str, value: bytes, size: int) -> bytes:
    if not isinstance(value, bytes | bytearray | memoryview):
        raise InvalidSeedError(f"{name} must be bytes, got {type(value).__name__}")
    value = bytes(value)
    if len(value) != size:
        raise InvalidSeedError(f"{name} must be exactly {size} bytes, got {len(value)}")
    return value


def commitment_of(server_seed: bytes) -> bytes:
    """``SHA-256(server_seed)``: what is published before any bet."""
    return hashlib.sha256(_as_bytes("server_seed", server_seed, SEED_SIZE)).digest()


def verify_commitment(server_seed: bytes, commitment: bytes) -> bool:
    """True when ``SHA-256(server_seed) == commitment``, compared in constant time."""
    expected = _as_bytes("commitment", commitment, COMMITMENT_SIZE)
    return hmac.compare_digest(commitment_of(server_seed), expected)


class ServerSeed:
    """A 32-byte server seed. Its repr shows the commitment, never the seed."""

    __slots__ = ("_commitment", "_secret")

    def __init__(self, secret: bytes) -> None:
        self._secret = _as_bytes("server_seed", secret, SEED_SIZE)
        self._commitment = hashlib.sha256(self._secret).digest()

    @classmethod
    def generate(cls, drbg: HmacDrbg) -> ServerSeed:
        """A fresh seed: 32 bytes from the DRBG (protocol step 1)."""
        return cls(drbg.generate(SEED_SIZE))

    @property
    def commitment(self) -> bytes:
        return self._commitment

    def reveal(self) -> bytes:
        """The secret bytes. Call only to key a stream or once the pair is rotated."""
        return self._secret

    def __repr__(self) -> str:
        return f"ServerSeed(commitment={self._commitment.hex()})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSeed):
            return NotImplemented
        return hmac.compare_digest(self._secret, other._secret)

    def __hash__(self) -> int:
        return hash(self._commitment)


@dataclass(frozen=True, slots=True)
class SeedPair:
    """A server seed, the player's client seed and the next nonce to use.

    Immutable: playing a round gives a new pair with the nonce advanced.
    """

    server_seed: ServerSeed
    client_seed: str
    next_nonce: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.server_seed, ServerSeed):
            raise InvalidSeedError("server_seed must be a ServerSeed")
        object.__setattr__(self, "client_seed", normalize_client_seed(self.client_seed))
        if isinstance(self.next_nonce, bool) or not isinstance(self.next_nonce, int):
            raise InvalidSeedError("next_nonce must be an int")
        if not 0 <= self.next_nonce <= MAX_NONCE:
            raise InvalidSeedError(f"next_nonce={self.next_nonce} is outside 0 .. 2**64-1")

    @property
    def commitment(self) -> bytes:
        return self.server_seed.commitment

    def with_client_seed(self, client_seed: str) -> SeedPair:
        """The same server seed with a new client seed, allowed only before the first round.

        Every round of a pair is keyed by the same (server seed, client seed); to
        change the client seed after a round has been played, rotate the pair.
        """
        if self.next_nonce != 0:
            raise InvalidSeedError(
                "client_seed can change only before the pair's first round; rotate the pair"
            )
        return SeedPair(self.server_seed, client_seed, 0)

    def advanced(self) -> SeedPair:
        """The pair after one more round."""
        if self.next_nonce == MAX_NONCE:
            raise InvalidSeedError("this pair has used every nonce; rotate it")
        return SeedPair(self.server_seed, self.client_seed, self.next_nonce + 1)
