"""The alea.v1 gRPC services (asyncio). Thin: authenticate, convert, call the engine.

Every method goes through :meth:`_Base._call`, which authenticates the
operator, awaits the engine, maps errors to status codes (server/status.py),
records metrics and writes one JSON log line per failed call (per call at
DEBUG). Requests are never logged whole: they may carry client seeds.

The engine answers on the store's threads (concurrent futures). :class:`LoopBridge`
hands those answers to the event loop with one wake-up per burst — a group
commit resolves its whole batch at once — instead of one per call
(``asyncio.wrap_future`` costs a self-pipe write and a loop wake-up each). Reads
(GetPair, GetRound, ExportPair) run on a worker thread: the store makes a read
wait until everything it saw is durable, which must not stall the loop. Writing
methods are :meth:`_Base._unit` calls, reads :meth:`_Base._off_loop` calls: each
method only says what to ask the engine and how to answer.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import grpc

from alea.v1 import (
    game_service_pb2,
    seed_pair_service_pb2,
    server_info_service_pb2,
)
from games.base import Bet
from rng import ALGORITHM_VERSION
from server.auth import Keyring
from server.convert import (
    action_from_proto,
    bets_from_proto,
    game_to_proto,
    pair_to_proto,
    round_to_proto,
)
from server.engine import Engine, Idempotency
from server.metrics import Metrics
from server.receipts import COMMITMENT_FORMAT, EXPORT_FORMAT, RECEIPT_FORMAT, REVEAL_FORMAT
from server.status import status_for
from server.store import RoundRow

__all__ = ["SPEC_VERSION", "GameService", "LoopBridge", "SeedPairService", "ServerInfoService"]

T = TypeVar("T")
R = TypeVar("R")
log = logging.getLogger("alea.rpc")
SPEC_VERSION = "alea-fairness/1"


class LoopBridge:
    """Awaitable views of concurrent futures, resolved on the loop in bursts.

    A bridge serves the event loop it is first used on. A done concurrent future
    is queued by the thread that resolves it; only the first of a burst schedules
    a drain on the loop (``call_soon_threadsafe``), and the drain copies every
    queued result. Cancelling the awaiting task cancels the
    concurrent future (a unit not yet started then never runs), as with
    ``asyncio.wrap_future``.
    """

    def __init__(self) -> None:
        self._done: collections.deque[
            tuple[concurrent.futures.Future[Any], asyncio.Future[Any]]
        ] = collections.deque()
        self._lock = threading.Lock()
        self._scheduled = False
        self._loop: asyncio.AbstractEventLoop | None = None

    def wrap(self, future: concurrent.futures.Future[T]) -> asyncio.Future[T]:
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
        elif self._loop is not loop:  # a bridge serves one loop; elsewhere, the plain way
            return asyncio.wrap_future(future)
        waiter: asyncio.Future[T] = loop.create_future()
        waiter.add_done_callback(lambda w: w.cancelled() and future.cancel())

        def done(f: concurrent.futures.Future[T]) -> None:
            self._done.append((f, waiter))
            with self._lock:
                if self._scheduled:
                    return
                self._scheduled = True
            # RuntimeError: the loop is closed, so nobody is waiting any more.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._drain)

        future.add_done_callback(done)
        return waiter

    def _drain(self) -> None:
        with self._lock:
            self._scheduled = False
        while self._done:
            future, waiter = self._done.popleft()
            if waiter.done():
                continue
            if future.cancelled():
                waiter.cancel()
                continue
            error = future.exception()
            if error is not None:
                waiter.set_exception(error)
            else:
                waiter.set_result(future.result())


class _Base:
    def __init__(
        self,
        engine: Engine,
        keyring: Keyring,
        metrics: Metrics,
        bridge: LoopBridge | None = None,
    ) -> None:
        self._engine = engine
        self._keyring = keyring
        self._metrics = metrics
        self._bridge = bridge or LoopBridge()

    async def _call(
        self,
        method: str,
        context: grpc.aio.ServicerContext,
        handler: Callable[[str], Awaitable[T]],
    ) -> T:
        started = time.perf_counter()
        code = "OK"
        operator = ""
        observed = False
        try:
            operator = self._keyring.authenticate(context.invocation_metadata())
            return await handler(operator)
        except asyncio.CancelledError:  # the client went away, or the server is stopping
            code = "CANCELLED"
            raise
        except Exception as exc:
            status, message = status_for(exc)
            code = status.name
            fields = {"method": method, "code": code, "operator": operator}
            if status is grpc.StatusCode.INTERNAL:
                log.error("rpc failed", exc_info=exc, extra={"fields": fields})
            else:
                log.info(message, extra={"fields": fields})
            # Count the error before abort() sends the status: a client that reads the
            # metrics right after its error must find it counted.
            self._metrics.observe(method, code, time.perf_counter() - started)
            observed = True
            await context.abort(status, message)
            raise  # pragma: no cover - abort raises
        finally:
            elapsed = time.perf_counter() - started
            if not observed:
                self._metrics.observe(method, code, elapsed)
            if log.isEnabledFor(logging.DEBUG):
                log.debug(
                    "rpc",
                    extra={
                        "fields": {
                            "method": method,
                            "code": code,
                            "operator": operator,
                            "ms": round(elapsed * 1000, 3),
                        }
                    },
                )

    async def _unit(
        self,
        method: str,
        context: grpc.aio.ServicerContext,
        start: Callable[[str], concurrent.futures.Future[R]],
        answer: Callable[[R], T],
    ) -> T:
        """A call answered by a unit of work: ``start(operator)`` submits it, the bridge
        hands its durable result to the loop, ``answer`` turns it into the response.

        Every writing method has this shape; one place keeps it the same for all.
        """

        async def handle(op: str) -> T:
            return answer(await self._bridge.wrap(start(op)))

        return await self._call(method, context, handle)

    async def _off_loop(
        self,
        method: str,
        context: grpc.aio.ServicerContext,
        read: Callable[[str], R],
        answer: Callable[[R], T],
    ) -> T:
        """A call answered by a store read on a worker thread: the read may wait for an
        fsync (or, for an export, do real work), which must not stall the loop."""

        async def handle(op: str) -> T:
            return answer(await asyncio.to_thread(read, op))

        return await self._call(method, context, handle)


def _idem(operator: str, key: str) -> Idempotency:
    return Idempotency(operator, key)


def _round_args(op: str, request: Any) -> tuple[str, str, str, list[Bet], str, Idempotency, str]:
    """The engine's arguments for PlayRound and StartRound, whose requests share fields."""
    return (
        op,
        request.pair_id,
        request.game_id,
        bets_from_proto(request.bets),
        request.currency,
        _idem(op, request.idempotency_key),
        request.model_hash,
    )


