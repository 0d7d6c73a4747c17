"""The errors the server raises on purpose. Mapped to gRPC status codes in server/status.py.

Like every Alea error they derive from :class:`rng.AleaError` and from the
builtin that best describes them. Messages name the field and value at fault
and never carry a secret (server seeds, keys, API keys).
"""

from __future__ import annotations

from rng.errors import AleaError

__all__ = [
    "AuthenticationError",
    "ConfigError",
    "IdempotencyConflictError",
    "InvalidRequestError",
    "NotFoundError",
    "PreconditionError",
    "ServerError",
    "StoreError",
    "StoreUnusableError",
]


class ServerError(AleaError):
    """Root of the server's own errors."""


class InvalidRequestError(ServerError, ValueError):
    """A request field is missing or malformed (names the field). -> INVALID_ARGUMENT"""


class NotFoundError(ServerError, LookupError):
    """No such pair or round for this operator (another operator's ids look absent). -> NOT_FOUND"""


class PreconditionError(ServerError, RuntimeError):
    """The request is well formed but the state forbids it (round in progress,
    pair rotated, client seed missing or already used). -> FAILED_PRECONDITION"""


class IdempotencyConflictError(ServerError, ValueError):
    """An idempotency key was used before with a different request. -> ALREADY_EXISTS"""


class AuthenticationError(ServerError, PermissionError):
    """Missing or unknown API key, or a malformed authorization header. -> UNAUTHENTICATED"""


class StoreError(ServerError, OSError):
    """The store could not complete a transaction (I/O error, disk full). -> UNAVAILABLE"""


class StoreUnusableError(StoreError):
    """The store file can't be opened, isn't an Alea store, or has a newer schema."""


class ConfigError(ServerError, ValueError):
    """A configuration value (file, environment variable, key file) is invalid."""
