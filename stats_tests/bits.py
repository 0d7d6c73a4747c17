"""Turning files, arrays and byte sources into the bit arrays the tests take.

Bits are unpacked most significant bit first (``0x80`` is the bit string
``10000000``), as sts-2.1.2 reads binary files. NIST's ASCII format is a
text of '0' and '1' characters; whitespace is ignored, anything else is an
error naming its byte offset.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from typing import Any, Literal

import numpy as np

from stats_tests.errors import InvalidInputError, InvalidParameterError
from stats_tests.nist._common import Bits, as_bits

__all__ = [
    "BitFormat",
    "detect_format",
    "from_array",
    "from_ascii",
    "from_bytes",
    "from_callable",
    "read_bits",
    "to_ascii",
    "to_bytes",
]

BitFormat = Literal["auto", "binary", "ascii"]

#: Bytes inspected by :func:`detect_format`.
DETECT_BYTES = 65_536

#: Largest request :func:`from_callable` makes at once (an SP 800-90A DRBG's limit).
CHUNK_BYTES = 65_536

_READ_CHUNK = 1 << 20
_ZERO, _ONE = ord("0"), ord("1")
_WHITESPACE = np.zeros(256, dtype=bool)
_WHITESPACE[[9, 10, 11, 12, 13, 32]] = True
_ASCII_BYTE = _WHITESPACE.copy()
_ASCII_BYTE[[_ZERO, _ONE]] = True


def _check_max_bits(max_bits: int | None) -> None:
    if max_bits is not None and (
        isinstance(max_bits, bool) or not isinstance(max_bits, int) or max_bits < 0
    ):
        raise InvalidParameterError(
            f"max_bits must be a non-negative int or None, got {max_bits!r}"
        )


def from_bytes(data: bytes | bytearray | memoryview, max_bits: int | None = None) -> Bits:
    """Unpack bytes, most significant bit first, optionally keeping the first ``max_bits``."""
    _check_max_bits(max_bits)
    raw = np.frombuffer(bytes(data), dtype=np.uint8)
    if max_bits is not None:
        raw = raw[: -(-max_bits // 8)]
    bits = np.unpackbits(raw)
    return bits if max_bits is None else bits[:max_bits]


def _parse_ascii(raw: np.ndarray[Any, np.dtype[np.uint8]], offset: int) -> Bits:
    """The bits of one chunk of ASCII text; ``offset`` is the chunk's place in the input."""
    bad = ~_ASCII_BYTE[raw]
    if bad.any():
        where = int(np.argmax(bad))
        char = bytes([int(raw[where])])
        raise InvalidInputError(
            f"byte offset {offset + where}: {char!r} is not '0', '1' or whitespace "
            "(NIST ASCII format)"
        )
    digits = raw[(raw == _ZERO) | (raw == _ONE)]
    bits: Bits = (digits - np.uint8(_ZERO)).astype(np.uint8)
    return bits


def from_ascii(text: str | bytes | bytearray, max_bits: int | None = None) -> Bits:
    """Parse NIST's ASCII format: '0'/'1' characters, whitespace ignored, anything else an error."""
    _check_max_bits(max_bits)
    if isinstance(text, str):
        try:
            data = text.encode("ascii")
        except UnicodeEncodeError as exc:
            raise InvalidInputError(
                f"character offset {exc.start}: {text[exc.start]!r} is not '0', '1' or "
                "whitespace (NIST ASCII format)"
            ) from None
    else:
        data = bytes(text)
    bits = _parse_ascii(np.frombuffer(data, dtype=np.uint8), 0)
    return bits if max_bits is None else bits[:max_bits]


def from_array(array: Any, max_bits: int | None = None) -> Bits:
    """Check a 0/1 (or bool) array and return it as contiguous uint8."""
    _check_max_bits(max_bits)
    bits = as_bits(array)
    return bits if max_bits is None else bits[:max_bits]


def _takes_size(source: Callable[..., Any]) -> bool:
    """Whether ``source`` accepts a positional argument (the number of bytes wanted)."""
    try:
        signature = inspect.signature(source)
    except (TypeError, ValueError):  # some builtins have none: assume f(n)
        return True
    positional = (
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        inspect.Parameter.VAR_POSITIONAL,
    )
    return any(p.kind in positional for p in signature.parameters.values())


