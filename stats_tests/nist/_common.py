"""What every SP 800-22 test shares: the mode, the result shape, input checks.

Every test is a pure function ``test(bits, *, <parameters>, mode=Mode.STS)``
over a 1-D numpy array of 0/1 values (dtype uint8) and returns a frozen
dataclass deriving from :class:`NistResult`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from stats_tests.errors import InsufficientDataError, InvalidInputError, InvalidParameterError

__all__ = [
    "ALPHA",
    "Bits",
    "Mode",
    "NistResult",
    "as_bits",
    "checked_input",
    "require_length",
    "require_parameter",
]

#: SP 800-22 section 4.2: significance level of every test.
ALPHA = 0.01

Bits = npt.NDArray[np.uint8]


class Mode(enum.Enum):
    """Which constants a test uses.

    ``STS`` reproduces the NIST reference code sts-2.1.2 (and so Appendix B),
    quirks included. ``EXACT`` uses the corrected, exact probabilities; reports
    made in it say where they deviate from Appendix B.
    """

    STS = "sts"
    EXACT = "exact"


@dataclass(frozen=True)
class NistResult:
    """Base of every test's result.

    Attributes
    ----------
    name:
        The test's name as in SP 800-22 (e.g. ``"Frequency"``).
    n:
        Number of bits tested.
    mode:
        The mode the test ran in.
    applicable:
        False when the test's own precondition failed (e.g. Random Excursions
        with too few cycles); then ``pvalues`` is empty and the test neither
        passes nor fails.
    pvalues:
        Every P-value the test produced, in a fixed order (one for most tests;
        two for Serial and Cusum; 148 for all non-overlapping templates; 8 / 18
        for the excursion tests).
    parameters:
        The parameters used, as a name -> value mapping.
    """

    name: str
    n: int
    mode: Mode
    applicable: bool
    pvalues: tuple[float, ...]
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def pvalue(self) -> float:
        """The (first) P-value; raises if the test was not applicable."""
        if not self.applicable or not self.pvalues:
            raise InvalidInputError(f"{self.name} was not applicable; it has no P-value")
        return self.pvalues[0]

    def passed(self, alpha: float = ALPHA) -> bool | None:
        """True when every P-value is >= alpha; None when not applicable."""
        if not self.applicable:
            return None
        return all(p >= alpha for p in self.pvalues)


def as_bits(bits: Any) -> Bits:
    """Return ``bits`` as a contiguous 1-D uint8 array of 0/1, or raise InvalidInputError."""
    array = np.asarray(bits)
    if array.ndim != 1:
        raise InvalidInputError(f"bits must be one-dimensional, got shape {array.shape}")
    if array.dtype == np.bool_:
        return np.ascontiguousarray(array, dtype=np.uint8)
    if not np.issubdtype(array.dtype, np.integer):
        raise InvalidInputError(f"bits must be integers 0/1, got dtype {array.dtype}")
    if array.size and (array.min() < 0 or array.max() > 1):
        raise InvalidInputError("bits must contain only 0 and 1")
    return np.ascontiguousarray(array, dtype=np.uint8)


def require_length(test: str, n: int, minimum: int, why: str = "") -> None:
    """Raise InsufficientDataError when fewer than ``minimum`` bits are given."""
    if n < minimum:
        reason = f" ({why})" if why else ""
        raise InsufficientDataError(f"{test} needs at least {minimum} bits{reason}; got n={n}")


def require_parameter(test: str, name: str, value: int, low: int, high: int | None = None) -> None:
    """Raise InvalidParameterError unless ``low <= value (<= high)``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InvalidParameterError(f"{test}: {name} must be an int, got {value!r}")
    if value < low or (high is not None and value > high):
        allowed = f"{low} .. {high}" if high is not None else f">= {low}"
        raise InvalidParameterError(f"{test}: {name}={value} is outside {allowed}")


def require_input_size(
    test: str,
    n: int,
    *,
    minimum: int,
    recommended: int,
    strict: bool,
    source: str,
) -> None:
    """Apply the input-size rule of the SP 800-22 tests (added for part A).

    Every test takes ``strict`` (default True). With ``strict=True`` the input
    must meet the SP 800-22 input-size recommendation ``recommended`` (quoted
    from ``source``, e.g. ``"SP 800-22 §2.1.7"``); with ``strict=False`` only
    ``minimum``, the shortest input for which the statistic is defined at all,
    is required. The document's worked examples (10 to 100 bits) need
    ``strict=False``.
    """
    if strict and n < recommended:
        raise InsufficientDataError(
            f"{test} needs at least {recommended} bits ({source} recommends n >= {recommended};"
            f" pass strict=False to go down to n >= {minimum}); got n={n}"
        )
    if n < minimum:
        raise InsufficientDataError(
            f"{test} needs at least {minimum} bits to be defined; got n={n}"
        )


def checked_input(
    test: str,
    bits: Any,
    mode: Mode | str,
    *,
    minimum: int,
    recommended: int,
    strict: bool,
    source: str,
) -> tuple[Mode, Bits, int]:
    """The mode, the bits and n of a test whose only input rule is its size.

    The opening of every SP 800-22 test that takes no parameter to check
    before the size: :func:`as_mode`, :func:`as_bits`, then
    :func:`require_input_size` — in that order, so that a bad mode is reported
    before bad bits and bad bits before too few of them.
    """
    checked_mode = as_mode(mode)
    array = as_bits(bits)
    n = int(array.size)
    require_input_size(
        test, n, minimum=minimum, recommended=recommended, strict=strict, source=source
    )
    return checked_mode, array, n


def as_mode(mode: Mode | str) -> Mode:
    """Return ``mode`` as a :class:`Mode` (its value ``"sts"``/``"exact"`` is accepted too)."""
    try:
        return Mode(mode)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in Mode)
        raise InvalidParameterError(f"mode={mode!r} is not one of {allowed}") from None
