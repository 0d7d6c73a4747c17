"""The byte counter behind ``RoundOutcome.bytes_used``."""

from __future__ import annotations

from rng import ByteSource

__all__ = ["CountingSource"]


class CountingSource:
    """Passes reads through to a round's stream and counts the bytes read.

    Every game reports ``RoundOutcome.bytes_used``; each used to carry its own
    copy of this wrapper. A :class:`~rng.ByteSource` returns exactly the bytes
    asked for, so counting the bytes returned is counting the bytes requested.
    """

    __slots__ = ("_source", "used")

    def __init__(self, source: ByteSource) -> None:
        self._source = source
        self.used = 0

    def read(self, num_bytes: int) -> bytes:
        data = self._source.read(num_bytes)
        self.used += len(data)
        return data
