"""Server configuration: a TOML file, then ALEA_* environment variables on top.

Every setting is a top-level key of the TOML file and an environment variable
``ALEA_<KEY>`` (upper case); the environment wins. API keys come as
``[[api_keys]]`` tables (``operator``, ``sha256``) in the file or the
``api_keys_file``, or as ``ALEA_API_KEYS="op1:<sha256>,op2:<sha256>"``.
Defaults make a first run work: listen on 127.0.0.1:50051, keep everything
under ./var/, and generate development keys there (with a loud warning).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from server.auth import ApiKey
from server.errors import ConfigError

__all__ = ["ServerConfig", "load_config", "parse_listen"]


@dataclass(frozen=True)
class ServerConfig:
    """Everything ``alea serve`` needs. Key material never shows in the repr."""

    listen: str = "127.0.0.1:50051"
    data_dir: Path = Path("var")
    store_path: Path | None = None  #: default: <data_dir>/alea.sqlite3
    #: "" = SQLite at store_path; "postgresql://…" = the shared PostgreSQL store
    #: (server/store_factory.py). Hidden from the repr: the URL may hold a password.
    store: str = field(default="", repr=False)
    signing_key_file: Path | None = None
    signing_key: str | None = field(default=None, repr=False)  #: hex; prefer the file
    seal_key_file: Path | None = None
    seal_key: str | None = field(default=None, repr=False)  #: hex; prefer the file
    api_keys_file: Path | None = None  #: default: <data_dir>/api_keys.toml if present
    api_keys: tuple[ApiKey, ...] = ()
    dev_keys: bool = True  #: generate development keys when none are configured
    tls_cert_file: Path | None = None
    tls_key_file: Path | None = None
    tls_client_ca_file: Path | None = None  #: set for mutual TLS
    metrics_listen: str = "127.0.0.1:9464"  #: "" disables the /metrics endpoint
    log_level: str = "INFO"
    grace_seconds: float = 10.0
    port_file: Path | None = None  #: write the bound port here once serving

    @property
    def store_file(self) -> Path:
        return self.store_path or self.data_dir / "alea.sqlite3"


_PATHS = {f.name for f in fields(ServerConfig) if "Path" in str(f.type)}
_NAMES = {f.name for f in fields(ServerConfig)}


def parse_listen(value: str, what: str = "listen") -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ConfigError(f"{what}={value!r} must be HOST:PORT, e.g. 127.0.0.1:50051")
    return host.strip("[]"), int(port)


def _convert(name: str, value: Any, source: str) -> Any:
    if name in _PATHS:
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{source}: {name} must be a path")
        return Path(value)
    if name == "dev_keys":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{source}: dev_keys must be true or false, got {value!r}")
    if name == "grace_seconds":
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{source}: grace_seconds must be a number") from None
        if seconds < 0:
            raise ConfigError(f"{source}: grace_seconds must not be negative")
        return seconds
    if not isinstance(value, str):
        raise ConfigError(f"{source}: {name} must be a string")
    if name in ("listen",):
        parse_listen(value, name)
    if name == "metrics_listen" and value:
        parse_listen(value, name)
    if name == "log_level" and value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError(f"{source}: log_level must be DEBUG, INFO, WARNING or ERROR")
    return value


def api_keys_from_toml(data: Mapping[str, Any], source: str) -> tuple[ApiKey, ...]:
    entries = data.get("api_keys", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{source}: api_keys must be an array of tables [[api_keys]]")
    keys = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or set(entry) != {"operator", "sha256"}:
            raise ConfigError(f"{source}: api_keys[{index}] needs exactly 'operator' and 'sha256'")
        keys.append(ApiKey(str(entry["operator"]), str(entry["sha256"])))
    return tuple(keys)


def load_api_keys_file(path: Path) -> tuple[ApiKey, ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read API keys file {path}: {exc}") from exc
    return api_keys_from_toml(data, str(path))


def load_config(path: Path | None, env: Mapping[str, str]) -> ServerConfig:
    """The configuration from ``path`` (optional) with ``env`` overrides applied."""
    values: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from exc
        unknown = sorted(set(data) - _NAMES)
        if unknown:
            raise ConfigError(
                f"{path}: unknown setting(s) {', '.join(unknown)}; known: "
                + ", ".join(sorted(_NAMES))
            )
        for name, value in data.items():
            if name != "api_keys":
                values[name] = _convert(name, value, str(path))
        values["api_keys"] = api_keys_from_toml(data, str(path))
    for name in _NAMES - {"api_keys"}:
        variable = f"ALEA_{name.upper()}"
        if variable in env:
            values[name] = _convert(name, env[variable], variable)
    if "ALEA_API_KEYS" in env:
        keys = []
        for item in filter(None, (part.strip() for part in env["ALEA_API_KEYS"].split(","))):
            operator, sep, digest = item.rpartition(":")
            if not sep:
                raise ConfigError("ALEA_API_KEYS must be 'operator:sha256,operator:sha256'")
            keys.append(ApiKey(operator, digest))
        values["api_keys"] = tuple(keys)
    config = ServerConfig()
    return replace(config, **values)
