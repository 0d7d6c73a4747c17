"""Tests on shuffles: an (N, n) array of permutations of 0..n-1, row[i] = card at position i.

Each test compares a statistic of the shuffles with its exact value for a
uniform random permutation (game_math.md, "Shuffle and deal quality tests"):
where every card lands (position-by-card table), successions and adjacencies,
rising sequences, fixed points, Spearman's footrule, and the full table of
orders for small decks. A Fisher–Yates shuffle driven by unbiased integers
passes all of them; the classic "swap each card with any position" shuffle and
sort-by-short-key shuffles fail.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
from scipy import stats

from stats_tests.errors import InsufficientDataError, InvalidInputError, InvalidParameterError
from stats_tests.outcomes._common import (
    MIN_EXPECTED,
    ChiSquareResult,
    Ints,
    NormalResult,
    chi_square_counts,
    frozen_array,
    normal_result,
    require_int,
)
from stats_tests.outcomes.permutation import lehmer_index

__all__ = [
    "MAX_PERMUTATION_DECK",
    "MIN_SHUFFLES_Z",
    "as_permutations",
    "fixed_points_distribution_test",
    "fixed_points_pmf",
    "fixed_points_test",
    "footrule_moments",
    "footrule_test",
    "permutation_counts_test",
    "positions_test",
    "rising_sequences_moments",
    "rising_sequences_test",
    "successions_distribution_test",
    "successions_moments",
    "successions_pmf",
    "successions_test",
]

#: Fewest shuffles for the z-tests: a sum of N >= 100 counts near Poisson(1) is near
#: Poisson(N >= 100), for which the two-sided 1% normal test has size 0.0108.
MIN_SHUFFLES_Z = 100

#: Largest deck for the full permutation-count table (8! = 40,320 cells).
MAX_PERMUTATION_DECK = 8


def as_permutations(test: str, shuffles: Any, *, min_cards: int = 2) -> Ints:
    """Check ``shuffles`` is an (N, n) integer array whose rows are permutations of 0..n-1.

    Raises InvalidInputError naming the first row that is not a permutation.
    """
    array = np.asarray(shuffles)
    if array.ndim != 2:
        raise InvalidInputError(
            f"{test}: shuffles must be a 2-D (N, n) array, got shape {array.shape}"
        )
    if array.dtype == np.bool_ or not np.issubdtype(array.dtype, np.integer):
        raise InvalidInputError(f"{test}: shuffles must be integers, got dtype {array.dtype}")
    n = array.shape[1]
    if n < min_cards:
        raise InvalidParameterError(f"{test}: deck size n={n} is outside >= {min_cards}")
    arr = np.ascontiguousarray(array, dtype=np.int64)
    ok = np.all(np.sort(arr, axis=1) == np.arange(n), axis=1)
    if not ok.all():
        row = int(np.flatnonzero(~ok)[0])
        shown = arr[row].tolist()
        text = str(shown) if n <= 20 else str(shown[:20])[:-1] + ", ...]"
        raise InvalidInputError(f"{test}: row {row} is not a permutation of 0..{n - 1}: {text}")
    return arr


def _require_shuffles(test: str, count: int, minimum: int, why: str) -> None:
    if count < minimum:
        raise InsufficientDataError(
            f"{test} needs at least {minimum} shuffles ({why}); got N={count}"
        )


def _permutations_for_mean(test: str, shuffles: Any, *, min_cards: int = 2) -> Ints:
    """Checked shuffles for a test of a per-shuffle mean: enough of them for the z-test."""
    arr = as_permutations(test, shuffles, min_cards=min_cards)
    _require_shuffles(test, arr.shape[0], MIN_SHUFFLES_Z, "normal approximation of the mean")
    return arr


def _mean_test(
    test: str,
    per_shuffle: Ints,
    moments: tuple[Fraction, Fraction],
    parameters: dict[str, Any],
) -> NormalResult:
    """The mean of a per-shuffle count against its exact mean and variance (over N shuffles).

    The successions, rising-sequence, fixed-point and footrule tests all refer
    ``(mean - E) / sqrt(Var / N)`` to normal(0, 1), two-sided.
    """
    count = int(per_shuffle.size)
    mean, variance = moments
    return normal_result(
        test,
        estimate=float(per_shuffle.mean()),
        expected=float(mean),
        variance=float(variance) / count,
        n=count,
        parameters=parameters,
    )


# ---------------------------------------------------------------- position by card


def positions_test(shuffles: Any) -> ChiSquareResult:
    r"""Position-by-card chi-square: how often each card lands at each position.

    Counts the n x n table ``O[position, card]`` over N shuffles; under a
    uniform shuffle every cell expects ``E = N/n``. Both margins of the table
    are fixed (every shuffle puts each card somewhere and fills every
    position), and a permutation matrix has
    ``Var O[i, j] = N (n-1)/n**2``, i.e. ``n/(n-1)`` times the multinomial
    variance. The Pearson sum ``X^2 = sum (O - E)**2 / E`` therefore has mean
    exactly ``n (n-1)``, not ``(n-1)**2``; the test uses
    ``statistic = (n-1)/n * X^2``, which is asymptotically chi-square with
    ``(n-1)**2`` degrees of freedom (the covariance of the table is
    ``(1/(n-1)) P x P`` with P the centring projection of rank n - 1). The raw
    ``X^2`` is in ``parameters["pearson"]``.

    Parameters
    ----------
    shuffles:
        (N, n) integer array; each row a permutation of 0..n-1 with
        ``row[i]`` the card at position i.

    Returns
    -------
    ChiSquareResult
        ``observed`` is the n x n table [position, card], ``expected`` the
        same shape filled with N/n; ``cells`` are ``"position,card"``.

    Raises
    ------
    InsufficientDataError
        When ``N/n < 5``, i.e. with fewer than ``5 n`` shuffles.
    InvalidInputError
        When the array is not 2-D or a row is not a permutation.

    References
    ----------
    .. [1] P. Diaconis, J. Fulman and S. Holmes, "Analysis of casino shelf
       shuffling machines", *Ann. Appl. Probab.* 23(4), 1692-1720, 2013.
    """
    name = "Shuffle positions"
    arr = as_permutations(name, shuffles)
    count, n = arr.shape
    expected_cell = count / n
    if expected_cell < MIN_EXPECTED:
        raise InsufficientDataError(
            f"{name}: expected count per cell N/n = {expected_cell:.3g} < {MIN_EXPECTED:g}; "
            f"needs at least {int(MIN_EXPECTED) * n} shuffles of {n} cards, got N={count}"
        )
    index = np.arange(n, dtype=np.int64) * n + arr  # position * n + card
    table = np.bincount(index.ravel(), minlength=n * n).reshape(n, n)
    pearson = float(np.sum((table - expected_cell) ** 2) / expected_cell)
    statistic = pearson * (n - 1) / n
    df = (n - 1) ** 2
    return ChiSquareResult(
        name=name,
        statistic=statistic,
        pvalue=float(stats.chi2.sf(statistic, df)),
        n=count,
        distribution=f"chi2({df}) of (n-1)/n * Pearson X^2",
        parameters={"cards": n, "pearson": pearson},
        df=df,
        observed=frozen_array(table, np.int64),
        expected=frozen_array(np.full((n, n), expected_cell), np.float64),
        cells=tuple(f"{i},{j}" for i in range(n) for j in range(n)),
    )


# ---------------------------------------------------------------- successions


def _no_succession_counts(n: int) -> list[int]:
    """a(m), m = 0..n: permutations of m cards with no succession (OEIS A000255(m-1))."""
    a = [1, 1, 1]  # a(0) by convention, a(1) = 1, a(2) = 1
    for m in range(3, n + 1):
        a.append((m - 1) * a[m - 1] + (m - 2) * a[m - 2])
    return a[: n + 1]


def successions_pmf(n: int) -> list[Fraction]:
    """Exact P(j successions), j = 0..n-1, for a uniform permutation of n cards.

    A succession is card c immediately followed by card c + 1. Gluing j chosen
    successions out of n - 1 leaves n - j blocks with none:
    ``#(j) = C(n-1, j) a(n-j)`` with ``a(m) = (m-1) a(m-1) + (m-2) a(m-2)``.
    """
    n = require_int("Successions", "n", n, 2)
    a = _no_succession_counts(n)
    total = math.factorial(n)
    return [Fraction(math.comb(n - 1, j) * a[n - j], total) for j in range(n)]


def successions_moments(n: int, *, either_order: bool = False) -> tuple[Fraction, Fraction]:
    """Exact mean and variance of the succession (or adjacency) count of n cards.

    Ordered successions (c then c + 1): mean ``(n-1)/n``, variance
    ``(n**2 - n - 1)/n**2``. Adjacencies in either order: mean ``2(n-1)/n``,
    variance from the pair probabilities ``2/(n(n-1))`` (pairs sharing a card)
    and ``4/(n(n-1))`` (disjoint pairs).
    """
    n = require_int("Successions", "n", n, 3 if either_order else 2)
    m = n - 1  # indicators, one per pair (c, c + 1)
    scale = 2 if either_order else 1
    p = Fraction(scale, n)
    q_shared = Fraction(scale, n * (n - 1))  # c, c+1, c+2 glued in a block (2 ways if unordered)
    q_disjoint = Fraction(scale * scale, n * (n - 1))
    shared_pairs = n - 2
    disjoint_pairs = m * (m - 1) // 2 - shared_pairs
    mean = m * p
    variance = m * p * (1 - p) + 2 * (
        shared_pairs * (q_shared - p * p) + disjoint_pairs * (q_disjoint - p * p)
    )
    return mean, variance


def _successions(arr: Ints, either_order: bool) -> Ints:
    step = arr[:, 1:] - arr[:, :-1]
    hit = (np.abs(step) == 1) if either_order else (step == 1)
    return np.asarray(np.count_nonzero(hit, axis=1), dtype=np.int64)


def successions_test(shuffles: Any, *, either_order: bool = False) -> NormalResult:
    r"""Successions (card c followed by c + 1) per shuffle, mean against its exact value.

    The mean count over N shuffles is compared with its exact mean
    ``(n-1)/n`` and standard error ``sqrt((n**2 - n - 1)/n**2 / N)``
    (:func:`successions_moments`); with ``either_order`` cards c and c + 1
    adjacent in either order are counted (mean ``2(n-1)/n``). The count is
    close to Poisson(1) (Poisson(2) for adjacencies) per shuffle, so the sum
    over N shuffles is close to normal: z is referred to normal(0, 1),
    two-sided. For the shape of the distribution use
    :func:`successions_distribution_test`.

    Parameters
    ----------
    shuffles:
        (N, n) array of permutations, ``row[i]`` the card at position i.
    either_order:
        Count c, c + 1 adjacent in either order (needs n >= 3).

    Returns
    -------
    NormalResult
        ``estimate`` is the mean count per shuffle.

    Raises
    ------
    InsufficientDataError
        With fewer than :data:`MIN_SHUFFLES_Z` (100) shuffles.
    InvalidInputError
        When a row is not a permutation.

    References
    ----------
    .. [1] I. Kaplansky, "The asymptotic distribution of runs of consecutive
       elements", *Ann. Math. Statist.* 16(2), 200-203, 1945.
    .. [2] P. Diaconis, J. Fulman and S. Holmes, "Analysis of casino shelf
       shuffling machines", *Ann. Appl. Probab.* 23(4), 1692-1720, 2013.
    """
    name = "Shuffle adjacencies" if either_order else "Shuffle successions"
    arr = _permutations_for_mean(name, shuffles, min_cards=3 if either_order else 2)
    n = arr.shape[1]
    return _mean_test(
        name,
        _successions(arr, either_order),
        successions_moments(n, either_order=either_order),
        {"cards": n, "either_order": either_order},
    )


def _distribution_test(
    name: str, counts: Ints, pmf: list[Fraction], parameters: dict[str, Any]
) -> ChiSquareResult:
    observed = np.bincount(counts, minlength=len(pmf))
    return chi_square_counts(
        name,
        observed,
        pmf,
        n=int(counts.size),
        cells=[str(j) for j in range(len(pmf))],
        parameters=parameters,
        pool=True,
        minimum_note="needs enough shuffles for two cells of expected count >= 5 (N >= 19)",
    )


def successions_distribution_test(shuffles: Any) -> ChiSquareResult:
    r"""Chi-square of the number of successions per shuffle against its exact distribution.

    Counts the shuffles with 0, 1, 2, ... successions (card c immediately
    followed by c + 1) and compares with :func:`successions_pmf` (close to
    Poisson(1) but exact for every n); cells expecting fewer than 5 are
    pooled, from the expected counts only, and the statistic is referred to
    chi-square with (pooled cells - 1) degrees of freedom.

    Raises
    ------
    InsufficientDataError
        When fewer than two pooled cells reach an expected count of 5.

    References
    ----------
    .. [1] J. Riordan, *An Introduction to Combinatorial Analysis*, Wiley,
       1958, ch. 8 (successions).
    """
    name = "Shuffle successions distribution"
    arr = as_permutations(name, shuffles)
    n = arr.shape[1]
    return _distribution_test(name, _successions(arr, False), successions_pmf(n), {"cards": n})


# ---------------------------------------------------------------- rising sequences


def rising_sequences_moments(n: int) -> tuple[Fraction, Fraction]:
    """Exact mean ``(n+1)/2`` and variance ``(n+1)/12`` of the rising sequences of n cards.

    Rising sequences = 1 + descents of the inverse permutation; the descents
    of a uniform permutation (Eulerian distribution) have mean (n-1)/2 and
    variance (n+1)/12 for n >= 2.
    """
    n = require_int("Rising sequences", "n", n, 2)
    return Fraction(n + 1, 2), Fraction(n + 1, 12)


def rising_sequences_test(shuffles: Any) -> NormalResult:
    r"""Mean number of rising sequences per shuffle against ``(n+1)/2``.

    A rising sequence is a maximal run of cards c, c + 1, ... found in
    increasing positions; their number is 1 + the number of cards c with
    ``position(c + 1) < position(c)``. The mean over N shuffles is compared
    with ``(n+1)/2`` with the exact standard error ``sqrt((n+1)/12 / N)``;
    z is referred to normal(0, 1), two-sided. Riffle shuffles leave few
    rising sequences (Bayer and Diaconis 1992).

    Raises
    ------
    InsufficientDataError
        With fewer than :data:`MIN_SHUFFLES_Z` (100) shuffles.

    References
    ----------
    .. [1] D. Bayer and P. Diaconis, "Trailing the dovetail shuffle to its
       lair", *Ann. Appl. Probab.* 2(2), 294-313, 1992.
    """
    name = "Shuffle rising sequences"
    arr = _permutations_for_mean(name, shuffles)
    n = arr.shape[1]
    position = np.argsort(arr, axis=1)  # position[c] = where card c lies
    rising = 1 + np.count_nonzero(position[:, 1:] < position[:, :-1], axis=1)
    return _mean_test(name, rising, rising_sequences_moments(n), {"cards": n})


# ---------------------------------------------------------------- fixed points


def fixed_points_pmf(n: int) -> list[Fraction]:
    """Exact P(j fixed points), j = 0..n: rencontres numbers ``C(n, j) d(n-j) / n!``.

    ``d(m)`` counts derangements: d(0) = 1, d(1) = 0, d(m) = (m-1)(d(m-1) + d(m-2)).
    Mean and variance are both exactly 1 for n >= 2; the limit is Poisson(1).
    """
    n = require_int("Fixed points", "n", n, 1)
    d = [1, 0]
    for m in range(2, n + 1):
        d.append((m - 1) * (d[m - 1] + d[m - 2]))
    total = math.factorial(n)
    return [Fraction(math.comb(n, j) * d[n - j], total) for j in range(n + 1)]


def _fixed_points(arr: Ints) -> Ints:
    n = arr.shape[1]
    return np.asarray(np.count_nonzero(arr == np.arange(n), axis=1), dtype=np.int64)


def fixed_points_test(shuffles: Any) -> NormalResult:
    r"""Mean number of fixed points (card i at position i) against its exact mean 1.

    For a uniform permutation of n >= 2 cards the number of fixed points has
    mean 1 and variance 1 exactly; the mean over N shuffles is referred to
    normal(1, 1/N), two-sided (the sum is close to Poisson(N)). "Fixed" is
    relative to the order the deck starts in, 0..n-1. For the whole
    distribution use :func:`fixed_points_distribution_test`.

    Raises
    ------
    InsufficientDataError
        With fewer than :data:`MIN_SHUFFLES_Z` (100) shuffles.

    References
    ----------
    .. [1] J. Riordan, *An Introduction to Combinatorial Analysis*, Wiley,
       1958, ch. 3 (rencontres).
    """
    name = "Shuffle fixed points"
    arr = _permutations_for_mean(name, shuffles)
    n = arr.shape[1]
    return _mean_test(name, _fixed_points(arr), (Fraction(1), Fraction(1)), {"cards": n})


def fixed_points_distribution_test(shuffles: Any) -> ChiSquareResult:
    r"""Chi-square of the number of fixed points per shuffle against the rencontres distribution.

    Counts the shuffles with 0, 1, 2, ... fixed points and compares with the
    exact :func:`fixed_points_pmf` (Poisson(1) in the limit); cells expecting
    fewer than 5 are pooled, from the expected counts only, and the statistic
    is referred to chi-square with (pooled cells - 1) degrees of freedom.

    Raises
    ------
    InsufficientDataError
        When fewer than two pooled cells reach an expected count of 5.

    References
    ----------
    .. [1] J. Riordan, *An Introduction to Combinatorial Analysis*, Wiley,
       1958, ch. 3 (rencontres).
    """
    name = "Shuffle fixed points distribution"
    arr = as_permutations(name, shuffles)
    n = arr.shape[1]
    return _distribution_test(name, _fixed_points(arr), fixed_points_pmf(n), {"cards": n})


# ---------------------------------------------------------------- Spearman footrule


def footrule_moments(n: int) -> tuple[Fraction, Fraction]:
    """Exact mean ``(n**2 - 1)/3`` and variance ``(n+1)(2 n**2 + 7)/45`` of Spearman's footrule.

    Diaconis and Graham (1977) give these for D = sum |pi(i) - i| of a uniform
    permutation of n elements.
    """
    n = require_int("Footrule", "n", n, 2)
    return Fraction(n * n - 1, 3), Fraction((n + 1) * (2 * n * n + 7), 45)


def footrule_test(shuffles: Any) -> NormalResult:
    r"""Mean Spearman footrule ``D = sum_i |row[i] - i|`` against ``(n**2 - 1)/3``.

    D measures how far the cards moved from the starting order 0..n-1. The mean
    over N shuffles is compared with the exact mean and standard error
    ``sqrt((n+1)(2 n**2 + 7)/45 / N)`` (:func:`footrule_moments`); z is
    referred to normal(0, 1), two-sided.

    Raises
    ------
    InsufficientDataError
        With fewer than :data:`MIN_SHUFFLES_Z` (100) shuffles.

    References
    ----------
    .. [1] P. Diaconis and R. L. Graham, "Spearman's footrule as a measure of
       disarray", *J. Roy. Statist. Soc. B* 39(2), 262-268, 1977.
    """
    name = "Shuffle footrule"
    arr = _permutations_for_mean(name, shuffles)
    n = arr.shape[1]
    footrule = np.abs(arr - np.arange(n)).sum(axis=1)
    return _mean_test(name, footrule, footrule_moments(n), {"cards": n})


# ---------------------------------------------------------------- full permutation counts


def permutation_counts_test(shuffles: Any) -> ChiSquareResult:
    r"""Chi-square over all n! orders of a small deck (n = 2 .. 8).

    Every shuffle is ranked by its Lehmer code (identity = 0, reversed =
    n! - 1) and the n! counts are compared with ``N / n!`` each; the statistic
    is referred to chi-square with n! - 1 degrees of freedom (n = 4: 23 df,
    99% critical value 41.64; n = 5: 119 df, 157.80).

    Raises
    ------
    InsufficientDataError
        When ``N / n! < 5``, i.e. with fewer than ``5 n!`` shuffles.
    InvalidParameterError
        For decks larger than :data:`MAX_PERMUTATION_DECK` cards.

    References
    ----------
    .. [1] D. E. Knuth, *The Art of Computer Programming*, vol. 2, 3rd ed.,
       §3.3.2 F and Algorithm P, 1997.
    """
    name = "Shuffle permutation counts"
    arr = as_permutations(name, shuffles)
    count, n = arr.shape
    require_int(name, "n (cards)", n, 2, MAX_PERMUTATION_DECK)
    cells = math.factorial(n)
    observed = np.bincount(lehmer_index(arr), minlength=cells)
    return chi_square_counts(
        name,
        observed,
        np.full(cells, 1.0 / cells),
        n=count,
        cells=[str(i) for i in range(cells)],
        parameters={"cards": n},
        pool=False,
        minimum_note=f"needs at least {int(MIN_EXPECTED) * cells} shuffles of {n} cards",
    )
