"""Parsing what a player types for ``alea verify``: hex values, bets and actions.

Syntax (docs/verify.md):

* ``--bet KIND:AMOUNT[:TARGETS]`` — amount in minor units, targets comma-separated:
  ``straight:100:17``, ``split:50:17,20``, ``red:100``, ``dozen:100:2``.
* ``--action KIND[:POSITIONS]`` — positions comma-separated: ``hit``,
  ``hold:0,2,4``; ``hold`` or ``hold:`` keeps no card.

Every error is a ValueError whose message repeats the flag and the bad value.
"""

from __future__ import annotations

import string

from games.base import Action, Bet

__all__ = ["parse_action", "parse_bet", "parse_hex", "parse_nonce", "parse_public_key"]

_HEX_DIGITS = frozenset(string.hexdigits)


def parse_hex(text: str, flag: str, size: int) -> bytes:
    """``size`` bytes written as ``2 * size`` hex digits (either case, optional ``0x``)."""
    value = text.strip()
    if value[:2] in ("0x", "0X"):
        value = value[2:]
    for index, char in enumerate(value):
        if char not in _HEX_DIGITS:
            raise ValueError(
                f"{flag} must be hex digits 0-9 a-f; character {index + 1} is {char!r}"
            )
    if len(value) != 2 * size:
        raise ValueError(
            f"{flag} must be {2 * size} hex digits ({size} bytes), got {len(value)} digits"
        )
    return bytes.fromhex(value)


def parse_public_key(text: str, flag: str = "--public-key") -> str:
    """An Ed25519 public key: 64 hex digits, returned lower-case."""
    return parse_hex(text, flag, 32).hex()


def parse_nonce(text: str) -> int:
    """A nonce: a whole number in 0 .. 2**64-1."""
    value = text.strip()
    if not value.isdigit() or not value.isascii():
        raise ValueError(f"--nonce must be a whole number 0, 1, 2, ..., got {text!r}")
    nonce = int(value)
    if nonce >= 2**64:
        raise ValueError(f"--nonce must be below 2**64, got {text}")
    return nonce


def parse_bet(text: str) -> Bet:
    """``KIND:AMOUNT[:TARGETS]`` -> Bet."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not parts[0].strip():
        raise ValueError(
            f"--bet {text!r} must be KIND:AMOUNT or KIND:AMOUNT:TARGETS "
            "(e.g. straight:100:17, split:50:17,20, red:100)"
        )
    kind, amount_text = parts[0].strip(), parts[1].strip().replace("_", "")
    if not amount_text.isdigit() or not amount_text.isascii():
        raise ValueError(
            f"--bet {text!r}: the amount {parts[1]!r} must be a whole number of minor units"
        )
    targets: tuple[str, ...] = ()
    if len(parts) == 3 and parts[2].strip():
        targets = tuple(item.strip() for item in parts[2].split(","))
        if any(not item for item in targets):
            raise ValueError(f"--bet {text!r}: a target between commas is empty")
    return Bet(kind, int(amount_text), targets)


def parse_action(text: str) -> Action:
    """``KIND[:POSITIONS]`` -> Action."""
    kind, _, rest = text.partition(":")
    kind = kind.strip()
    if not kind:
        raise ValueError(f"--action {text!r} must be KIND or KIND:POSITIONS (e.g. hit, hold:0,2)")
    positions: list[int] = []
    if rest.strip():
        for item in rest.split(","):
            item = item.strip()
            if not item.isdigit() or not item.isascii():
                raise ValueError(
                    f"--action {text!r}: position {item!r} must be a whole number (0, 1, 2, ...)"
                )
            positions.append(int(item))
    return Action(kind, tuple(positions))
