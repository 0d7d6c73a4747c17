# certification — campaigns that sample the RNG and the games, run the
# statistical batteries, compare simulated with exact math, and write signed
# reports. Imports: rng, games, stats_tests.
#
# Modules: sources (the campaign seed, the production byte sources and the
# injectable hooks), parallel (spawn-safe chunks over processes), game_targets
# (how each game is played and its exact references), batteries (tests ->
# records), verdict (the multiple-testing rule), campaign (targets, sizes,
# run_campaign), report (report.json, writing and verifying), html and plots
# (report.html), signing (the lab's Ed25519 key).
"""Certification campaigns and lab-style reports."""

from certification.campaign import (
    BATTERIES,
    DEFAULT_SIZES,
    CampaignConfig,
    CampaignError,
    CampaignResult,
    Target,
    default_batteries,
    default_sizes,
    parse_target,
    run_campaign,
)
from certification.report import (
    REPORT_FORMAT,
    ReportFiles,
    build_report,
    verify_report,
    write_report,
)
from certification.signing import (
    KeyFileError,
    generate_key_pair,
    load_signing_key,
    load_verify_key,
)
from certification.sources import PRODUCTION, Hooks
from certification.verdict import ALPHA, FAMILY_ALPHA, HARD_THRESHOLD, TestRecord, Verdict, judge

__all__ = [
    "ALPHA",
    "BATTERIES",
    "DEFAULT_SIZES",
    "FAMILY_ALPHA",
    "HARD_THRESHOLD",
    "PRODUCTION",
    "REPORT_FORMAT",
    "CampaignConfig",
    "CampaignError",
    "CampaignResult",
    "Hooks",
    "KeyFileError",
    "ReportFiles",
    "Target",
    "TestRecord",
    "Verdict",
    "build_report",
    "default_batteries",
    "default_sizes",
    "generate_key_pair",
    "judge",
    "load_signing_key",
    "load_verify_key",
    "parse_target",
    "run_campaign",
    "verify_report",
    "write_report",
]
