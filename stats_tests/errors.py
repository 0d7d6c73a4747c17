"""Errors raised by the statistical tests.

``stats_tests`` imports nothing of Alea's other packages, so it has its own
root; like every Alea error it also derives from the builtin that fits, and the
CLI and certification layers catch it as a ``ValueError``.
"""

from __future__ import annotations


class StatsTestError(ValueError):
    """Root of the errors the statistical tests raise on purpose."""


class InsufficientDataError(StatsTestError):
    """The sample is too small for the test's distribution to hold."""


class InvalidParameterError(StatsTestError):
    """A test parameter is outside the range the test is defined for."""


class InvalidInputError(StatsTestError):
    """The input is not a sequence of bits / integers of the expected form."""
