"""Unbiased draws: exact rejection bounds, known answers, and distribution checks."""

from __future__ import annotations

import collections
import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from rng import (
    InvalidDrawError,
    OutcomeStream,
    rejection_limit,
    sample_without_replacement,
    shuffle,
    uniform_int,
    weighted_index,
    word_bits,
)


class FixedBytes:
    """A ByteSource that hands out prepared bytes and fails when they run out."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def read(self, num_bytes: int) -> bytes:
        if self.offset + num_bytes > len(self.data):
            raise AssertionError("read past the prepared bytes")
        out = self.data[self.offset : self.offset + num_bytes]
        self.offset += num_bytes
        return out


def words32(*values: int) -> FixedBytes:
    return FixedBytes(b"".join(v.to_bytes(4, "big") for v in values))


@pytest.mark.parametrize("bits", [1, 2, 3, 4, 5, 8, 10])
def test_rejection_bound_is_exact_over_the_whole_word_range(bits: int) -> None:
    """For every n, accepted words map onto each residue equally often, and the
    rejected region is smaller than n (so no larger unbiased limit exists)."""
    span = 1 << bits
    for n in range(1, span + 1):
        limit = rejection_limit(n, bits)
        counts = collections.Counter(word % n for word in range(span) if word < limit)
        assert set(counts) == set(range(n))
        assert len(set(counts.values())) == 1
        assert span - limit < n


@pytest.mark.parametrize(
    ("n", "bits"),
    [
        (2, 32),
        (37, 32),
        (2**31 + 1, 32),
        (2**32, 32),
        (2**32 + 1, 64),
        (2**63 + 1, 64),
        (2**64, 64),
    ],
)
def test_word_width(n: int, bits: int) -> None:
    assert word_bits(n) == bits


def test_known_answers_with_rejection() -> None:
    # n = 2**31 + 1: limit = 2**32 - (2**32 mod n) = 2**31 + 1, so 0xFFFFFFFF is rejected.
    assert rejection_limit(2**31 + 1) == 2**31 + 1
    source = words32(0xFFFFFFFF, 2**31 + 1, 5)
    assert uniform_int(source, 2**31 + 1) == 5
    assert source.offset == 12
    # n = 37: 2**32 = 37 * 116080197 + 7, so limit = 4294967289; that word is rejected
    # and the next, 4294967288 = 37 * 116080196 + 36, gives 36.
    assert rejection_limit(37) == 4294967289
    assert uniform_int(words32(4294967289, 4294967288), 37) == 36
    # n = 2**63 + 1 reads 64-bit words; 2**64 mod n = 2**63 - 1, so limit = 2**63 + 1:
    # 2**64 - 1 and the limit itself are rejected, 2**63 (= n - 1) is accepted.
    assert rejection_limit(2**63 + 1) == 2**63 + 1
    data = b"".join(w.to_bytes(8, "big") for w in (2**64 - 1, 2**63 + 1, 2**63))
    assert uniform_int(FixedBytes(data), 2**63 + 1) == 2**63


@pytest.mark.parametrize("n", [0, -1, 2**64 + 1, True, 2.0])
def test_impossible_ranges_are_refused(n: object) -> None:
    with pytest.raises(InvalidDrawError):
        uniform_int(words32(0), n)  # type: ignore[arg-type]


@given(st.binary(min_size=32, max_size=32), st.integers(min_value=1, max_value=2**64))
def test_uniform_int_is_in_range_and_deterministic(seed: bytes, n: int) -> None:
    a = uniform_int(OutcomeStream(seed, "c", 0), n)
    assert 0 <= a < n
    assert a == uniform_int(OutcomeStream(seed, "c", 0), n)


@given(st.binary(min_size=32, max_size=32), st.integers(min_value=0, max_value=60))
def test_shuffle_is_a_permutation_and_sample_is_its_prefix(seed: bytes, size: int) -> None:
    order = shuffle(OutcomeStream(seed, "c", 1), range(size))
    assert sorted(order) == list(range(size))
    for k in (0, size // 2, size):
        if size:
            assert sample_without_replacement(OutcomeStream(seed, "c", 1), size, k) == order[:k]


def test_shuffle_known_answer_from_fixed_words() -> None:
    # 4 items: j0 = 0 + u(4), j1 = 1 + u(3), j2 = 2 + u(2) with words 6, 4, 1.
    # u(4) = 6 % 4 = 2 -> swap 0,2: [c,b,a,d]; u(3) = 4 % 3 = 1 -> swap 1,2: [c,a,b,d];
    # u(2) = 1 -> swap 2,3: [c,a,d,b].
    assert shuffle(words32(6, 4, 1), "abcd") == ["c", "a", "d", "b"]


def test_every_order_of_a_small_deck_is_reachable_equally() -> None:
    """Drive Fisher–Yates with every combination of accepted residues: each of the
    4! orders must come out exactly once (the shuffle is a bijection)."""
    orders = collections.Counter(
        tuple(shuffle(words32(a, b, c), range(4)))
        for a, b, c in itertools.product(range(4), range(3), range(2))
    )
    assert len(orders) == math.factorial(4) and set(orders.values()) == {1}


def test_weighted_index_maps_the_draw_to_cumulative_weights() -> None:
    weights = [3, 1, 6]
    picks = [weighted_index(words32(r), weights) for r in range(10)]
    assert picks == [0, 0, 0, 1, 2, 2, 2, 2, 2, 2]


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        ([], "empty"),
        ([1, 0], r"weights\[1\]=0 must be positive"),
        ([1, True], r"weights\[1\]"),
        ([2**64, 1], "exceeds 2\\*\\*64"),
    ],
)
def test_bad_weights_are_refused(weights: list[int], match: str) -> None:
    with pytest.raises(InvalidDrawError, match=match):
        weighted_index(words32(0), weights)


def test_sample_arguments_are_checked() -> None:
    with pytest.raises(InvalidDrawError, match="k=6"):
        sample_without_replacement(words32(0), 5, 6)


def test_uniform_int_37_chi_square_over_a_million_draws() -> None:
    stream = OutcomeStream(bytes(range(32)), "chi-square", 0)
    counts = collections.Counter(uniform_int(stream, 37) for _ in range(1_000_000))
    observed = [counts[i] for i in range(37)]
    result = stats.chisquare(observed)
    # df = 36; a fixed seed, so this is deterministic: it fails only if draws are biased.
    assert result.pvalue > 0.001, (result.statistic, result.pvalue)
