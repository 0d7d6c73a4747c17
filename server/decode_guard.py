"""Requests that can't be decoded are the caller's fault: INVALID_ARGUMENT, not UNKNOWN.

grpc.aio decodes a request before any Alea code runs and answers a decoding
failure (corrupt wire format, invalid UTF-8 in a string field) with UNKNOWN and
the exception's text. This interceptor gives every unary-request method a
deserializer that never raises: a request it can't decode becomes a marker, and
the handler answers the marker with INVALID_ARGUMENT and a message that says
what was wrong — before authentication, the engine or the store see anything.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc
from google.protobuf.message import DecodeError

__all__ = ["DecodeGuard", "UndecodableRequest"]


class UndecodableRequest:
    """Stands in for a request message that failed to decode."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _safe(deserializer: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    def decode(data: bytes) -> Any:
        try:
            return deserializer(data)
        except (DecodeError, UnicodeDecodeError, ValueError) as exc:
            return UndecodableRequest(str(exc) or type(exc).__name__)

    return decode


async def _reject(request: UndecodableRequest, context: grpc.aio.ServicerContext) -> None:
    await context.abort(
        grpc.StatusCode.INVALID_ARGUMENT,
        f"request: the message could not be decoded ({request.reason})",
    )


def _guard_unary(
    behaviour: Callable[[Any, grpc.aio.ServicerContext], Awaitable[Any]],
) -> Callable[[Any, grpc.aio.ServicerContext], Awaitable[Any]]:
    async def handle(request: Any, context: grpc.aio.ServicerContext) -> Any:
        if isinstance(request, UndecodableRequest):
            await _reject(request, context)
        return await behaviour(request, context)

    return handle


def _guard_stream(behaviour: Callable[..., Any]) -> Callable[..., Any]:
    """Guard a unary-request, streaming-response handler, keeping its kind: grpc.aio
    accepts both async generators and coroutines that write with ``context.write``
    (the standard health service's Watch is the latter)."""
    if inspect.isasyncgenfunction(behaviour):

        async def stream(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
            if isinstance(request, UndecodableRequest):
                await _reject(request, context)
            async for item in behaviour(request, context):
                yield item

        return stream

    async def write(request: Any, context: grpc.aio.ServicerContext) -> Any:
        if isinstance(request, UndecodableRequest):
            await _reject(request, context)
        return await behaviour(request, context)

    return write


class DecodeGuard(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Wraps unary-request handlers so undecodable requests get INVALID_ARGUMENT."""

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        if handler is None or handler.request_deserializer is None:
            return handler
        if handler.unary_unary is not None:
            return handler._replace(
                request_deserializer=_safe(handler.request_deserializer),
                unary_unary=_guard_unary(handler.unary_unary),
            )
        if handler.unary_stream is not None:
            return handler._replace(
                request_deserializer=_safe(handler.request_deserializer),
                unary_stream=_guard_stream(handler.unary_stream),
            )
        return handler
