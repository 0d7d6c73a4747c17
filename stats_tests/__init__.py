# stats_tests — statistical tests as pure functions over numpy arrays: NIST SP
# 800-22 rev1a, tests on integer outcomes, shuffle tests and second-level
# analysis. Knows nothing of games or servers. Imports: numpy, scipy.
"""Statistical tests for random numbers."""

__all__: list[str] = []
