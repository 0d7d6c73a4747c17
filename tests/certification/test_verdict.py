"""The campaign verdict rule: flags within a binomial allowance pass, hard failures never do."""

from __future__ import annotations

from scipy import stats

from certification.verdict import (
    ALPHA,
    FAMILY_ALPHA,
    HARD_THRESHOLD,
    TestRecord,
    allowance,
    hard_threshold,
    judge,
    not_run,
)


def records(pvalues: list[float]) -> list[TestRecord]:
    return [
        TestRecord(id=f"t{i}", group="g", name=f"test {i}", pvalue=p) for i, p in enumerate(pvalues)
    ]


def test_allowance_is_the_binomial_bound() -> None:
    for tests in (1, 10, 100, 200, 1000):
        c = allowance(tests)
        assert stats.binom.sf(c, tests, ALPHA) <= FAMILY_ALPHA
        if c > 0:
            assert stats.binom.sf(c - 1, tests, ALPHA) > FAMILY_ALPHA
    assert allowance(0) == 0
    assert allowance(200) == 8  # Binomial(200, 0.01): P(X > 8) = 0.00021, P(X > 7) = 0.00101


def test_all_pass() -> None:
    verdict = judge(records([0.5] * 50))
    assert verdict.overall == "pass"
    assert verdict.flagged == 0 and not verdict.non_conformities


def test_a_flag_within_the_allowance_passes_with_an_observation() -> None:
    tests = records([0.5] * 99 + [0.005])
    verdict = judge(tests)
    assert verdict.overall == "pass"
    assert tests[-1].status == "flagged"
    assert len(verdict.observations) == 1 and not verdict.non_conformities


def test_a_hard_failure_fails_alone() -> None:
    tests = records([0.5] * 99 + [hard_threshold(100) / 2])
    verdict = judge(tests)
    assert verdict.overall == "fail"
    assert verdict.hard_failures == ("t99",)
    assert tests[-1].status == "fail"


def test_the_hard_threshold_is_bonferroni_below_sp800_22s() -> None:
    assert hard_threshold(5) == HARD_THRESHOLD
    assert hard_threshold(200) == FAMILY_ALPHA / 200
    # In a 200-test campaign, P = 4e-5 (below SP 800-22's 0.0001) is a flag, not a failure.
    tests = records([0.5] * 199 + [4e-5])
    verdict = judge(tests)
    assert verdict.overall == "pass" and tests[-1].status == "flagged"


def test_too_many_flags_fail() -> None:
    allowed = allowance(100)
    verdict = judge(records([0.5] * (99 - allowed) + [0.005] * (allowed + 1)))
    assert verdict.overall == "fail"
    assert not verdict.hard_failures
    assert len(verdict.non_conformities) == allowed + 1


def test_tests_not_run_are_not_judged() -> None:
    tests = [*records([0.5, 0.6]), not_run("x", "g", "too small", "needs more data")]
    verdict = judge(tests)
    assert verdict.tests_judged == 2 and verdict.tests_not_run == 1
    assert tests[-1].status == "not run"
    assert verdict.by_group["g"] == {"pass": 2, "flagged": 0, "fail": 0, "not run": 1}


def test_explicit_flags_override_the_pvalue() -> None:
    row = TestRecord(id="nist.x", group="g", name="row", pvalue=0.5, flagged=True, hard=False)
    verdict = judge([row])
    assert row.status == "flagged" and verdict.flagged == 1
