"""The shared pieces: input checks, pooling, result objects, the package's exports."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import stats_tests.outcomes as outcomes
from stats_tests.errors import InvalidInputError, InvalidParameterError, StatsTestError
from stats_tests.outcomes._common import as_outcomes, pool_cells, require_int


def test_exports_are_complete() -> None:
    public = {
        name
        for name in dir(outcomes)
        if not name.startswith("_")
        and name not in {"annotations"}
        and name[0] != name[0].upper()
        and callable(getattr(outcomes, name))
    }
    assert public <= set(outcomes.__all__)
    assert len(set(outcomes.__all__)) == len(outcomes.__all__)
    for name in outcomes.__all__:
        assert hasattr(outcomes, name)


def test_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match=r"k=1 is outside 2"):
        as_outcomes("T", np.array([0, 1]), 1)
    assert issubclass(InvalidInputError, StatsTestError)


@pytest.mark.parametrize(
    ("values", "k", "match"),
    [
        (np.array([[0, 1]]), 2, "one-dimensional"),
        (np.array([0.0, 1.0]), 2, "integers, got dtype float64"),
        (np.array([True, False]), 2, "integers, got dtype bool"),
        (np.array([0, 5]), 5, r"value 5 is outside \[0, 5\)"),
        (np.array([-1, 2]), 5, r"value -1 is outside \[0, 5\)"),
    ],
)
def test_bad_inputs_name_the_problem(values: np.ndarray, k: int, match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        as_outcomes("T", values, k)


@pytest.mark.parametrize("bad", [1.5, "3", True, None])
def test_parameters_must_be_ints(bad: object) -> None:
    with pytest.raises(InvalidParameterError, match=r"t must be an int"):
        require_int("T", "t", bad, 1)


def test_pooling_closes_groups_at_the_minimum() -> None:
    labels = pool_cells([1, 2, 3, 10, 10, 4, 0.5])
    # 1+2+3 = 6 -> group 0; 10; 10; 4 + 0.5 < 5 joins the last group
    assert labels.tolist() == [0, 0, 0, 1, 2, 2, 2]


@given(st.lists(st.floats(0, 50), min_size=1, max_size=60))
def test_pooled_groups_reach_the_minimum(expected: list[float]) -> None:
    labels = pool_cells(expected)
    sums = np.bincount(labels, weights=expected)
    assert np.all(np.diff(labels) >= 0) and np.all(np.diff(labels) <= 1)
    if len(sums) > 1:
        assert sums.min() >= 5


def test_results_are_frozen() -> None:
    result = outcomes.chi_square_test(np.arange(100) % 4, 4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.pvalue = 0.5  # type: ignore[misc]
    with pytest.raises(ValueError, match=r"read-only"):
        result.observed[0] = 1
    assert result.passed() is True
    with pytest.raises(InvalidParameterError, match=r"alpha=1.5"):
        result.passed(1.5)