class SeedPairService(_Base):
    async def OpenPair(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        return await self._unit(
            "OpenPair",
            context,
            lambda op: self._engine.open_pair(
                op, request.player_id, request.client_seed, _idem(op, request.idempotency_key)
            ),
            lambda view: seed_pair_service_pb2.OpenPairResponse(pair=pair_to_proto(view)),
        )

    async def SetClientSeed(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        return await self._unit(
            "SetClientSeed",
            context,
            lambda op: self._engine.set_client_seed(
                op, request.pair_id, request.client_seed, _idem(op, request.idempotency_key)
            ),
            lambda view: seed_pair_service_pb2.SetClientSeedResponse(pair=pair_to_proto(view)),
        )

    async def RotatePair(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        return await self._unit(
            "RotatePair",
            context,
            lambda op: self._engine.rotate_pair(
                op, request.pair_id, request.next_client_seed, _idem(op, request.idempotency_key)
            ),
            lambda result: seed_pair_service_pb2.RotatePairResponse(
                rotated_pair=pair_to_proto(result.rotated), next_pair=pair_to_proto(result.next)
            ),
        )

    async def GetPair(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        return await self._off_loop(
            "GetPair",
            context,
            lambda op: self._engine.get_pair(op, request.pair_id),
            lambda view: seed_pair_service_pb2.GetPairResponse(pair=pair_to_proto(view)),
        )

    async def ExportPair(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        # A long pair's export is real work: it runs off the event loop too.
        return await self._off_loop(
            "ExportPair",
            context,
            lambda op: self._engine.export_pair(op, request.pair_id),
            lambda export: seed_pair_service_pb2.ExportPairResponse(
                export_json=json.dumps(export, indent=1, sort_keys=True).encode("utf-8"),
                rounds=len(export["receipts"]),
            ),
        )


class GameService(_Base):
    async def ListGames(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        async def handle(op: str) -> Any:
            return game_service_pb2.ListGamesResponse(
                games=[game_to_proto(spec) for spec in self._engine.game_specs()]
            )

        return await self._call("ListGames", context, handle)

    async def PlayRound(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        def answer(row: RoundRow) -> Any:
            self._metrics.round_started(row.game_id)
            self._metrics.round_finished(row.game_id)
            return game_service_pb2.PlayRoundResponse(round=round_to_proto(row))

        return await self._unit(
            "PlayRound",
            context,
            lambda op: self._engine.play_round(*_round_args(op, request)),
            answer,
        )

    async def StartRound(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        def answer(row: RoundRow) -> Any:
            self._metrics.round_started(row.game_id)
            if row.finished:
                self._metrics.round_finished(row.game_id)
            return game_service_pb2.StartRoundResponse(round=round_to_proto(row))

        return await self._unit(
            "StartRound",
            context,
            lambda op: self._engine.start_round(*_round_args(op, request)),
            answer,
        )

    async def ActRound(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        def answer(row: RoundRow) -> Any:
            if row.finished:
                self._metrics.round_finished(row.game_id)
            return game_service_pb2.ActRoundResponse(round=round_to_proto(row))

        return await self._unit(
            "ActRound",
            context,
            lambda op: self._engine.act_round(
                op,
                request.round_id,
                action_from_proto(request.action),
                _idem(op, request.idempotency_key),
            ),
            answer,
        )

    async def GetRound(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        return await self._off_loop(
            "GetRound",
            context,
            lambda op: self._engine.get_round(op, request.round_id),
            lambda row: game_service_pb2.GetRoundResponse(round=round_to_proto(row)),
        )


class ServerInfoService(_Base):
    def __init__(
        self,
        engine: Engine,
        keyring: Keyring,
        metrics: Metrics,
        build: str,
        bridge: LoopBridge | None = None,
    ) -> None:
        super().__init__(engine, keyring, metrics, bridge)
        self._build = build

    async def GetServerInfo(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        async def handle(op: str) -> Any:
            return server_info_service_pb2.GetServerInfoResponse(
                server_public_key=self._engine.public_key,
                spec_version=SPEC_VERSION,
                algorithm_version=ALGORITHM_VERSION,
                build=self._build,
                receipt_format=RECEIPT_FORMAT,
                commitment_format=COMMITMENT_FORMAT,
                reveal_format=REVEAL_FORMAT,
                export_format=EXPORT_FORMAT,
            )

        return await self._call("GetServerInfo", context, handle)
