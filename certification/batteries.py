"""The batteries a campaign runs, turned into :class:`~certification.verdict.TestRecord`s.

* **nist** — NIST SP 800-22 rev1a, all 15 tests with sts-2.1.2's default
  parameters, run chunk by chunk (in worker processes) and merged here for the
  second-level analysis of section 4.2; one record per report row.
* **outcomes** — the tests on scaled integer outcomes of 25 CFR 547.14 and
  Knuth (chi-square, serial pairs, gap, runs up and down, poker, coupon
  collector, permutation, maximum-of-5, serial correlation, exact discrete KS).
* **shuffles** — position-by-card table, successions, rising sequences,
  footrule, fixed points, and full permutation counts on small decks.
* **math** — a game's simulated return against its exact return (99 %
  confidence interval), hit rate and award distribution against exact
  probabilities where they are known.

A test whose sample is too small for its null distribution is recorded as
"not run" with the reason the test gave; it never gets a P-value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from scipy import stats

from certification.verdict import TestRecord, not_run
from stats_tests import outcomes, shuffles
from stats_tests.errors import InsufficientDataError, InvalidParameterError
from stats_tests.nist import TESTS, BatteryResult, NistResult, analyse_results
from stats_tests.nist._common import Mode

__all__ = [
    "Z_99",
    "award_distribution_record",
    "hit_rate_record",
    "merge_nist",
    "nist_records",
    "outcome_records",
    "rtp_record",
    "shuffle_records",
    "weighted_chi_square_record",
]

Z_99 = 2.5758293035489004  #: two-sided 99 % standard normal quantile


def _record(id: str, group: str, result: Any) -> TestRecord:
    pvalue = float(result.pvalue)
    params = {k: _plain(v) for k, v in dict(result.parameters).items()}
    if hasattr(result, "df"):
        params["df"] = int(result.df)
    return TestRecord(
        id=id,
        group=group,
        name=str(result.name),
        pvalue=pvalue,
        statistic=float(result.statistic),
        distribution=str(result.distribution),
        n=int(result.n),
        parameters=params,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _guarded(id: str, group: str, name: str, run: Callable[[], Any]) -> TestRecord:
    try:
        return _record(id, group, run())
    except (InsufficientDataError, InvalidParameterError) as exc:
        return not_run(id, group, name, str(exc))


# ---------------------------------------------------------------------- outcomes


def outcome_records(values: Any, k: int, prefix: str, group: str) -> list[TestRecord]:
    """The integer-outcome battery on ``values`` in [0, k)."""
    v = np.asarray(values, dtype=np.int64)
    half = max(1, k // 2)
    plan: list[tuple[str, str, Callable[[], Any]]] = [
        ("chi_square", "Chi-square", lambda: outcomes.chi_square_test(v, k)),
        ("serial", "Serial pairs", lambda: outcomes.serial_test(v, k, d=2)),
        ("gap", "Gap", lambda: outcomes.gap_test(v, k, low=0, high=half)),
        ("runs", "Runs up and down", lambda: outcomes.runs_up_down_test(v, k)),
        ("poker", "Poker", lambda: outcomes.poker_test(v, k, g=5)),
        ("coupon", "Coupon collector", lambda: outcomes.coupon_collector_test(v, k)),
        ("permutation", "Permutation", lambda: outcomes.permutation_test(v, k, t=3)),
        ("maximum", "Maximum-of-t", lambda: outcomes.maximum_of_t_test(v, k, t=5)),
        (
            "serial_correlation",
            "Serial correlation",
            lambda: outcomes.serial_correlation_test(v, k),
        ),
        ("ks", "Kolmogorov-Smirnov", lambda: outcomes.ks_uniform_test(v, k)),
    ]
    if k < 2:
        return [not_run(f"{prefix}.all", group, "Outcome battery", f"k={k}: one outcome only")]
    return [_guarded(f"{prefix}.{key}", group, name, run) for key, name, run in plan]


def weighted_chi_square_record(
    values: Any, probabilities: Sequence[Fraction], id: str, group: str
) -> TestRecord:
    """Chi-square of outcomes against non-uniform exact probabilities (weighted reels)."""
    v = np.asarray(values, dtype=np.int64)
    return _guarded(
        id,
        group,
        "Chi-square",
        lambda: outcomes.chi_square_test(v, len(probabilities), probabilities=probabilities),
    )


# ---------------------------------------------------------------------- shuffles


def shuffle_records(orders: Any, prefix: str, group: str) -> tuple[list[TestRecord], Any]:
    """The shuffle battery on an (N, n) array of orders; also returns the position table."""
    arr = np.asarray(orders, dtype=np.int64)
    table = None
    records: list[TestRecord] = []
    try:
        positions = shuffles.positions_test(arr)
        table = positions.observed
        records.append(_record(f"{prefix}.positions", group, positions))
    except (InsufficientDataError, InvalidParameterError) as exc:
        records.append(not_run(f"{prefix}.positions", group, "Shuffle positions", str(exc)))
    plan: list[tuple[str, str, Callable[[], Any]]] = [
        ("successions", "Successions", lambda: shuffles.successions_test(arr)),
        ("rising_sequences", "Rising sequences", lambda: shuffles.rising_sequences_test(arr)),
        ("footrule", "Spearman footrule", lambda: shuffles.footrule_test(arr)),
        ("fixed_points", "Fixed points", lambda: shuffles.fixed_points_test(arr)),
    ]
    records += [_guarded(f"{prefix}.{key}", group, name, run) for key, name, run in plan]
    return records, table


def permutation_count_record(orders: Any, id: str, group: str) -> TestRecord:
    arr = np.asarray(orders, dtype=np.int64)
    return _guarded(id, group, "Permutation counts", lambda: shuffles.permutation_counts_test(arr))


# -------------------------------------------------------------------------- NIST


def merge_nist(parts: Sequence[BatteryResult], alpha: float = 0.01) -> BatteryResult:
    """One battery result from the results of consecutive chunks of sequences."""
    first = parts[0]
    mode: Mode = first.mode
    keys = first.tests
    results: dict[str, tuple[NistResult, ...]] = {}
    second_level = {}
    skipped: dict[str, str] = {}
    seconds = {key: sum(p.seconds.get(key, 0.0) for p in parts) for key in keys}
    specs = {spec.key: spec for spec in TESTS}
    for key in keys:
        refusal = next((p.skipped[key] for p in parts if key in p.skipped), None)
        if refusal is not None:
            skipped[key] = refusal
            continue
        column = tuple(r for p in parts for r in p.results[key])
        results[key] = column
        variants: tuple[str, ...] | None = specs[key].variants or None
        if variants is None:
            for item in column:
                templates = getattr(item, "templates", None)
                if templates is not None and item.applicable:
                    variants = tuple(str(t) for t in templates)
                    break
        second_level[key] = analyse_results(column, variants=variants, mode=mode, alpha=alpha)
    return BatteryResult(
        mode=mode,
        sequences=sum(p.sequences for p in parts),
        length=first.length,
        tests=keys,
        results=results,
        second_level=second_level,
        skipped=skipped,
        seconds=seconds,
        parameters=first.parameters,
    )


def nist_records(battery: BatteryResult, prefix: str, group: str) -> list[TestRecord]:
    """One record per SP 800-22 report row, judged by the section 4.2 rules."""
    names = {spec.key: spec.report_name for spec in TESTS}
    records: list[TestRecord] = []
    for key in battery.tests:
        if key in battery.skipped:
            records.append(not_run(f"{prefix}.{key}", group, names[key], battery.skipped[key]))
            continue
        for row in battery.second_level[key]:
            id = f"{prefix}.{key}" + (f"[{row.variant}]" if row.variant else "")
            if row.passed is None:
                records.append(
                    not_run(id, group, row.label, "no sequence was applicable for this row")
                )
                continue
            # Lower tail of the passing count: P(X <= passed), X ~ Binomial(m, 1 - alpha).
            proportion_p = float(stats.binom.cdf(row.passed_count, row.sample_size, 1 - row.alpha))
            uniformity = row.uniformity_pvalue
            candidates = [proportion_p] + ([uniformity] if uniformity is not None else [])
            pvalue = min(candidates)
            records.append(
                TestRecord(
                    id=id,
                    group=group,
                    name=f"SP 800-22 {row.label}",
                    pvalue=pvalue,
                    statistic=row.uniformity_statistic,
                    distribution="second level: proportion (binomial) and uniformity chi2(9)",
                    n=row.sample_size,
                    parameters={
                        "passed": row.passed_count,
                        "min_passed": row.min_passed,
                        "max_passed": row.max_passed,
                        "proportion": row.proportion,
                        "proportion_pvalue": proportion_p,
                        "uniformity_pvalue": uniformity,
                        "histogram": list(row.histogram),
                        "mode": row.mode.value,
                        "test_parameters": battery.parameters.get(key, {}),
                    },
                    flagged=not row.passed,
                )
            )
    return records


# -------------------------------------------------------------------------- math


def rtp_record(
    id: str,
    group: str,
    rounds: int,
    mean: float,
    sd: float,
    expected: Fraction,
    exact_sd: float | None = None,
) -> TestRecord:
    """Simulated return against the exact return: z = (mean - RTP) / (sd / sqrt(N))."""
    se = sd / math.sqrt(rounds) if rounds > 0 else float("nan")
    theory = float(expected)
    if se > 0:
        z = (mean - theory) / se
        p = float(2 * stats.norm.sf(abs(z)))
    else:
        z = 0.0 if mean == theory else float("inf")
        p = 1.0 if mean == theory else 0.0
    return TestRecord(
        id=id,
        group=group,
        name="Return to player vs exact",
        pvalue=p,
        statistic=z,
        distribution="normal(0, 1), two-sided",
        n=rounds,
        parameters={
            "exact_rtp": f"{expected.numerator}/{expected.denominator}",
            "exact_rtp_float": theory,
            "simulated_rtp": mean,
            "sd_per_round": sd,
            "exact_sd_per_round": exact_sd,
            "interval_99": [mean - Z_99 * se, mean + Z_99 * se],
            "exact_inside_interval": abs(mean - theory) <= Z_99 * se,
        },
    )


def hit_rate_record(id: str, group: str, rounds: int, hits: int, exact: Fraction) -> TestRecord:
    """Observed hit count against the exact hit probability (two-sided binomial)."""
    p = float(exact)
    result = stats.binomtest(hits, rounds, p)
    se = math.sqrt(p * (1 - p) / rounds)
    rate = hits / rounds
    return TestRecord(
        id=id,
        group=group,
        name="Hit rate vs exact",
        pvalue=float(result.pvalue),
        statistic=(rate - p) / se if se > 0 else 0.0,
        distribution="binomial, two-sided exact",
        n=rounds,
        parameters={
            "exact_hit_rate": f"{exact.numerator}/{exact.denominator}",
            "exact_hit_rate_float": p,
            "simulated_hit_rate": rate,
            "interval_99": [rate - Z_99 * se, rate + Z_99 * se],
        },
    )


def award_distribution_record(
    id: str,
    group: str,
    name: str,
    observed: Mapping[Any, int],
    exact: Mapping[Any, Fraction],
) -> TestRecord:
    """Pearson chi-square of observed categories against exact probabilities.

    Categories are taken in the order of ``exact`` (sorted); adjacent categories
    are pooled, from the expected counts only, until each expects at least 5.
    An observed category with exact probability 0 gives P = 0 (a hard failure).
    """
    rounds = sum(observed.values())
    impossible = sorted(str(a) for a, n in observed.items() if n and a not in exact)
    keys = sorted(exact)
    params: dict[str, Any] = {
        "categories": len(keys),
        "observed": {str(k): int(observed.get(k, 0)) for k in keys},
        "exact": {str(k): f"{exact[k].numerator}/{exact[k].denominator}" for k in keys},
    }
    if impossible:
        params["impossible_observed"] = impossible
        return TestRecord(
            id=id,
            group=group,
            name=name,
            pvalue=0.0,
            statistic=None,
            distribution="observed outcomes the exact math says are impossible",
            n=rounds,
            parameters=params,
        )
    cells_obs: list[int] = []
    cells_exp: list[float] = []
    acc_o, acc_e = 0, 0.0
    for key in keys:
        acc_o += int(observed.get(key, 0))
        acc_e += rounds * float(exact[key])
        if acc_e >= 5.0:
            cells_obs.append(acc_o)
            cells_exp.append(acc_e)
            acc_o, acc_e = 0, 0.0
    if acc_e > 0 or acc_o:
        if cells_obs:
            cells_obs[-1] += acc_o
            cells_exp[-1] += acc_e
        else:
            cells_obs.append(acc_o)
            cells_exp.append(acc_e)
    if len(cells_obs) < 2:
        return not_run(id, group, name, "fewer than two pooled cells with expected count >= 5")
    o = np.array(cells_obs, dtype=float)
    e = np.array(cells_exp, dtype=float)
    statistic = float(np.sum((o - e) ** 2 / e))
    df = len(cells_obs) - 1
    params["pooled_cells"] = len(cells_obs)
    params["df"] = df
    return TestRecord(
        id=id,
        group=group,
        name=name,
        pvalue=float(stats.chi2.sf(statistic, df)),
        statistic=statistic,
        distribution=f"chi2({df})",
        n=rounds,
        parameters=params,
    )
