"""Small campaigns per target kind, through the real pipeline; broken generators are caught."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from certification import CampaignConfig, CampaignError, Hooks, parse_target, run_campaign
from certification.campaign import CampaignResult
from certification.sources import fisher_yates, production_stream
from games.cards.deck import shuffled_shoe, unshuffled_shoe
from tests.certification.biased import modulo_stream, naive_shuffle, stuck_bit_drbg

SEED = bytes(range(32))
NIST_SMALL = {"sequences": 10, "bits": 20_000, "values": 20_000}


def campaign(target: str, hooks: Hooks | None = None, **kwargs: object) -> CampaignResult:
    config = CampaignConfig(parse_target(target), SEED, **kwargs)  # type: ignore[arg-type]
    return run_campaign(config, hooks=hooks or Hooks())


def records_json(result: CampaignResult) -> str:
    return json.dumps([r.to_json() for r in result.records], sort_keys=True)


# ----------------------------------------------------------------- raw output


def test_drbg_campaign_passes_and_runs_every_nist_test(drbg_small: CampaignResult) -> None:
    result = drbg_small
    assert result.verdict.overall == "pass", result.verdict.non_conformities
    ids = {r.id for r in result.records if r.ran}
    assert "nist.frequency" in ids and "nist.linear_complexity" in ids
    assert any(i.startswith("nist.non_overlapping_template[") for i in ids)
    assert "bytes.chi_square" in ids
    assert result.sections["raw"]["nist"]["sequences"] == 10
    assert result.production_hooks


def test_a_stuck_bit_in_the_drbg_output_fails() -> None:
    result = campaign("drbg", Hooks(drbg=stuck_bit_drbg), sizes=NIST_SMALL, strict=False)
    assert result.verdict.overall == "fail"
    assert "nist.frequency" in result.verdict.hard_failures
    assert not result.production_hooks


def test_stream_campaign_passes() -> None:
    result = campaign(
        "stream", sizes={"sequences": 10, "bits": 20_000, "values": 25_000}, strict=False
    )
    assert result.verdict.overall == "pass", result.verdict.non_conformities
    assert result.sections["raw"]["bytes_tested"] == 25_000


def test_file_campaign_reads_binary_and_ascii(tmp_path: Path, drbg_small: CampaignResult) -> None:
    produced = drbg_small
    data = produced.samples["drbg.bin"]
    binary = tmp_path / "bits.bin"
    binary.write_bytes(data)
    ascii_file = tmp_path / "bits.txt"
    ascii_file.write_text("".join(f"{b:08b}" for b in data) + "\n")
    from_binary = campaign(f"file:{binary}", sizes=NIST_SMALL, strict=False)
    from_ascii = campaign(f"file:{ascii_file}", sizes=NIST_SMALL, strict=False)
    assert from_binary.verdict.overall == "pass"
    # The same bits give the same statistics, whatever the file format.
    assert records_json(from_binary) == records_json(from_ascii)
    nist_ids = [r for r in produced.records if r.id.startswith("nist.")]
    assert [r.pvalue for r in nist_ids] == [
        r.pvalue for r in from_binary.records if r.id.startswith("nist.")
    ]


def test_a_biased_file_fails(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    biased = (rng.integers(0, 256, 25_000) % 37).astype(np.uint8).tobytes()  # x % 37 on bytes
    path = tmp_path / "biased.bin"
    path.write_bytes(biased)
    result = campaign(f"file:{path}", sizes=NIST_SMALL, strict=False)
    assert result.verdict.overall == "fail"
    assert "bytes.chi_square" in result.verdict.hard_failures


def test_a_short_file_uses_the_sequences_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "short.bin"
    path.write_bytes(bytes(range(256)) * 20)  # 40,960 bits: 2 sequences of 20,000
    result = campaign(
        f"file:{path}", batteries=("nist",), sizes={"sequences": 10, "bits": 20_000}, strict=False
    )
    assert result.sections["raw"]["nist"]["sequences"] == 2
    assert "note" in result.sections["raw"]["file"]


# ---------------------------------------------------------------------- games


def test_roulette_campaign_passes_with_exact_math(roulette_small: CampaignResult) -> None:
    result = roulette_small
    assert result.config.target.name == "roulette-european"
    assert result.verdict.overall == "pass", result.verdict.non_conformities
    ids = {r.id for r in result.records if r.ran}
    assert {"game.pocket.chi_square", "math.rtp", "math.hit_rate", "math.awards"} <= ids
    game = result.sections["game"]
    assert game["exact_rtp"] == "36/37"
    assert game["exact_hit_rate"] == "24/37"  # straight 17 + red + dozen 2 cover 24 pockets


def test_roulette_with_x_mod_37_on_bytes_fails() -> None:
    result = campaign(
        "game:roulette",
        Hooks(stream=modulo_stream),
        batteries=("outcomes",),
        sizes={"rounds": 50_000},
    )
    assert result.verdict.overall == "fail"
    assert "game.pocket.chi_square" in result.verdict.hard_failures


def test_slot_campaign_with_weighted_reels_and_par_sheet() -> None:
    result = campaign("game:slots-classic-7s", sizes={"rounds": 10_000})
    assert result.verdict.overall == "pass", result.verdict.non_conformities
    ids = {r.id for r in result.records if r.ran}
    assert {"game.reel0.chi_square", "math.rtp", "math.hit_rate", "math.awards"} <= ids


def test_card_campaign_shuffles_and_game_results() -> None:
    result = campaign(
        "game:three-card-poker", sizes={"rounds": 400, "shuffles": 300, "small_shuffles": 700}
    )
    assert result.verdict.overall == "pass", result.verdict.non_conformities
    ids = {r.id for r in result.records if r.ran}
    assert {
        "shuffle.shoe.positions",
        "shuffle.small4.permutations",
        "shuffle.small5.permutations",
        "game.player_category",
        "math.rtp",
    } <= ids
    assert len(result.sections["game"]["positions_table"]) == 52


def test_a_naive_shuffle_fails() -> None:
    result = campaign(
        "game:three-card-poker",
        Hooks(shuffle=naive_shuffle),
        batteries=("shuffles",),
        sizes={"rounds": 2, "shuffles": 600, "small_shuffles": 700},
    )
    assert result.verdict.overall == "fail"
    assert "shuffle.shoe.positions" in result.verdict.hard_failures


def test_the_shoe_tested_is_the_shoe_the_round_plays() -> None:
    for decks in (1, 8):
        stream_a = production_stream(SEED, "certify-0", 3)
        stream_b = production_stream(SEED, "certify-0", 3)
        order = fisher_yates(stream_a, 52 * decks)
        shoe = unshuffled_shoe(decks)
        assert [shoe[i] for i in order] == shuffled_shoe(stream_b, decks)


# -------------------------------------------------------------- reproducibility


def test_the_same_seed_gives_the_same_results_whatever_the_jobs() -> None:
    sizes = {"sequences": 4, "bits": 20_000, "values": 10_000}
    one = campaign("stream", sizes=sizes, strict=False, jobs=1)
    two = campaign("stream", sizes=sizes, strict=False, jobs=2)
    assert records_json(one) == records_json(two)
    other = run_campaign(
        CampaignConfig(parse_target("stream"), bytes(32), sizes=sizes, strict=False)
    )
    assert records_json(other) != records_json(one)


def test_exported_samples_are_the_bytes_tested() -> None:
    result = campaign("game:roulette", sizes={"rounds": 2_000}, export_samples=True)
    lines = result.samples["outcomes.csv"].decode().splitlines()
    assert lines[0] == "pocket" and len(lines) == 2_001
    counts = np.bincount([int(x) for x in lines[1:]], minlength=37)
    assert counts.tolist() == result.sections["game"]["pocket_counts"]


@pytest.mark.parametrize(
    ("target", "kwargs", "message"),
    [
        ("dice", {}, "not one of"),
        ("game:nope", {}, "unknown game"),
        ("drbg", {"batteries": ("shuffles",)}, "does not apply"),
        ("drbg", {"batteries": ("magic",)}, "unknown battery"),
        ("drbg", {"sizes": {"rounds": 5}}, "does not apply"),
        ("game:roulette", {"sizes": {"rounds": 0}}, "must be positive"),
    ],
)
def test_bad_campaigns_are_refused(target: str, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises((ValueError, LookupError), match=message):
        campaign(target, **kwargs)


def test_a_missing_file_is_refused() -> None:
    with pytest.raises(CampaignError, match="no such file"):
        campaign("file:/nonexistent/bits.bin")
