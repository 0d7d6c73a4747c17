# certification — campaigns that sample the RNG and the games, run the
# statistical batteries, compare simulated with exact math, and write signed
# reports. Imports: rng, games, stats_tests.
"""Certification campaigns and lab-style reports."""

__all__: list[str] = []
