"""Stirling numbers of the second kind, exactly, for the poker and coupon-collector tests."""

from __future__ import annotations

from functools import cache

__all__ = ["falling_factorial", "stirling2", "stirling2_column"]


@cache
def _row(n: int) -> tuple[int, ...]:
    """S(n, 0), ..., S(n, n) by the recurrence S(n, j) = j S(n-1, j) + S(n-1, j-1)."""
    row: tuple[int, ...] = (1,)
    for m in range(1, n + 1):
        prev = row
        row = tuple(
            (j * prev[j] if j < m else 0) + (prev[j - 1] if j >= 1 else 0) for j in range(m + 1)
        )
    return row


def stirling2(n: int, j: int) -> int:
    """S(n, j): the number of ways to split n labelled items into j non-empty blocks."""
    if n < 0 or j < 0:
        raise ValueError(f"stirling2 needs n, j >= 0; got n={n}, j={j}")
    if j > n:
        return 0
    return _row(n)[j]


def stirling2_column(j: int, n_max: int) -> list[int]:
    """[S(n, j) for n in 0..n_max], by S(n, j) = j S(n-1, j) + S(n-1, j-1), column by column.

    Costs O(n_max * j) big-integer additions; keeps only one column in memory.
    """
    if j < 0 or n_max < 0:
        raise ValueError(f"stirling2_column needs j, n_max >= 0; got j={j}, n_max={n_max}")
    col = [1] + [0] * n_max  # S(n, 0)
    for i in range(1, j + 1):
        new = [0] * (n_max + 1)
        for n in range(1, n_max + 1):
            new[n] = i * new[n - 1] + col[n - 1]
        col = new
    return col


def falling_factorial(k: int, r: int) -> int:
    """k (k-1) ... (k-r+1)."""
    out = 1
    for i in range(r):
        out *= k - i
    return out
