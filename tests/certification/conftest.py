"""Campaigns shared by several certification tests (each runs once per session)."""

from __future__ import annotations

import pytest

from certification import CampaignConfig, parse_target, run_campaign
from certification.campaign import CampaignResult

SEED = bytes(range(32))
NIST_SMALL = {"sequences": 10, "bits": 20_000, "values": 20_000}


@pytest.fixture(scope="session")
def drbg_small() -> CampaignResult:
    """10 SP 800-22 sequences of 20,000 bits from the production DRBG, samples exported."""
    config = CampaignConfig(
        parse_target("drbg"), SEED, sizes=NIST_SMALL, strict=False, export_samples=True
    )
    return run_campaign(config)


@pytest.fixture(scope="session")
def roulette_small() -> CampaignResult:
    return run_campaign(
        CampaignConfig(parse_target("game:roulette"), SEED, sizes={"rounds": 20_000})
    )
