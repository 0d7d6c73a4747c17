"""Prometheus metrics: rounds by game, RPC latency, errors by status code.

Each server owns a private CollectorRegistry (so tests can run several servers
in one process); ``serve_metrics`` exposes it over HTTP for scraping.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server

__all__ = ["Metrics"]

LATENCY_BUCKETS = (
    0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5
)  # fmt: skip


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.rounds = Counter(
            "alea_rounds",
            "Rounds started, by game",
            ["game_id"],
            registry=self.registry,
        )
        self.finished = Counter(
            "alea_rounds_finished",
            "Rounds finished (with a receipt), by game",
            ["game_id"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "alea_rpc_duration_seconds",
            "Time to answer an RPC, by method",
            ["method"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "alea_rpc_errors",
            "RPCs answered with a non-OK status, by method and code",
            ["method", "code"],
            registry=self.registry,
        )
        self._http: Any = None
        # labels() takes a lock and validates on every call; the children never change.
        self._latency_of: dict[str, Any] = {}
        self._rounds_of: dict[str, Any] = {}
        self._finished_of: dict[str, Any] = {}

    def observe(self, method: str, code: str, seconds: float) -> None:
        child = self._latency_of.get(method)
        if child is None:
            child = self._latency_of[method] = self.latency.labels(method)
        child.observe(seconds)
        if code != "OK":
            self.errors.labels(method, code).inc()

    def round_started(self, game_id: str) -> None:
        child = self._rounds_of.get(game_id)
        if child is None:
            child = self._rounds_of[game_id] = self.rounds.labels(game_id)
        child.inc()

    def round_finished(self, game_id: str) -> None:
        child = self._finished_of.get(game_id)
        if child is None:
            child = self._finished_of[game_id] = self.finished.labels(game_id)
        child.inc()

    def serve(self, host: str, port: int) -> int:
        """Serve /metrics on host:port (0 = any free port); return the port."""
        server, _thread = start_http_server(port, addr=host, registry=self.registry)
        self._http = server
        return int(server.server_address[1])

    def close(self) -> None:
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http = None
