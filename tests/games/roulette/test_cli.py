"""``alea math roulette`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main


def test_math_roulette_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["math", "roulette", "--variant", "french", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (variant,) = report["variants"]
    assert variant["game_id"] == "roulette-french"
    by_kind = {bet["kind"]: bet for bet in variant["bets"]}
    assert by_kind["straight"]["expected_value"]["exact"] == "-1/37"
    assert by_kind["red"]["expected_value"]["exact"] == "-1/74"
    assert by_kind["red"]["sd"].startswith("0.9897")
    assert by_kind["red"]["amount_step"] == 2


def test_math_roulette_all_variants_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["math", "roulette", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [v["variant"] for v in report["variants"]] == [
        "european",
        "american",
        "french",
        "french-en-prison",
    ]
    prison = {b["kind"]: b for b in report["variants"][3]["bets"]}
    assert prison["even"]["expected_value"]["exact"] == "-19/1369"


def test_math_roulette_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["math", "roulette", "--variant", "american"]) == 0
    out = capsys.readouterr().out
    assert "roulette-american" in out
    top_line = next(line for line in out.splitlines() if line.startswith("top_line"))
    assert "-3/38" in top_line and "2.3662" in top_line and "6:1" in top_line


def test_math_roulette_config_names_a_variant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "rules.toml"
    config.write_text('variant = "american"\n', encoding="utf-8")
    assert main(["math", "roulette", "--config", str(config), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["variants"][0]["variant"] == "american"
    config.write_text('variant = "american"\nzeros = 3\n', encoding="utf-8")
    assert main(["math", "roulette", "--config", str(config)]) == 1
    assert "unknown key(s) zeros" in capsys.readouterr().err


def test_bad_variant_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["math", "roulette", "--variant", "klingon"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "unknown roulette variant 'klingon'" in lines[0]
    assert "european, american, french, french-en-prison" in lines[0]
