"""The column lists, row statements and journal hash both stores share.

The row classes of :mod:`server.store` are the one source of the columns: a
column list is a row class's fields, in order, so a column can't be added to one
store and forgotten in the other, nor a row rebuilt from columns in another
order. The statements built from them differ between the drivers only in the
parameter mark (``?`` for sqlite3, ``%s`` for psycopg). What really differs —
each dialect's DDL and migrations, locking, how a value comes back from the
driver — stays in its store module.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from server.store import IdempotencyRow, JournalEntry, PairRow, RoundRow

__all__ = [
    "IDEMPOTENCY_COLUMNS",
    "JOURNAL_COLUMNS",
    "PAIR_COLUMNS",
    "ROUND_COLUMNS",
    "RowStatements",
    "journal_entry_hash",
    "row_statements",
    "row_values",
    "update_values",
]

PAIR_COLUMNS = tuple(f.name for f in fields(PairRow))
ROUND_COLUMNS = tuple(f.name for f in fields(RoundRow))
IDEMPOTENCY_COLUMNS = tuple(f.name for f in fields(IdempotencyRow))
JOURNAL_COLUMNS = tuple(f.name for f in fields(JournalEntry))


def row_values(row: object, columns: Sequence[str]) -> tuple[Any, ...]:
    """The row's column values (dataclasses.astuple would deep-copy every field)."""
    return tuple(getattr(row, name) for name in columns)


def update_values(row: object, columns: Sequence[str]) -> tuple[Any, ...]:
    """UPDATE parameters: the key column moves from first to last (WHERE key = mark)."""
    values = row_values(row, columns)
    return (*values[1:], values[0])


def _insert_sql(table: str, columns: Sequence[str], mark: str) -> str:
    marks = ", ".join([mark] * len(columns))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


def _update_sql(table: str, columns: Sequence[str], mark: str) -> str:
    sets = ", ".join(f"{name} = {mark}" for name in columns[1:])
    return f"UPDATE {table} SET {sets} WHERE {columns[0]} = {mark}"


@dataclass(frozen=True)
class RowStatements:
    """Every row statement the stores share, for one driver's parameter mark.

    ``round_select`` has no WHERE clause: callers add the one they need.
    """

    pair_insert: str
    pair_update: str
    pair_select: str
    round_insert: str
    round_update: str
    round_select: str
    idempotency_insert: str
    idempotency_select: str
    journal_insert: str
    journal_select: str


def row_statements(mark: str) -> RowStatements:
    """The statements with ``mark`` as the parameter placeholder."""
    return RowStatements(
        pair_insert=_insert_sql("pairs", PAIR_COLUMNS, mark),
        pair_update=_update_sql("pairs", PAIR_COLUMNS, mark),
        pair_select=f"SELECT {', '.join(PAIR_COLUMNS)} FROM pairs WHERE pair_id = {mark}",
        round_insert=_insert_sql("rounds", ROUND_COLUMNS, mark),
        round_update=_update_sql("rounds", ROUND_COLUMNS, mark),
        round_select=f"SELECT {', '.join(ROUND_COLUMNS)} FROM rounds",
        idempotency_insert=_insert_sql("idempotency", IDEMPOTENCY_COLUMNS, mark),
        idempotency_select=(
            f"SELECT {', '.join(IDEMPOTENCY_COLUMNS)} FROM idempotency "
            f"WHERE operator_id = {mark} AND key = {mark}"
        ),
        journal_insert=_insert_sql("journal", JOURNAL_COLUMNS, mark),
        journal_select=f"SELECT {', '.join(JOURNAL_COLUMNS)} FROM journal ORDER BY seq",
    )


def journal_entry_hash(seq: int, kind: str, ref: str, body_hash: str, prev: str, at: str) -> str:
    """SHA-256 of the canonical JSON of the entry's fields (docs/receipts.md, "Journal")."""
    entry = {
        "seq": seq,
        "kind": kind,
        "ref": ref,
        "body_hash": body_hash,
        "prev_hash": prev,
        "at": at,
    }
    # Only ints and strings: json.dumps with these options *is* the canonical encoding
    # (games.canonical_json would only add its float check, on the hot path).
    text = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
