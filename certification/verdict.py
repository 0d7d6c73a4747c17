"""Test records and the campaign's verdict rule (multiple testing accounted for).

A campaign runs hundreds of tests. Each is judged at the lab's significance
level alpha = 0.01 (the "99 percent confidence level" of 25 CFR 547.14(d) and
GLI practice), so a perfect generator still sees about 1 % of them flagged.
The overall verdict therefore does not fail on one flag. The rule (also in
docs/certification.md and in every report's scope section):

1. A test is **flagged** when its P-value is below alpha (for an SP 800-22
   row: when the row fails SP 800-22 section 4.2's proportion or uniformity
   rule).
2. A test is a **hard failure** when its P-value is below the hard threshold
   ``min(HARD_THRESHOLD, FAMILY_ALPHA / T)``, T being the number of tests judged:
   0.0001 (the threshold SP 800-22 section 4.2.2 uses for the uniformity of
   P-values), lowered by Bonferroni when the campaign runs more than 10 tests
   (T = 200: 5e-6). For an SP 800-22 row the P-value is the smaller of its
   uniformity P_T and the binomial lower-tail probability of its passing count.
3. The campaign **fails** when there is any hard failure, or when the number
   of flagged tests F exceeds the allowance c: the smallest c with
   P(Binomial(T, alpha) > c) <= ``FAMILY_ALPHA`` = 0.001. Otherwise it
   **passes**; flags within the allowance are listed as observations.
4. **Re-test policy**: a failure that comes only from rule 3 (no hard failure)
   may be re-tested once, with a fresh recorded seed and at least the same
   sample sizes; the campaign passes only if the re-test passes. Both reports
   are kept. A hard failure is not re-tested away: it is a non-conformity.

Under the null hypothesis (a perfect generator) the probability of a false
overall failure is at most 2 x ``FAMILY_ALPHA`` = 0.2 % (Bonferroni for rule 2,
the binomial tail for rule 3, treating the tests as independent), while a real
defect of the size labs look for gives P-values far below the hard threshold.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scipy import stats

__all__ = [
    "ALPHA",
    "FAMILY_ALPHA",
    "HARD_THRESHOLD",
    "VERDICT_RULE",
    "TestRecord",
    "Verdict",
    "allowance",
    "hard_threshold",
    "judge",
]

ALPHA = 0.01  #: per-test significance level (99 % confidence)
HARD_THRESHOLD = 0.0001  #: the hard threshold at most (SP 800-22 4.2.2's uniformity threshold)
FAMILY_ALPHA = 0.001  #: tail probability of the binomial allowance on flags

VERDICT_RULE = (
    f"Each test is judged at alpha = {ALPHA} (99 % confidence): P < {ALPHA} flags it (an SP "
    "800-22 row is flagged by the section 4.2 proportion or uniformity rule). A test with P "
    f"below the hard threshold min({HARD_THRESHOLD}, {FAMILY_ALPHA}/T), T the number of tests "
    "judged, is a hard failure (SP 800-22 rows: P is the smaller of the uniformity P_T and the "
    "binomial lower-tail probability of the passing count). The campaign fails on any hard "
    "failure, or when the number of flagged tests exceeds the allowance c, the smallest c with "
    f"P(Binomial(T, {ALPHA}) > c) <= {FAMILY_ALPHA}; otherwise it passes and flags within the "
    "allowance are listed as observations. A perfect generator fails a campaign with "
    f"probability at most {2 * FAMILY_ALPHA:g}. Re-test policy: a failure from the allowance "
    "alone may be re-tested once with a fresh recorded seed and at least the same sample "
    "sizes, and passes only if the re-test passes; a hard failure is a non-conformity and is "
    "not re-tested away."
)


@dataclass
class TestRecord:
    """One judged (or not run) statistical test of a campaign.

    ``pvalue`` is what rules 1-2 compare with the thresholds; ``flagged`` and
    ``hard`` may be set directly for tests with their own rule (SP 800-22 rows).
    ``status`` is set by :func:`judge`: ``pass``, ``flagged``, ``fail`` or
    ``not run`` (``reason`` then says why).
    """

    __test__ = False  # not a pytest class

    id: str
    group: str
    name: str
    pvalue: float | None
    statistic: float | None = None
    distribution: str = ""
    n: int = 0
    parameters: Mapping[str, Any] = field(default_factory=dict)
    flagged: bool | None = None
    hard: bool | None = None
    reason: str = ""
    status: str = ""

    @property
    def ran(self) -> bool:
        return not self.reason

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "group": self.group,
            "name": self.name,
            "pvalue": self.pvalue,
            "statistic": self.statistic,
            "distribution": self.distribution,
            "n": self.n,
            "parameters": dict(self.parameters),
            "verdict": self.status,
            "reason": self.reason,
        }


def not_run(id: str, group: str, name: str, reason: str) -> TestRecord:
    """A test that could not run (too little data for its null distribution, ...)."""
    return TestRecord(id=id, group=group, name=name, pvalue=None, reason=reason)


def hard_threshold(tests: int) -> float:
    """The hard-failure threshold for a campaign of ``tests`` judged tests (rule 2)."""
    return min(HARD_THRESHOLD, FAMILY_ALPHA / max(tests, 1))


def allowance(tests: int, alpha: float = ALPHA, family_alpha: float = FAMILY_ALPHA) -> int:
    """Smallest c with P(Binomial(tests, alpha) > c) <= family_alpha."""
    if tests <= 0:
        return 0
    c = 0
    while float(stats.binom.sf(c, tests, alpha)) > family_alpha:
        c += 1
    return c


@dataclass(frozen=True)
class Verdict:
    """The campaign's verdict and what it rests on."""

    overall: str  # "pass" | "fail"
    tests_judged: int
    tests_not_run: int
    flagged: int
    allowance: int
    hard_threshold: float
    hard_failures: tuple[str, ...]
    observations: tuple[str, ...]
    non_conformities: tuple[str, ...]
    by_group: Mapping[str, Mapping[str, int]]

    def to_json(self) -> dict[str, Any]:
        return {
            "overall": self.overall,
            "tests_judged": self.tests_judged,
            "tests_not_run": self.tests_not_run,
            "flagged": self.flagged,
            "allowance": self.allowance,
            "hard_threshold": self.hard_threshold,
            "hard_failures": list(self.hard_failures),
            "observations": list(self.observations),
            "non_conformities": list(self.non_conformities),
            "by_group": {k: dict(v) for k, v in self.by_group.items()},
            "rule": VERDICT_RULE,
            "parameters": {
                "alpha": ALPHA,
                "hard_threshold": HARD_THRESHOLD,
                "family_alpha": FAMILY_ALPHA,
            },
        }


