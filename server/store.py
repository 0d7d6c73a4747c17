"""The store interface: what the game engine needs from a durable journal.

A store runs *units of work* — functions of a :class:`Transaction` — each
atomically and durably: when :meth:`Store.submit`'s future resolves, the work's
writes are committed to stable storage (or none of them are and the future
holds the error). The engine puts every check and write of one request (nonce
increment, round, receipt, idempotency record, journal entry) into one unit, so
an acknowledged round can never be lost and a nonce never reused or skipped.

The embedded implementation is :class:`server.sqlite_store.SqliteStore`; a
PostgreSQL store implements the same two protocols (units of work in
``SERIALIZABLE`` transactions, rows locked with ``SELECT ... FOR UPDATE``).
This module imports neither grpc nor a database driver.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Protocol, TypeVar

__all__ = [
    "GENESIS_HASH",
    "IdempotencyRow",
    "JournalEntry",
    "PairRow",
    "RoundRow",
    "Store",
    "Transaction",
]

T = TypeVar("T")

#: prev_hash of the first journal entry.
GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class PairRow:
    """A seed pair as stored. ``sealed_seed`` while active, ``server_seed`` once revealed."""

    pair_id: str
    operator_id: str
    player_id: str
    commitment: str
    sealed_seed: bytes | None
    server_seed: str | None
    client_seed: str | None
    next_nonce: int
    open_round_id: str | None
    last_receipt_hash: str
    commitment_record: str
    commitment_signature: str
    reveal_record: str | None
    reveal_signature: str | None
    successor_id: str | None
    created_at: str
    revealed_at: str | None

    @property
    def rotated(self) -> bool:
        return self.reveal_record is not None

    def __repr__(self) -> str:  # never show the sealed or plain seed
        return f"PairRow(pair_id={self.pair_id!r}, next_nonce={self.next_nonce})"


@dataclass(frozen=True)
class RoundRow:
    """A round as stored; JSON columns hold canonical JSON text."""

    round_id: str
    pair_id: str
    operator_id: str
    player_id: str
    nonce: int
    game_id: str
    model_hash: str
    currency: str
    bets: str
    actions: str
    finished: bool
    legal_actions: str
    outcome: str
    total_bet: int
    total_win: int
    started_at: str
    finished_at: str | None
    receipt_body: str | None
    receipt_hash: str | None
    receipt_signature: str | None


@dataclass(frozen=True)
class IdempotencyRow:
    """The stored answer to a request, keyed by (operator, idempotency key)."""

    operator_id: str
    key: str
    method: str
    fingerprint: str
    result: str
    created_at: str


@dataclass(frozen=True)
class JournalEntry:
    """One link of the global append-only journal chain (docs/receipts.md)."""

    seq: int
    kind: str
    ref: str
    body_hash: str
    prev_hash: str
    entry_hash: str
    at: str


class Transaction(Protocol):
    """The reads and writes a unit of work may do; all inside one transaction."""

    def get_pair(self, pair_id: str) -> PairRow | None: ...

    def insert_pair(self, row: PairRow) -> None: ...

    def update_pair(self, row: PairRow) -> None: ...

    def get_round(self, round_id: str) -> RoundRow | None: ...

    def insert_round(self, row: RoundRow) -> None: ...

    def update_round(self, row: RoundRow) -> None: ...

    def pair_rounds(self, pair_id: str) -> list[RoundRow]:
        """Every round of the pair, in nonce order."""
        ...

    def get_idempotency(self, operator_id: str, key: str) -> IdempotencyRow | None: ...

    def put_idempotency(self, row: IdempotencyRow) -> None: ...

    def append_journal(self, kind: str, ref: str, body_hash: str, at: str) -> JournalEntry:
        """Append an entry chained to the previous one; entries are never changed."""
        ...

    def journal(self) -> list[JournalEntry]:
        """The whole journal, in order (audits and tests)."""
        ...


class Store(Protocol):
    """A durable journal of pairs and rounds."""

    def submit(self, work: Callable[[Transaction], T]) -> Future[T]:
        """Run ``work`` in a transaction; the future resolves after a durable commit."""
        ...

    def read(self, work: Callable[[Transaction], T]) -> T:
        """Run read-only ``work`` on committed data and return its result."""
        ...

    def close(self) -> None:
        """Finish queued work, then release the store."""
        ...
