# stats_tests.nist — NIST SP 800-22 rev1a: all 15 tests, one module each, as pure
# functions over a numpy bit array returning frozen results (_common.NistResult);
# two modes (sts: reproduces sts-2.1.2 / Appendix B, quirks included; exact: the
# corrected probabilities); the second-level analysis of section 4.2; and the
# battery that runs everything over m sequences.
"""NIST SP 800-22 rev1a statistical tests."""

from stats_tests.nist._common import ALPHA, Mode, NistResult, as_bits
from stats_tests.nist.approximate_entropy import ApproximateEntropyResult, approximate_entropy
from stats_tests.nist.battery import (
    DEFAULT_PARAMETERS,
    EXACT_MODE_DEVIATIONS,
    TESTS,
    BatteryProgress,
    BatteryResult,
    run_battery,
    split_sequences,
)
from stats_tests.nist.block_frequency import BlockFrequencyResult, block_frequency
from stats_tests.nist.cumulative_sums import CumulativeSumsResult, cumulative_sums
from stats_tests.nist.dft import DftResult, dft
from stats_tests.nist.frequency import FrequencyResult, frequency
from stats_tests.nist.linear_complexity import LinearComplexityResult, linear_complexity
from stats_tests.nist.longest_run import LongestRunResult, longest_run
from stats_tests.nist.non_overlapping_template import (
    NonOverlappingTemplateResult,
    NonOverlappingTemplatesResult,
    aperiodic_templates,
    non_overlapping_template,
    non_overlapping_templates,
)
from stats_tests.nist.overlapping_template import OverlappingTemplateResult, overlapping_template
from stats_tests.nist.random_excursions import RandomExcursionsResult, random_excursions
from stats_tests.nist.random_excursions_variant import (
    RandomExcursionsVariantResult,
    random_excursions_variant,
)
from stats_tests.nist.rank import RankResult, rank
from stats_tests.nist.runs import RunsResult, runs
from stats_tests.nist.second_level import SecondLevelResult, analyse_pvalues, analyse_results
from stats_tests.nist.serial import SerialResult, serial
from stats_tests.nist.universal import UniversalResult, universal

__all__ = [
    "ALPHA",
    "DEFAULT_PARAMETERS",
    "EXACT_MODE_DEVIATIONS",
    "TESTS",
    "ApproximateEntropyResult",
    "BatteryProgress",
    "BatteryResult",
    "BlockFrequencyResult",
    "CumulativeSumsResult",
    "DftResult",
    "FrequencyResult",
    "LinearComplexityResult",
    "LongestRunResult",
    "Mode",
    "NistResult",
    "NonOverlappingTemplateResult",
    "NonOverlappingTemplatesResult",
    "OverlappingTemplateResult",
    "RandomExcursionsResult",
    "RandomExcursionsVariantResult",
    "RankResult",
    "RunsResult",
    "SecondLevelResult",
    "SerialResult",
    "UniversalResult",
    "analyse_pvalues",
    "analyse_results",
    "aperiodic_templates",
    "approximate_entropy",
    "as_bits",
    "block_frequency",
    "cumulative_sums",
    "dft",
    "frequency",
    "linear_complexity",
    "longest_run",
    "non_overlapping_template",
    "non_overlapping_templates",
    "overlapping_template",
    "random_excursions",
    "random_excursions_variant",
    "rank",
    "run_battery",
    "runs",
    "serial",
    "split_sequences",
    "universal",
]
