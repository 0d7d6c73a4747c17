"""Good and deliberately biased generators for the calibration tests (numpy, fixed seeds)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from hypothesis import strategies as st
from scipy import stats

from stats_tests.outcomes import TestResult

Ints = npt.NDArray[np.int64]

#: Significance level of the calibration runs.
ALPHA = 0.01
#: Seeds for the false-rejection runs.
SEEDS = range(200)
#: P(Binomial(200, 0.01) >= 8) = 0.0011: more rejections than this means a miscalibrated test.
MAX_FALSE_REJECTIONS = 7


def good(seed: int, n: int, k: int) -> Ints:
    """Uniform integers from numpy's default generator (PCG64)."""
    return np.random.default_rng(seed).integers(0, k, n, dtype=np.int64)


def bytes_mod(seed: int, n: int, k: int) -> Ints:
    """The classic modulo bias: a random byte reduced ``% k`` (k = 37: 0..33 get 7/256)."""
    raw = np.random.default_rng(seed).integers(0, 256, n, dtype=np.int64)
    return raw % k


def sticky(seed: int, n: int, k: int, repeat: float = 0.05) -> Ints:
    """Repeats the previous value with probability ``repeat``, else draws afresh."""
    rng = np.random.default_rng(seed)
    fresh = rng.integers(0, k, n, dtype=np.int64)
    keep = rng.random(n) < repeat
    keep[:1] = False
    # index of the last fresh draw at or before each position
    last = np.maximum.accumulate(np.where(keep, 0, np.arange(n)))
    return fresh[last]


def drift(seed: int, n: int, k: int, step: int = 3) -> Ints:
    """A random walk mod k with increments in [0, step): values follow each other closely."""
    rng = np.random.default_rng(seed)
    return np.cumsum(rng.integers(0, step, n, dtype=np.int64)) % k


def rejections(run: Callable[[int], TestResult], seeds: range = SEEDS) -> tuple[int, float]:
    """How many of ``seeds`` reject at ALPHA, and the KS P-value of the P-values' uniformity."""
    pvalues = np.array([run(seed).pvalue for seed in seeds])
    assert np.all((pvalues >= 0) & (pvalues <= 1))
    return int(np.count_nonzero(pvalues < ALPHA)), float(stats.kstest(pvalues, "uniform").pvalue)


def arrays(k: int, min_size: int, max_size: int) -> Any:
    """Hypothesis strategy: integer arrays in [0, k), good, biased or degenerate, built from a seed.

    Drawing the values through numpy keeps the properties fast for long arrays.
    """
    kinds = st.sampled_from(["good", "sticky", "drift", "mod", "few"])

    def build(seed: int, size: int, kind: str) -> Ints:
        if kind == "good":
            return good(seed, size, k)
        if kind == "sticky":
            return sticky(seed, size, k, repeat=0.3)
        if kind == "drift":
            return drift(seed, size, k)
        if kind == "mod":
            return np.random.default_rng(seed).integers(0, 3 * k + 1, size) % k
        return np.random.default_rng(seed).integers(0, min(2, k), size)  # only 0 and 1

    return st.builds(build, st.integers(0, 2**32 - 1), st.integers(min_size, max_size), kinds)
