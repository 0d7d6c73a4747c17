"""The root of Alea's errors and the ones the RNG core raises.

Every Alea error derives from :class:`AleaError` and also from the builtin that
best describes it, so callers can catch either (``except ValueError`` keeps
working for bad input). The server maps these to gRPC status codes in one place
and the CLI turns them into one line and an exit code.
"""

from __future__ import annotations


class AleaError(Exception):
    """Root of every error Alea raises on purpose."""


class EntropyError(AleaError, OSError):
    """The entropy source could not be read or failed its health test.

    Never answered with a fallback: nothing is generated without entropy.
    """


class SelfTestError(AleaError, RuntimeError):
    """The DRBG's known-answer self-test failed; the generator is not handed out."""


class ReseedRequiredError(AleaError, RuntimeError):
    """The DRBG reached its reseed interval and has no entropy source to reseed from."""


class DrbgInputError(AleaError, ValueError):
    """An input to the DRBG is outside the limits of SP 800-90A (length, request size)."""


class InvalidSeedError(AleaError, ValueError):
    """A server seed or commitment has the wrong type or length."""


class InvalidClientSeedError(AleaError, ValueError):
    """A client seed breaks the client-seed rules (length, characters)."""


class InvalidDrawError(AleaError, ValueError):
    """A draw was asked for with an impossible argument (empty range, bad weights)."""


class StreamExhaustedError(AleaError, RuntimeError):
    """A round tried to read more of its outcome stream than the version allows."""
