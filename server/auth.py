"""Operator authentication by API key (``authorization: Bearer <key>`` metadata).

Keys are stored only as SHA-256 hex digests (an API key is 256 bits of CSPRNG
output, so a plain hash is enough); a presented key is hashed and compared
with every stored digest with ``hmac.compare_digest``, without stopping early.
Each key belongs to one operator; the engine shows an operator only its own
pairs and rounds.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from server.errors import AuthenticationError, ConfigError

__all__ = ["API_KEY_PREFIX", "ApiKey", "Keyring", "generate_api_key", "hash_api_key"]

API_KEY_PREFIX = "alea_"


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def generate_api_key(entropy: Callable[[int], bytes] = os.urandom) -> str:
    """A fresh API key: ``alea_`` + 64 hex digits (256 bits)."""
    return API_KEY_PREFIX + entropy(32).hex()


@dataclass(frozen=True)
class ApiKey:
    """An operator and the SHA-256 hex digest of its API key."""

    operator_id: str
    sha256: str

    def __post_init__(self) -> None:
        if not self.operator_id or not self.operator_id.isprintable():
            raise ConfigError("api key: operator must be a non-empty printable name")
        try:
            raw = bytes.fromhex(self.sha256)
        except ValueError:
            raise ConfigError(
                f"api key of operator {self.operator_id!r}: sha256 is not hex"
            ) from None
        if len(raw) != 32:
            raise ConfigError(
                f"api key of operator {self.operator_id!r}: sha256 must be 64 hex digits"
            )


class Keyring:
    """The API keys the server accepts."""

    def __init__(self, keys: Iterable[ApiKey]) -> None:
        self._keys = tuple((k.operator_id, bytes.fromhex(k.sha256)) for k in keys)

    def __repr__(self) -> str:
        return f"Keyring({len(self._keys)} keys)"

    def __len__(self) -> int:
        return len(self._keys)

    def authenticate(self, metadata: Sequence[tuple[str, str | bytes]] | None) -> str:
        """The operator id of the request's API key, or AuthenticationError."""
        header = None
        for name, value in metadata or ():
            if name.lower() == "authorization":
                header = value.decode("latin-1") if isinstance(value, bytes) else value
                break
        if header is None:
            raise AuthenticationError(
                "missing credentials: send metadata 'authorization: Bearer <api key>'"
            )
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError("authorization metadata must be 'Bearer <api key>'")
        presented = hashlib.sha256(token.strip().encode("utf-8")).digest()
        found: str | None = None
        for operator_id, digest in self._keys:
            if hmac.compare_digest(presented, digest) and found is None:
                found = operator_id
        if found is None:
            raise AuthenticationError("the API key is not valid")
        return found
