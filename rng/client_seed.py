"""The rules a client seed must follow before it can key a round.

A client seed is text the player chooses (or their verifier makes). It enters
the outcome stream as UTF-8 after Unicode NFC normalisation, so the same visible
seed typed on two keyboards gives the same stream. Seeds that would be ambiguous
or invisible are refused rather than silently altered.
"""

from __future__ import annotations

import secrets
import unicodedata

from rng.errors import InvalidClientSeedError

__all__ = [
    "CLIENT_SEED_MAX_BYTES",
    "fresh_client_seed",
    "normalize_client_seed",
]

CLIENT_SEED_MAX_BYTES = 128  #: UTF-8 bytes after NFC normalisation
_FORBIDDEN_CATEGORIES = {
    "Cc": "a control character",
    "Cs": "a lone surrogate",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}


def normalize_client_seed(client_seed: str) -> str:
    """Return the NFC form of ``client_seed``, or raise InvalidClientSeedError.

    Rules (normative, docs/fairness.md section "Client seed"):
    a ``str``; not empty; no leading or trailing white space; no control
    characters (Cc), lone surrogates (Cs), line or paragraph separators (Zl, Zp);
    at most 128 bytes of UTF-8 after NFC normalisation.
    """
    if not isinstance(client_seed, str):
        raise InvalidClientSeedError(f"client_seed must be text, got {type(client_seed).__name__}")
    if not client_seed:
        raise InvalidClientSeedError("client_seed is empty; it needs 1 to 128 bytes of UTF-8")
    for index, char in enumerate(client_seed):
        category = unicodedata.category(char)
        if category in _FORBIDDEN_CATEGORIES:
            raise InvalidClientSeedError(
                f"client_seed has {_FORBIDDEN_CATEGORIES[category]} "
                f"(U+{ord(char):04X}) at position {index}"
            )
    if client_seed[0].isspace() or client_seed[-1].isspace():
        raise InvalidClientSeedError("client_seed must not start or end with white space")
    normalized = unicodedata.normalize("NFC", client_seed)
    size = len(normalized.encode("utf-8"))
    if size > CLIENT_SEED_MAX_BYTES:
        raise InvalidClientSeedError(
            f"client_seed is {size} bytes of UTF-8; the limit is {CLIENT_SEED_MAX_BYTES}"
        )
    return normalized


def fresh_client_seed() -> str:
    """A new client seed from this machine's CSPRNG: 32 hex characters (128 bits)."""
    return secrets.token_hex(16)
