"""The lab's Ed25519 key: make a pair, load it, sign report.json, verify a signature.

Key files hold hex text, like the server's (``cli/keys.py``): ``lab.key`` is the
32-byte Ed25519 seed (mode 0600, never overwritten), ``lab.pub`` the 32-byte
public key. ``report.sig`` is the raw 64-byte Ed25519 signature over the exact
bytes of ``report.json`` (RFC 8032; ``openssl pkeyutl -verify -rawin`` checks it
too, with the public key wrapped as an SPKI PEM).
"""

from __future__ import annotations

import os
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from rng import AleaError

__all__ = [
    "KEY_SIZE",
    "SIGNATURE_SIZE",
    "KeyFileError",
    "generate_key_pair",
    "load_signing_key",
    "load_verify_key",
    "public_hex",
    "sign",
    "verify",
]

KEY_SIZE = 32
SIGNATURE_SIZE = 64


class KeyFileError(AleaError, ValueError):
    """A key file that is missing, malformed, or would be overwritten."""


def _read_hex(path: Path, what: str) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise KeyFileError(f"cannot read the {what} {path}: {exc.strerror}") from exc
    except UnicodeDecodeError:
        raise KeyFileError(f"{path} is not a hex {what} file") from None
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raise KeyFileError(f"{path} is not a hex {what} file") from None
    if len(raw) != KEY_SIZE:
        raise KeyFileError(f"{path} holds {len(raw)} bytes; an Ed25519 {what} has {KEY_SIZE}")
    return raw


def generate_key_pair(directory: Path, seed: bytes | None = None) -> tuple[Path, Path]:
    """Write ``lab.key`` (0600) and ``lab.pub`` in ``directory``; refuse to overwrite."""
    directory.mkdir(parents=True, exist_ok=True)
    private, public = directory / "lab.key", directory / "lab.pub"
    for path in (private, public):
        if path.exists():
            raise KeyFileError(f"{path} exists already; refusing to overwrite a key")
    material = seed if seed is not None else os.urandom(KEY_SIZE)
    fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(material.hex() + "\n")
    public.write_text(public_hex(SigningKey(material)) + "\n", encoding="ascii")
    return private, public


def load_signing_key(path: Path) -> SigningKey:
    return SigningKey(_read_hex(path, "private key"))


def load_verify_key(source: str | Path) -> VerifyKey:
    """A public key from a file (hex) or given directly as 64 hex digits."""
    text = str(source)
    if len(text) == 2 * KEY_SIZE and all(c in "0123456789abcdefABCDEF" for c in text):
        return VerifyKey(bytes.fromhex(text))
    return VerifyKey(_read_hex(Path(source), "public key"))


def public_hex(key: SigningKey) -> str:
    return bytes(key.verify_key).hex()


def sign(key: SigningKey, message: bytes) -> bytes:
    return bytes(key.sign(message).signature)


def verify(key: VerifyKey, message: bytes, signature: bytes) -> bool:
    if len(signature) != SIGNATURE_SIZE:
        return False
    try:
        key.verify(message, signature)
    except BadSignatureError:
        return False
    return True
