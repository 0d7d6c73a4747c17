"""The server's key material: the Ed25519 signing key and the seed-sealing key.

Key files hold lower-case hex and one newline, and are written with mode 0600
(``alea keys generate``). Unrevealed server seeds are sealed at rest with
AES-256-GCM under the sealing key; the associated data is the pair id, so a
sealed seed moved to another pair's row doesn't open. Nothing here puts a key
in a repr or a message.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from nacl.signing import SigningKey

from server.errors import ConfigError

__all__ = [
    "SEAL_KEY_SIZE",
    "SIGNING_KEY_SIZE",
    "SeedSealer",
    "load_key_file",
    "parse_hex_key",
    "signing_key_from_seed",
    "write_secret_file",
]

SIGNING_KEY_SIZE = 32  #: bytes of an Ed25519 seed
SEAL_KEY_SIZE = 32  #: bytes of an AES-256-GCM key
GCM_NONCE_SIZE = 12


def parse_hex_key(text: str, size: int, where: str) -> bytes:
    """Decode a hex key of exactly ``size`` bytes; the message never repeats the key."""
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        raise ConfigError(f"{where} is not hex; expected {2 * size} hex digits") from None
    if len(key) != size:
        raise ConfigError(f"{where} holds {len(key)} bytes; expected {size}")
    return key


def load_key_file(path: Path, size: int) -> bytes:
    """Read a hex key file; refuse one that others can read."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read key file {path}: {exc}") from exc
    if mode & 0o077:
        raise ConfigError(f"key file {path} is readable by group or others; chmod 600 it")
    return parse_hex_key(text, size, f"key file {path}")


def write_secret_file(path: Path, data: str) -> None:
    """Create ``path`` with mode 0600 (never overwriting) and write ``data``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConfigError(f"{path} exists already; refusing to overwrite a key") from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def signing_key_from_seed(seed: bytes) -> SigningKey:
    if len(seed) != SIGNING_KEY_SIZE:
        raise ConfigError(f"an Ed25519 signing key is {SIGNING_KEY_SIZE} bytes")
    return SigningKey(seed)


class SeedSealer:
    """AES-256-GCM sealing of unrevealed server seeds; associated data = pair id.

    A sealed value is ``nonce (12 bytes) || ciphertext+tag``. ``entropy`` makes
    the nonces (injected; os.urandom in production).
    """

    __slots__ = ("_aead", "_entropy")

    def __init__(self, key: bytes, entropy: Callable[[int], bytes] = os.urandom) -> None:
        if len(key) != SEAL_KEY_SIZE:
            raise ConfigError(f"the sealing key must be {SEAL_KEY_SIZE} bytes")
        self._aead = AESGCM(key)
        self._entropy = entropy

    def __repr__(self) -> str:
        return "SeedSealer(<key hidden>)"

    def seal(self, pair_id: str, seed: bytes) -> bytes:
        nonce = self._entropy(GCM_NONCE_SIZE)
        return nonce + self._aead.encrypt(nonce, seed, pair_id.encode("utf-8"))

    def open(self, pair_id: str, sealed: bytes) -> bytes:
        try:
            return self._aead.decrypt(
                sealed[:GCM_NONCE_SIZE], sealed[GCM_NONCE_SIZE:], pair_id.encode("utf-8")
            )
        except InvalidTag:
            raise ConfigError(
                f"the sealed server seed of pair {pair_id} does not open with this sealing "
                "key (wrong ALEA_SEAL_KEY, or the row was tampered with)"
            ) from None
