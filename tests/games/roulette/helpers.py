"""Shared test helpers: a byte source that forces chosen pockets, and the games."""

from __future__ import annotations

from collections.abc import Iterable

from games.roulette import RouletteGame, game


class ForcedPockets:
    """A ByteSource whose 4-byte words are the given draw indices.

    ``uniform_int(source, 37 or 38)`` reads one big-endian 32-bit word and, for a
    word below the rejection limit, returns it modulo n: a word k < n yields k.
    """

    def __init__(self, indices: Iterable[int]) -> None:
        self._words = list(indices)
        self.reads = 0

    def read(self, num_bytes: int) -> bytes:
        assert num_bytes == 4, num_bytes
        word = self._words[self.reads]
        self.reads += 1
        return word.to_bytes(4, "big")


EUROPEAN: RouletteGame = game("european")
AMERICAN: RouletteGame = game("american")
FRENCH: RouletteGame = game("french")
EN_PRISON: RouletteGame = game("french-en-prison")
ALL_GAMES = (EUROPEAN, AMERICAN, FRENCH, EN_PRISON)
