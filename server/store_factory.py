"""Open the store the configuration names: the embedded SQLite file, or PostgreSQL.

``store`` in the config (``ALEA_STORE``) selects it: empty means SQLite at
``store_path`` (default ``<data_dir>/alea.sqlite3``); a ``postgresql://`` (or
``postgres://``) URL means the shared PostgreSQL store, which several servers
can use at once (docs/deploy.md). The PostgreSQL driver is imported only then,
so an SQLite-only install doesn't need it.
"""

from __future__ import annotations

from server.config import ServerConfig
from server.errors import ConfigError
from server.sqlite_store import SqliteStore
from server.store import Store

__all__ = ["describe_store", "open_store"]


def open_store(config: ServerConfig) -> Store:
    """The configured store, migrated and ready; ConfigError if ``store`` is malformed."""
    url = config.store.strip()
    if not url:
        return SqliteStore(config.store_file)
    if url.startswith(("postgresql://", "postgres://")):
        try:
            from server.postgres_store import PostgresStore
        except ImportError as exc:  # psycopg is in the `postgres` and `server` extras
            raise ConfigError(
                f"store is a PostgreSQL URL but the driver is missing ({exc}); "
                "install alea[postgres]"
            ) from None
        return PostgresStore(url)
    scheme = url.split("://", 1)[0][:20] + "://" if "://" in url else "no URL scheme"
    raise ConfigError(
        f"store must be empty (SQLite at store_path) or a postgresql:// URL, got {scheme!r}"
    )


def describe_store(store: object) -> str:
    """For the 'serving' log line: the SQLite path, or the URL without its password."""
    path = getattr(store, "path", None)
    return str(path) if path is not None else repr(store)
