"""Assemble and run the server: keys, store, engine, gRPC services, health, reflection.

``run(config)`` is what ``alea serve`` calls. Shutdown on SIGTERM/SIGINT is
graceful: health turns NOT_SERVING, new calls are refused, calls in flight get
``grace_seconds`` to finish (their units of work commit), then the store's
writer drains and closes.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TextIO

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_health.v1._async import HealthServicer
from grpc_reflection.v1alpha import reflection
from nacl.signing import SigningKey

from alea.v1 import (
    game_service_pb2,
    game_service_pb2_grpc,
    seed_pair_service_pb2,
    seed_pair_service_pb2_grpc,
    server_info_service_pb2,
    server_info_service_pb2_grpc,
)
from games.base import Game
from games.registry import all_games, current_games
from rng import os_seeded_drbg
from server.auth import ApiKey, Keyring, generate_api_key, hash_api_key
from server.config import ServerConfig, load_api_keys_file, parse_listen
from server.decode_guard import DecodeGuard
from server.engine import Engine
from server.errors import ConfigError
from server.keys import (
    SEAL_KEY_SIZE,
    SIGNING_KEY_SIZE,
    SeedSealer,
    load_key_file,
    parse_hex_key,
    signing_key_from_seed,
    write_secret_file,
)
from server.metrics import Metrics
from server.service import GameService, LoopBridge, SeedPairService, ServerInfoService
from server.store import Store
from server.store_factory import describe_store, open_store

__all__ = ["SERVICE_NAMES", "AleaServer", "KeyMaterial", "build_server", "resolve_keys", "run"]

log = logging.getLogger("alea.server")

SERVICE_NAMES: tuple[str, ...] = (
    seed_pair_service_pb2.DESCRIPTOR.services_by_name["SeedPairService"].full_name,
    game_service_pb2.DESCRIPTOR.services_by_name["GameService"].full_name,
    server_info_service_pb2.DESCRIPTOR.services_by_name["ServerInfoService"].full_name,
)

DEV_WARNING = """
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!  ALEA IS RUNNING WITH DEVELOPMENT KEYS ({what}) generated in {where}.
!!  They are for trying the server out on this machine only. For real use run
!!  `alea keys generate --out DIR` and set signing_key_file / seal_key_file /
!!  api_keys in the config (or ALEA_* variables).
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
"""


def build_version() -> str:
    try:
        return f"alea {metadata.version('alea')}"
    except metadata.PackageNotFoundError:
        return "alea (not installed)"


@dataclass(frozen=True)
class KeyMaterial:
    signing_key: SigningKey
    seal_key: bytes
    api_keys: tuple[ApiKey, ...]

    def __repr__(self) -> str:
        return f"KeyMaterial(public_key={bytes(self.signing_key.verify_key).hex()})"


def _dev_key(path: Path, size: int, entropy: Callable[[int], bytes]) -> bytes:
    if not path.exists():
        write_secret_file(path, entropy(size).hex() + "\n")
    return load_key_file(path, size)


def _configured_key(
    name: str,
    inline: str | None,
    file: Path | None,
    size: int,
    config: ServerConfig,
    entropy: Callable[[int], bytes],
    dev: list[str],
) -> bytes:
    """The ``name`` key (signing or seal): inline hex, else its key file, else — with
    dev_keys — a development key made on the first run (noted in ``dev``).

    Both keys are found by the same rules, so one function keeps them the same.
    """
    if inline:
        return parse_hex_key(inline, size, f"ALEA_{name.upper()}_KEY")
    if file:
        return load_key_file(file, size)
    if config.dev_keys:
        key = _dev_key(config.data_dir / f"dev-{name}.key", size, entropy)
        dev.append(f"{name} key")
        return key
    raise ConfigError(f"no {name} key: set {name}_key_file (or ALEA_{name.upper()}_KEY_FILE)")


def resolve_keys(
    config: ServerConfig,
    *,
    out: TextIO = sys.stderr,
    entropy: Callable[[int], bytes] | None = None,
) -> KeyMaterial:
    """Load the configured keys, or make development keys on a first run (loudly)."""
    import os

    source = entropy or os.urandom
    dev: list[str] = []
    signing = _configured_key(
        "signing",
        config.signing_key,
        config.signing_key_file,
        SIGNING_KEY_SIZE,
        config,
        source,
        dev,
    )
    seal = _configured_key(
        "seal", config.seal_key, config.seal_key_file, SEAL_KEY_SIZE, config, source, dev
    )
    api_keys = list(config.api_keys)
    keys_file = config.api_keys_file or config.data_dir / "api_keys.toml"
    if config.api_keys_file is not None or keys_file.exists():
        api_keys += load_api_keys_file(keys_file)
    if not api_keys:
        if not config.dev_keys:
            raise ConfigError("no API keys: add [[api_keys]] to the config or ALEA_API_KEYS")
        key = generate_api_key(source)
        digest = hash_api_key(key)
        keys_file.parent.mkdir(parents=True, exist_ok=True)
        write_secret_file(
            keys_file,
            "# API keys the server accepts (SHA-256 of each key). Generated for development.\n"
            f'[[api_keys]]\noperator = "dev"\nsha256 = "{digest}"\n',
        )
        api_keys.append(ApiKey("dev", digest))
        dev.append("API key")
        print(
            f"\nDevelopment API key for operator 'dev' (shown once, only its hash is kept "
            f"in {keys_file}):\n\n    {key}\n\nUse it as gRPC metadata "
            f"'authorization: Bearer {key}'.\n",
            file=out,
        )
    if dev:
        print(DEV_WARNING.format(what=", ".join(dev), where=config.data_dir), file=out)
    return KeyMaterial(signing_key_from_seed(signing), seal, tuple(api_keys))


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AleaServer:
    """The gRPC server with its services, health and reflection."""

    def __init__(
        self,
        *,
        engine: Engine,
        store: Store,
        keyring: Keyring,
        listen: str = "127.0.0.1:0",
        metrics: Metrics | None = None,
        metrics_listen: str = "",
        credentials: grpc.ServerCredentials | None = None,
        build: str | None = None,
        grace_seconds: float = 10.0,
        port_file: Path | None = None,
        extra_handlers: Sequence[grpc.GenericRpcHandler] = (),
    ) -> None:
        self.engine = engine
        self._extra_handlers = tuple(extra_handlers)
        self.store = store
        self.keyring = keyring
        self.metrics = metrics or Metrics()
        self._listen = listen
        self._metrics_listen = metrics_listen
        self._credentials = credentials
        self._build = build or build_version()
        self.grace_seconds = grace_seconds
        self._port_file = port_file
        self.port = 0
        self.metrics_port = 0
        self.health = HealthServicer()
        self._server: grpc.aio.Server | None = None
        self._stopped = False

    async def start(self) -> int:
        server = grpc.aio.server(interceptors=[DecodeGuard()], options=[("grpc.so_reuseport", 0)])
        bridge = LoopBridge()  # engine answers reach this loop in bursts (server/service.py)
        seed_pair_service_pb2_grpc.add_SeedPairServiceServicer_to_server(
            SeedPairService(self.engine, self.keyring, self.metrics, bridge), server
        )
        game_service_pb2_grpc.add_GameServiceServicer_to_server(
            GameService(self.engine, self.keyring, self.metrics, bridge), server
        )
        server_info_service_pb2_grpc.add_ServerInfoServiceServicer_to_server(
            ServerInfoService(self.engine, self.keyring, self.metrics, self._build, bridge), server
        )
        health_pb2_grpc.add_HealthServicer_to_server(self.health, server)
        if self._extra_handlers:
            server.add_generic_rpc_handlers(self._extra_handlers)
        reflection.enable_server_reflection(
            (
                *SERVICE_NAMES,
                health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
                reflection.SERVICE_NAME,
            ),
            server,
        )
        host, port = parse_listen(self._listen)
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        try:
            if self._credentials is not None:
                self.port = server.add_secure_port(address, self._credentials)
            else:
                self.port = server.add_insecure_port(address)
        except RuntimeError as exc:
            raise ConfigError(f"cannot listen on {self._listen}: {exc}") from exc
        if self._metrics_listen:
            metrics_host, metrics_port = parse_listen(self._metrics_listen, "metrics_listen")
            try:
                self.metrics_port = self.metrics.serve(metrics_host, metrics_port)
            except OSError as exc:
                raise ConfigError(
                    f"cannot serve metrics on {self._metrics_listen}: {exc} "
                    '(set metrics_listen, or "" to disable)'
                ) from exc
        await server.start()
        self._server = server
        for name in ("", *SERVICE_NAMES):
            await self.health.set(name, health_pb2.HealthCheckResponse.SERVING)
        if self._port_file is not None:
            tmp = self._port_file.with_suffix(".tmp")
            tmp.write_text(f"{self.port}\n", encoding="ascii")
            tmp.replace(self._port_file)
        log.info(
            "serving",
            extra={
                "fields": {
                    "address": f"{host}:{self.port}",
                    "tls": self._credentials is not None,
                    "metrics_port": self.metrics_port or None,
                    "store": describe_store(self.store),
                    "public_key": self.engine.public_key,
                    "games": [spec.game_id for spec in self.engine.game_specs()],
                }
            },
        )
        return self.port

    async def stop(self, grace: float | None = None) -> None:
        """Graceful stop: NOT_SERVING, refuse new calls, let calls in flight finish."""
        if self._stopped:
            return
        self._stopped = True
        await self.health.enter_graceful_shutdown()
        if self._server is not None:
            await self._server.stop(self.grace_seconds if grace is None else grace)
        self.store.close()
        self.metrics.close()
        log.info("stopped", extra={"fields": {"address": f"port {self.port}"}})

    async def wait(self) -> None:
        if self._server is not None:
            await self._server.wait_for_termination()


def _credentials(config: ServerConfig) -> grpc.ServerCredentials | None:
    if config.tls_cert_file is None and config.tls_key_file is None:
        if config.tls_client_ca_file is not None:
            raise ConfigError("tls_client_ca_file needs tls_cert_file and tls_key_file")
        return None
    if config.tls_cert_file is None or config.tls_key_file is None:
        raise ConfigError("TLS needs both tls_cert_file and tls_key_file")
    try:
        cert = config.tls_cert_file.read_bytes()
        key = config.tls_key_file.read_bytes()
        ca = config.tls_client_ca_file.read_bytes() if config.tls_client_ca_file else None
    except OSError as exc:
        raise ConfigError(f"cannot read a TLS file: {exc}") from exc
    return grpc.ssl_server_credentials(
        [(key, cert)], root_certificates=ca, require_client_auth=ca is not None
    )


def build_server(
    config: ServerConfig,
    *,
    games: Sequence[Game] | None = None,
    out: TextIO = sys.stderr,
    clock: Callable[[], datetime] = _utc_now,
) -> AleaServer:
    """Everything ``alea serve`` runs, from its configuration."""
    keys = resolve_keys(config, out=out)
    store = open_store(config)  # SQLite file or PostgreSQL URL (config `store`)
    offered = tuple(current_games() if games is None else games)
    engine = Engine(
        store,
        signing_key=keys.signing_key,
        sealer=SeedSealer(keys.seal_key),
        drbg=os_seeded_drbg(b"alea server seeds"),
        clock=clock,
        games=offered,
        older_games=all_games() if games is None else (),
    )
    return AleaServer(
        engine=engine,
        store=store,
        keyring=Keyring(keys.api_keys),
        listen=config.listen,
        metrics_listen=config.metrics_listen,
        credentials=_credentials(config),
        grace_seconds=config.grace_seconds,
        port_file=config.port_file,
    )


async def serve(
    config: ServerConfig, *, games: Sequence[Game] | None = None, out: TextIO = sys.stderr
) -> None:
    """Run until SIGTERM or SIGINT, then stop gracefully."""
    server = build_server(config, games=games, out=out)
    await server.start()
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    await stopping.wait()
    log.info("shutting down", extra={"fields": {"grace_seconds": server.grace_seconds}})
    await server.stop()


def run(config: ServerConfig, *, out: TextIO = sys.stderr) -> int:
    asyncio.run(serve(config, out=out))
    return 0