def from_callable(source: Callable[[int], bytes] | Callable[[], bytes], n_bits: int) -> Bits:
    """Draw ``n_bits`` bits from a byte source, MSB first.

    ``source`` is either ``f(num_bytes) -> bytes``, called with at most
    :data:`CHUNK_BYTES` at a time (``rng.HmacDrbg(...).generate`` and
    ``os.urandom`` fit), or ``f() -> bytes`` returning the next chunk (e.g.
    ``lambda: drbg.generate(65536)``). Short chunks are fine, empty ones an error;
    bytes beyond ``n_bits`` are dropped.
    """
    if isinstance(n_bits, bool) or not isinstance(n_bits, int) or n_bits < 0:
        raise InvalidParameterError(f"n_bits must be a non-negative int, got {n_bits!r}")
    sized = _takes_size(source)
    needed = -(-n_bits // 8)
    buffer = bytearray()
    while len(buffer) < needed:
        want = min(CHUNK_BYTES, needed - len(buffer))
        chunk = source(want) if sized else source()  # type: ignore[call-arg]
        if not isinstance(chunk, bytes | bytearray | memoryview):
            raise InvalidInputError(f"the byte source returned {type(chunk).__name__}, not bytes")
        if len(chunk) == 0:
            raise InvalidInputError(
                f"the byte source returned no bytes after {len(buffer)} of {needed}"
            )
        buffer += bytes(chunk)[:want]
    return from_bytes(buffer, max_bits=n_bits)


def to_bytes(bits: Any) -> bytes:
    """Pack bits MSB first (the last byte padded with zero bits)."""
    return np.packbits(as_bits(bits)).tobytes()


def to_ascii(bits: Any) -> str:
    """Bits as NIST's ASCII format (one '0'/'1' character per bit, no whitespace)."""
    return (as_bits(bits) + np.uint8(_ZERO)).tobytes().decode("ascii")


def detect_format(head: bytes) -> Literal["binary", "ascii"]:
    """'ascii' when the bytes are only '0', '1' and whitespace (and at least one digit)."""
    raw = np.frombuffer(head, dtype=np.uint8)
    if raw.size and bool(_ASCII_BYTE[raw].all()) and bool(((raw == _ZERO) | (raw == _ONE)).any()):
        return "ascii"
    return "binary"


def read_bits(
    path: str | os.PathLike[str],
    format: BitFormat = "auto",
    max_bits: int | None = None,
) -> Bits:
    """Read a file of bits.

    Parameters
    ----------
    path:
        The file.
    format:
        ``"binary"`` (raw bytes, MSB first), ``"ascii"`` (NIST's '0'/'1'
        text, whitespace ignored) or ``"auto"``: ASCII when the first
        64 KiB are only '0', '1' and whitespace, else binary.
    max_bits:
        Read at most this many bits (the rest of the file is not read).

    Raises
    ------
    InvalidInputError
        For a bad character in an ASCII file (naming its offset) or a file with no bits.
    InvalidParameterError
        For an unknown format or a bad ``max_bits``.
    OSError
        When the file can't be read.
    """
    if format not in ("auto", "binary", "ascii"):
        raise InvalidParameterError(f"format={format!r} is not one of 'auto', 'binary', 'ascii'")
    _check_max_bits(max_bits)
    with open(path, "rb") as handle:
        chosen = format
        if chosen == "auto":
            head = handle.read(DETECT_BYTES)
            handle.seek(0)
            chosen = detect_format(head)
        if chosen == "binary":
            size = -1 if max_bits is None else -(-max_bits // 8)
            bits = from_bytes(handle.read(size), max_bits=max_bits)
        else:
            parts: list[Bits] = []
            have = 0
            offset = 0
            while max_bits is None or have < max_bits:
                chunk = handle.read(_READ_CHUNK)
                if not chunk:
                    break
                part = _parse_ascii(np.frombuffer(chunk, dtype=np.uint8), offset)
                offset += len(chunk)
                parts.append(part)
                have += int(part.size)
            bits = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint8)
            if max_bits is not None:
                bits = bits[:max_bits]
    if bits.size == 0 and max_bits != 0:
        raise InvalidInputError(f"{os.fspath(path)!r} contains no bits ({chosen} format)")
    return np.ascontiguousarray(bits, dtype=np.uint8)
