# stats_tests.outcomes — statistical tests on integer outcomes in [0, k): what a test
# lab applies to scaled RNG output (roulette pockets, dice, card ranks). One module per
# test, each a pure function over a 1-D numpy integer array returning a frozen result
# (_common.py); exact null probabilities are public next to their tests.
"""Tests on integer outcomes (Knuth, TAOCP vol. 2, §3.3.1-3.3.2; 25 CFR 547.14).

=======================  ==========================================  ==============================
test                     null distribution of the P-value            smallest sample (else raises)
=======================  ==========================================  ==============================
chi_square_test          chi2(k-1), Pearson                          every n p_i >= 5
serial_test              chi2(k**d - 1), non-overlapping d-tuples    n >= 5 d k**d values
gap_test                 chi2(cells-1), exact geometric cells        2 pooled cells with E >= 5
runs_up_down_test        normal, exact mean/var with ties            n >= 100
poker_test               chi2(cells-1), Stirling S(g, r) cells       2 pooled cells with E >= 5
coupon_collector_test    chi2(cells-1), k! S(r-1, k-1)/k**r cells    2 pooled cells with E >= 5
permutation_test         chi2(t!-1), tie groups discarded            5 t! tie-free groups
maximum_of_t_test        chi2(cells-1), ((m+1)**t - m**t)/k**t       2 pooled cells with E >= 5
serial_correlation_test  normal, Wald-Wolfowitz exact moments of C   n >= 100
ks_uniform_test          exact discrete KS (multinomial)             n >= 1
=======================  ==========================================  ==============================

Pooled cells are formed from the expected counts only (adjacent cells merged
until each expects >= 5), never from the data.
"""

from stats_tests.outcomes._common import (
    ALPHA,
    MIN_EXPECTED,
    ChiSquareResult,
    NormalResult,
    TestResult,
)
from stats_tests.outcomes.chi_square import chi_square_test
from stats_tests.outcomes.coupon import coupon_collector_probabilities, coupon_collector_test
from stats_tests.outcomes.gap import gap_probabilities, gap_test
from stats_tests.outcomes.ks import KSResult, ks_uniform_pvalue, ks_uniform_test
from stats_tests.outcomes.maximum import maximum_of_t_test, maximum_probabilities
from stats_tests.outcomes.permutation import permutation_test
from stats_tests.outcomes.poker import poker_probabilities, poker_test
from stats_tests.outcomes.runs import runs_up_down_moments, runs_up_down_test
from stats_tests.outcomes.serial import serial_test
from stats_tests.outcomes.serial_correlation import serial_correlation_test

__all__ = [
    "ALPHA",
    "MIN_EXPECTED",
    "ChiSquareResult",
    "KSResult",
    "NormalResult",
    "TestResult",
    "chi_square_test",
    "coupon_collector_probabilities",
    "coupon_collector_test",
    "gap_probabilities",
    "gap_test",
    "ks_uniform_pvalue",
    "ks_uniform_test",
    "maximum_of_t_test",
    "maximum_probabilities",
    "permutation_test",
    "poker_probabilities",
    "poker_test",
    "runs_up_down_moments",
    "runs_up_down_test",
    "serial_correlation_test",
    "serial_test",
]
