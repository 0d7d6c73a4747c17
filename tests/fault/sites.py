"""Where a test's store lives, for either kind: an SQLite file or a PostgreSQL schema.

A :class:`StoreSite` opens any number of stores on the same data (a reopen, or
a second "server"), gives the environment a server process needs to use it,
runs raw SQL on it (what someone with the database could do) and cleans up.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from server.sqlite_store import SqliteStore
from server.store import Store
from tests.fault.pgtools import drop_schema, new_schema, pg_execute, require_postgres, schema_url

__all__ = ["STORE_KINDS", "StoreSite"]

STORE_KINDS = ("sqlite", "postgresql")


class StoreSite:
    def __init__(self, kind: str, tmp: Path) -> None:
        if kind not in STORE_KINDS:
            raise ValueError(f"store kind {kind!r}; known: {STORE_KINDS}")
        if kind == "postgresql":
            require_postgres()
        self.kind = kind
        self.path = tmp / "alea.sqlite3"
        self.schema = new_schema() if kind == "postgresql" else None
        self._opened: list[Any] = []

    def __repr__(self) -> str:
        return f"StoreSite({self.kind}, {self.schema or self.path})"

    @property
    def url(self) -> str:
        assert self.schema is not None
        return schema_url(self.schema)

    def open(self, **options: Any) -> Store:
        store: Any
        if self.kind == "sqlite":
            store = SqliteStore(self.path, **options)
        else:
            from server.postgres_store import PostgresStore

            store = PostgresStore(self.url, **options)
        self._opened.append(store)
        return store  # type: ignore[no-any-return]

    def env(self) -> dict[str, str]:
        """ALEA_* variables that point a server process at this store."""
        if self.kind == "sqlite":
            return {"ALEA_STORE_PATH": str(self.path), "ALEA_STORE": ""}
        return {"ALEA_STORE": self.url}

    def execute(self, statement: str) -> list[tuple[Any, ...]] | None:
        """Raw SQL on the store's data, outside any store (no parameters)."""
        if self.kind == "sqlite":
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            try:
                cursor = conn.execute(statement)
                return cursor.fetchall() if cursor.description else None
            finally:
                conn.close()
        result: list[tuple[Any, ...]] | None = pg_execute(statement, schema=self.schema)
        return result

    def cleanup(self) -> None:
        for store in self._opened:
            store.close()
        if self.schema is not None:
            drop_schema(self.schema)
