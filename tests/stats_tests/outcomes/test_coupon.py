"""Coupon-collector test: exact probabilities by brute force, segmenting, calibration."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.outcomes import coupon_collector_probabilities, coupon_collector_test
from stats_tests.outcomes.coupon import _segment_ends, _segment_starts
from tests.stats_tests.outcomes.generators import (
    MAX_FALSE_REJECTIONS,
    arrays,
    drift,
    good,
    rejections,
)


def _first_complete(seq: tuple[int, ...], k: int) -> int | None:
    seen: set[int] = set()
    for i, v in enumerate(seq):
        seen.add(v)
        if len(seen) == k:
            return i + 1
    return None


@pytest.mark.parametrize(("k", "t"), [(2, 7), (3, 8), (4, 9)])
def test_probabilities_match_enumeration(k: int, t: int) -> None:
    probs = coupon_collector_probabilities(k, t)
    assert sum(probs) == 1
    # P(length = r) for r < t: sequences of length r completing exactly at r
    for r in range(k, t):
        complete = sum(
            1 for seq in itertools.product(range(k), repeat=r) if _first_complete(seq, k) == r
        )
        assert probs[r - k] == Fraction(complete, k**r)


def test_mean_segment_length_is_k_harmonic() -> None:
    # E[length] = k H_k; the truncated mean plus the tail approaches it
    k, t = 6, 400
    probs = coupon_collector_probabilities(k, t)
    mean = sum(float(p) * r for r, p in zip(range(k, t), probs, strict=False))
    assert mean == pytest.approx(6 * sum(1 / i for i in range(1, 7)), rel=1e-9)


def _brute_segments(values: list[int], k: int) -> list[int]:
    lengths, seen, start = [], set(), 0
    for i, v in enumerate(values):
        seen.add(v)
        if len(seen) == k:
            lengths.append(i - start + 1)
            seen, start = set(), i + 1
    return lengths


@settings(max_examples=40)
@given(arrays(4, 0, 2000))
def test_segments_match_a_plain_scan(arr: np.ndarray) -> None:
    lengths = _brute_segments(arr.tolist(), 4)
    if arr.size == 0:
        return
    end = _segment_ends(arr, 4)
    starts = _segment_starts(end, 4)
    starts = starts[end[starts] < arr.size]
    assert (end[starts] - starts + 1).tolist() == lengths


def test_known_segments() -> None:
    values = np.array([0, 0, 1, 1, 0, 1, 1, 1, 0] * 30)
    result = coupon_collector_test(values, 2, t=4)
    assert result.n == len(_brute_segments(values.tolist(), 2))


def test_errors() -> None:
    with pytest.raises(InvalidParameterError, match=r"t=3 is outside >= 4"):
        coupon_collector_test(good(0, 100, 3), 3, t=3)
    with pytest.raises(InvalidParameterError, match=r"k=300 is outside 2 .. 256"):
        coupon_collector_test(good(0, 100, 3), 300)
    with pytest.raises(InsufficientDataError, match=r"fewer than 2 cells"):
        coupon_collector_test(good(0, 40, 6), 6)


def test_good_generator_false_rejections() -> None:
    count, uniformity = rejections(lambda seed: coupon_collector_test(good(seed, 3000, 8), 8))
    assert count <= MAX_FALSE_REJECTIONS
    assert uniformity > 1e-3


def test_dependence_is_detected() -> None:
    assert all(coupon_collector_test(drift(s, 200_000, 37), 37).pvalue < 1e-6 for s in range(5))


@settings(max_examples=30)
@given(arrays(5, 100, 3000), st.permutations(range(5)))
def test_invariant_under_relabelling(arr: np.ndarray, relabel: list[int]) -> None:
    try:
        first = coupon_collector_test(arr, 5)
    except InsufficientDataError:
        return
    assert 0.0 <= first.pvalue <= 1.0
    second = coupon_collector_test(np.array(relabel)[arr], 5)
    assert second.statistic == pytest.approx(first.statistic)