def judge(records: Sequence[TestRecord]) -> Verdict:
    """Set every record's status and apply the campaign rule (module docstring)."""
    judged = [r for r in records if r.ran]
    threshold = hard_threshold(len(judged))
    for record in records:
        if not record.ran:
            record.status = "not run"
            continue
        p = record.pvalue
        if record.flagged is None:
            record.flagged = p is None or math.isnan(p) or p < ALPHA
        if record.hard is None:
            record.hard = p is None or math.isnan(p) or p < threshold
        record.status = "fail" if record.hard else ("flagged" if record.flagged else "pass")
    flagged = [r for r in judged if r.flagged]
    hard = [r for r in judged if r.hard]
    allowed = allowance(len(judged))
    over = len(flagged) > allowed
    overall = "fail" if hard or over else "pass"
    non_conformities = [
        f"{r.id}: {r.name} (P = {_p(r.pvalue)}) hard failure (P < {threshold:.3g})" for r in hard
    ]
    observations: list[str] = []
    soft = [r for r in flagged if not r.hard]
    if over:
        non_conformities += [
            f"{r.id}: {r.name} (P = {_p(r.pvalue)}) flagged; {len(flagged)} flags exceed the "
            f"allowance of {allowed} for {len(judged)} tests"
            for r in soft
        ]
    else:
        observations = [
            f"{r.id}: {r.name} (P = {_p(r.pvalue)}) flagged at alpha = {ALPHA}, within the "
            f"allowance of {allowed} flags for {len(judged)} tests"
            for r in soft
        ]
    groups: dict[str, dict[str, int]] = {}
    for record in records:
        counts = groups.setdefault(record.group, {"pass": 0, "flagged": 0, "fail": 0, "not run": 0})
        counts[record.status] += 1
    return Verdict(
        overall=overall,
        tests_judged=len(judged),
        tests_not_run=len(records) - len(judged),
        flagged=len(flagged),
        allowance=allowed,
        hard_threshold=threshold,
        hard_failures=tuple(r.id for r in hard),
        observations=tuple(observations),
        non_conformities=tuple(non_conformities),
        by_group=groups,
    )


def _p(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3g}"
