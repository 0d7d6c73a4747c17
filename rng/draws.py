"""Unbiased draws from a byte stream: integers in a range, shuffles, weighted picks.

Protocol step 5 of docs/fairness.md, algorithm version ``alea/v1``. Integers
only — never floats, never ``x % n`` without rejection. Every function reads its
bytes from a :class:`~rng.stream.ByteSource` in a fixed, documented order, so a
verifier in any language reproduces the same outcome from the same stream.

uniform_int(n), 1 <= n <= 2**64:
    w = 32 if n <= 2**32 else 64 (bits). Read w/8 bytes as a big-endian unsigned
    integer x. Let limit = 2**w - (2**w mod n). If x < limit return x mod n,
    otherwise discard x and read the next word. (Each accepted residue is hit by
    exactly limit / n words, so every result has probability exactly 1/n.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from rng.errors import InvalidDrawError
from rng.stream import ByteSource

__all__ = [
    "MAX_RANGE",
    "rejection_limit",
    "sample_without_replacement",
    "shuffle",
    "uniform_int",
    "weighted_index",
    "word_bits",
]

T = TypeVar("T")
MAX_RANGE = 2**64  #: the largest n uniform_int accepts


def _check_range(n: int, name: str = "n") -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise InvalidDrawError(f"{name} must be an int, got {type(n).__name__}")
    if not 1 <= n <= MAX_RANGE:
        raise InvalidDrawError(f"{name}={n} is outside 1 .. 2**64")


def word_bits(n: int) -> int:
    """Width in bits of the words uniform_int(n) reads: 32 up to 2**32, else 64."""
    _check_range(n)
    return 32 if n <= 2**32 else 64


def rejection_limit(n: int, bits: int | None = None) -> int:
    """Words below this value are accepted by uniform_int(n); the rest are rejected.

    ``bits`` defaults to :func:`word_bits` (n); other widths exist so tests can
    check the bound exhaustively on small word sizes.
    """
    span = 1 << (word_bits(n) if bits is None else bits)
    if n > span:
        raise InvalidDrawError(f"n={n} does not fit in {bits}-bit words")
    return span - (span % n)


def uniform_int(source: ByteSource, n: int) -> int:
    """An integer uniformly distributed in ``[0, n)``, by rejection sampling."""
    _check_range(n)
    width = 4 if n <= 2**32 else 8
    limit = rejection_limit(n)
    while True:
        word = int.from_bytes(source.read(width), "big")
        if word < limit:
            return word % n


def shuffle(source: ByteSource, items: Sequence[T]) -> list[T]:
    """A uniformly random permutation of ``items`` (a new list), by Fisher–Yates.

    Forward order, fixed by the spec: for i = 0 .. n-2, j = i + uniform_int(n - i),
    swap positions i and j. So the first k cards of a shuffle are exactly
    ``sample_without_replacement`` of k from the same stream.
    """
    out = list(items)
    count = len(out)
    for i in range(count - 1):
        j = i + uniform_int(source, count - i)
        out[i], out[j] = out[j], out[i]
    return out


def sample_without_replacement(source: ByteSource, n: int, k: int) -> list[int]:
    """``k`` distinct integers from ``[0, n)`` in draw order.

    The first ``k`` positions of ``shuffle(range(n))`` from the same stream, computed
    with a sparse swap table so that memory is O(k), not O(n).
    """
    _check_range(n)
    if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k <= n:
        raise InvalidDrawError(f"k={k!r} must be an int in 0 .. n={n}")
    swapped: dict[int, int] = {}
    out: list[int] = []
    for i in range(k):
        if i == n - 1:  # shuffle() draws nothing for the last position
            out.append(swapped.get(i, i))
            break
        j = i + uniform_int(source, n - i)
        value_j = swapped.get(j, j)
        swapped[j] = swapped.get(i, i)
        out.append(value_j)
    return out


def weighted_index(source: ByteSource, weights: Sequence[int]) -> int:
    """Index ``i`` with probability ``weights[i] / sum(weights)``, exactly.

    Draws r = uniform_int(sum(weights)) and returns the first index whose running
    total exceeds r. Weights are positive integers summing to at most 2**64.
    """
    if len(weights) == 0:
        raise InvalidDrawError("weights is empty; give at least one positive weight")
    total = 0
    for index, weight in enumerate(weights):
        if isinstance(weight, bool) or not isinstance(weight, int):
            raise InvalidDrawError(f"weights[{index}] must be an int, got {weight!r}")
        if weight <= 0:
            raise InvalidDrawError(f"weights[{index}]={weight} must be positive")
        total += weight
    if total > MAX_RANGE:
        raise InvalidDrawError(f"sum(weights)={total} exceeds 2**64")
    r = uniform_int(source, total)
    running = 0
    for index, weight in enumerate(weights):
        running += weight
        if r < running:
            return index
    raise AssertionError("unreachable: r < total")  # pragma: no cover
