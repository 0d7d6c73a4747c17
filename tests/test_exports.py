"""Every top-level package declares its public API, and every name in it exists."""

from __future__ import annotations

import importlib

import pytest

PACKAGES = [
    "rng",
    "games",
    "games.cards",
    "games.roulette",
    "stats_tests",
    "stats_tests.nist",
    "stats_tests.outcomes",
    "server",
    "certification",
    "cli",
]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_lists_existing_names(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert len(exported) == len(set(exported)), "duplicate names in __all__"
    missing = [item for item in exported if not hasattr(module, item)]
    assert not missing
    assert module.__doc__, f"{name} needs a docstring saying what it owns"


def test_rng_exports_the_public_api_named_by_the_spec() -> None:
    import rng

    for item in [
        "HmacDrbg",
        "os_seeded_drbg",
        "OutcomeStream",
        "uniform_int",
        "shuffle",
        "weighted_index",
        "sample_without_replacement",
        "commitment_of",
        "verify_commitment",
        "SeedPair",
        "ServerSeed",
    ]:
        assert item in rng.__all__
