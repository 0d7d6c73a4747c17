# stats_tests — statistical tests as pure functions over numpy arrays. Knows
# nothing of games or servers: it tests numbers. Subpackages: nist (SP 800-22
# rev1a, its second-level analysis and battery), outcomes (tests on integers in
# a range: chi-square, serial, gap, runs, poker, coupon collector, permutation,
# maximum-of-t, serial correlation, Kolmogorov–Smirnov), shuffles (position,
# successions, rising sequences, footrule, fixed points, permutation counts);
# bits (reading bit input). Imports: numpy, scipy.
"""Statistical tests for random numbers: NIST SP 800-22, outcome tests, shuffle tests."""

from stats_tests import bits, nist, outcomes, shuffles
from stats_tests.errors import (
    InsufficientDataError,
    InvalidInputError,
    InvalidParameterError,
    StatsTestError,
)

__all__ = [
    "InsufficientDataError",
    "InvalidInputError",
    "InvalidParameterError",
    "StatsTestError",
    "bits",
    "nist",
    "outcomes",
    "shuffles",
]
