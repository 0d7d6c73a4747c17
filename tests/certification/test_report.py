"""report.json / report.html / report.sig: content, signature, binding, tampering."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from certification import (
    CampaignConfig,
    KeyFileError,
    generate_key_pair,
    load_signing_key,
    load_verify_key,
    parse_target,
    run_campaign,
    verify_report,
    write_report,
)
from certification.campaign import CampaignResult

SEED = bytes(range(32))
KEY = SigningKey(bytes(range(1, 33)))
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def roulette(roulette_small: CampaignResult) -> CampaignResult:
    return roulette_small


@pytest.fixture(scope="module")
def cards() -> CampaignResult:
    config = CampaignConfig(
        parse_target("game:three-card-poker"),
        SEED,
        sizes={"rounds": 300, "shuffles": 260, "small_shuffles": 700},
    )
    return run_campaign(config)


@pytest.fixture(scope="module")
def drbg(drbg_small: CampaignResult) -> CampaignResult:
    return drbg_small


def write(directory: Path, result: CampaignResult, report_id: str = "r1") -> Path:
    write_report(directory, result, key=KEY, ephemeral_key=False, report_id=report_id, created=WHEN)
    return directory


def test_report_json_is_strict_and_complete(tmp_path: Path, roulette: CampaignResult) -> None:
    folder = write(tmp_path, roulette)
    raw = (folder / "report.json").read_bytes()

    def no_constants(name: str) -> None:
        raise AssertionError(f"{name} in report.json")

    report = json.loads(raw, parse_constant=no_constants)
    assert raw == (json.dumps(report, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode()
    ident = report["identification"]
    assert ident["report_id"] == "r1" and ident["target"] == "game:roulette-european"
    assert ident["created_utc"] == "2026-01-02T03:04:05+00:00"
    assert set(ident["code_sha256"]) == {"rng", "games", "stats_tests", "certification", "all"}
    assert ident["models"][0]["model_sha256"] == roulette.sections["game"]["model_hash"]
    assert report["scope"]["confidence_level"] == 0.99
    assert "allowance" in report["scope"]["verdict_rule"]
    assert report["reproduction"]["campaign_seed"] == SEED.hex()
    assert report["game_math"]["section"]["exact_rtp"] == "36/37"
    assert report["verdict"]["overall"] == "pass"
    assert report["signature"]["public_key"] == bytes(KEY.verify_key).hex()
    for section in ("raw_output", "final_outcomes", "game_math"):
        for test in report[section]["tests"]:
            assert test["verdict"] in ("pass", "flagged", "fail", "not run")


def test_html_is_self_contained_and_bound_to_the_json(
    tmp_path: Path, cards: CampaignResult
) -> None:
    folder = write(tmp_path, cards)
    html = (folder / "report.html").read_text()
    digest = hashlib.sha256((folder / "report.json").read_bytes()).hexdigest()
    assert f'<meta name="alea-report-sha256" content="{digest}">' in html
    assert not re.search(r"(src|href)=\"(?!data:)", html), "external resource"
    assert "http://" not in html and "https://" not in html
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) >= 3  # pockets/positions heat map, P-values, RTP, awards ...
    for image in images:
        assert base64.b64decode(image).startswith(b"\x89PNG\r\n\x1a\n")
    assert "Position-by-card heat map" in html
    for heading in (
        "Identification",
        "Scope and standards",
        "RNG description",
        "Raw-output results",
        "Final-outcome results",
        "Game math",
        "Non-conformities",
        "Verdict",
    ):
        assert heading in html


def test_drbg_report_has_nist_charts(tmp_path: Path, drbg: CampaignResult) -> None:
    html = (write(tmp_path, drbg) / "report.html").read_text()
    assert "Histogram of SP 800-22 P-values" in html
    assert "Proportion of passing sequences" in html


def test_signature_verifies_and_tampering_is_detected(
    tmp_path: Path, roulette: CampaignResult
) -> None:
    folder = write(tmp_path / "a", roulette)
    public = KEY.verify_key
    assert verify_report(folder, public) == []

    original = (folder / "report.json").read_bytes()
    (folder / "report.json").write_bytes(
        original.replace(b'"overall": "pass"', b'"overall": "fail"')
    )
    problems = verify_report(folder, public)
    assert any("not a valid signature" in p for p in problems)
    assert any("another report.json" in p for p in problems)
    (folder / "report.json").write_bytes(original)

    other = SigningKey(bytes(32)).verify_key
    assert any("not a valid signature" in p for p in verify_report(folder, other))

    html = (folder / "report.html").read_text()
    (folder / "report.html").write_text(html.replace('data-verdict="pass"', 'data-verdict="fail"'))
    assert any("verdict" in p for p in verify_report(folder, public))
    (folder / "report.html").write_text(html)

    second = write(tmp_path / "b", roulette, report_id="r2")
    (folder / "report.html").write_bytes((second / "report.html").read_bytes())
    assert any("another report.json" in p for p in verify_report(folder, public))


def test_key_pair_files(tmp_path: Path) -> None:
    private, public = generate_key_pair(tmp_path)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    key = load_signing_key(private)
    assert bytes(load_verify_key(public)) == bytes(key.verify_key)
    assert bytes(load_verify_key(public.read_text().strip())) == bytes(key.verify_key)
    with pytest.raises(KeyFileError, match="refusing to overwrite"):
        generate_key_pair(tmp_path)
    bad = tmp_path / "bad.key"
    bad.write_text("zz\n")
    with pytest.raises(KeyFileError, match="not a hex"):
        load_signing_key(bad)


def test_no_temporary_files_remain(tmp_path: Path, roulette: CampaignResult) -> None:
    folder = write(tmp_path, roulette)
    assert sorted(p.name for p in folder.iterdir()) == ["report.html", "report.json", "report.sig"]
