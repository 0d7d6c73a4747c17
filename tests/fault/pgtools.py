"""PostgreSQL for the tests: where it is, whether it answers, and throwaway schemas.

The tests use ``$ALEA_TEST_POSTGRES_URL`` (default: the development and CI
database, ``postgresql://postgres@127.0.0.1:5432/test``). Without a reachable
server the PostgreSQL tests are *skipped* with the reason; with
``ALEA_REQUIRE_POSTGRES=1`` (CI) they fail instead, so a broken database can't
pass silently. Every store lives in a fresh schema ``alea_t_<time>_<random>``,
dropped afterwards; schemas left over by a killed run are dropped after an hour.
"""

from __future__ import annotations

import functools
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

PG_URL = os.environ.get("ALEA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE = os.environ.get("ALEA_REQUIRE_POSTGRES", "") == "1"
SCHEMA_PREFIX = "alea_t_"
STALE_SECONDS = 3600

__all__ = [
    "PG_URL",
    "drop_schema",
    "fresh_schema",
    "new_schema",
    "pg_execute",
    "require_postgres",
    "schema_url",
    "unavailable_reason",
]


@functools.cache
def unavailable_reason() -> str | None:
    """Why the PostgreSQL tests can't run here, or None if they can."""
    try:
        import psycopg
        import psycopg_pool  # noqa: F401
    except ImportError as exc:
        return f"psycopg / psycopg_pool not installed ({exc}); pip install -e '.[postgres]'"
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return (
            f"PostgreSQL not reachable at {PG_URL} ({first}); start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
            "or set ALEA_TEST_POSTGRES_URL"
        )
    _sweep_stale()
    return None


def require_postgres() -> None:
    """Skip (or, with ALEA_REQUIRE_POSTGRES=1, fail) the calling test without PostgreSQL."""
    reason = unavailable_reason()
    if reason is not None:
        if REQUIRE:
            pytest.fail(f"ALEA_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)


def pg_execute(statement: str, params: tuple[Any, ...] = (), *, schema: str | None = None) -> Any:
    """Run one statement on a fresh autocommit connection; the rows if it returns any."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        if schema is not None:
            conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def new_schema() -> str:
    return f"{SCHEMA_PREFIX}{int(time.time())}_{secrets.token_hex(4)}"


def schema_url(schema: str) -> str:
    return f"{PG_URL}{'&' if '?' in PG_URL else '?'}schema={schema}"


def drop_schema(schema: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A new, empty schema name (the store creates it); dropped on the way out."""
    schema = new_schema()
    try:
        yield schema
    finally:
        drop_schema(schema)


def _sweep_stale() -> None:
    """Drop test schemas older than an hour (a run killed before its cleanup)."""
    rows = pg_execute(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", (SCHEMA_PREFIX + "%",)
    )
    now = time.time()
    for (name,) in rows or ():
        parts = name[len(SCHEMA_PREFIX) :].split("_")
        if parts and parts[0].isdigit() and now - int(parts[0]) > STALE_SECONDS:
            drop_schema(name)
