"""Errors to gRPC status codes: the one place where that mapping lives.

Like httpx's exception map: a table from error class to status code, looked up
along the error's MRO, so a subclass maps like its nearest listed ancestor.
Anything not listed is a bug of ours and becomes INTERNAL with a generic
message (the details go to the log, never to the client). Bad input never
reaches INTERNAL: every input error Alea raises on purpose is in the table.
"""

from __future__ import annotations

import grpc

from games.errors import IllegalActionError, InvalidBetError, ModelError, UnknownGameError
from rng.errors import (
    AleaError,
    InvalidClientSeedError,
    InvalidDrawError,
    InvalidSeedError,
    StreamExhaustedError,
)
from server.errors import (
    AuthenticationError,
    ConfigError,
    IdempotencyConflictError,
    InvalidRequestError,
    NotFoundError,
    PreconditionError,
    StoreError,
)

__all__ = ["STATUS_BY_ERROR", "status_for"]

STATUS_BY_ERROR: dict[type[BaseException], grpc.StatusCode] = {
    InvalidRequestError: grpc.StatusCode.INVALID_ARGUMENT,
    InvalidBetError: grpc.StatusCode.INVALID_ARGUMENT,
    InvalidClientSeedError: grpc.StatusCode.INVALID_ARGUMENT,
    UnknownGameError: grpc.StatusCode.NOT_FOUND,
    NotFoundError: grpc.StatusCode.NOT_FOUND,
    IllegalActionError: grpc.StatusCode.FAILED_PRECONDITION,
    PreconditionError: grpc.StatusCode.FAILED_PRECONDITION,
    InvalidSeedError: grpc.StatusCode.FAILED_PRECONDITION,  # e.g. every nonce used
    IdempotencyConflictError: grpc.StatusCode.ALREADY_EXISTS,
    AuthenticationError: grpc.StatusCode.UNAUTHENTICATED,
    StoreError: grpc.StatusCode.UNAVAILABLE,
    # Faults of the server or a game model, not of the request:
    ConfigError: grpc.StatusCode.INTERNAL,
    ModelError: grpc.StatusCode.INTERNAL,
    InvalidDrawError: grpc.StatusCode.INTERNAL,
    StreamExhaustedError: grpc.StatusCode.INTERNAL,
}

INTERNAL_MESSAGE = "internal error; the server logged the details"


def status_for(error: BaseException) -> tuple[grpc.StatusCode, str]:
    """The status code and client-facing message for ``error``."""
    for cls in type(error).__mro__:
        code = STATUS_BY_ERROR.get(cls)
        if code is not None:
            if code is grpc.StatusCode.INTERNAL:
                return code, INTERNAL_MESSAGE
            return code, str(error)
    if isinstance(error, AleaError):  # an Alea error nobody listed: still not the client's
        return grpc.StatusCode.INTERNAL, INTERNAL_MESSAGE
    return grpc.StatusCode.INTERNAL, INTERNAL_MESSAGE
