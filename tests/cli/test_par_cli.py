"""``alea par``: the PAR sheet command."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from cli.main import main
from games.slots import model_path

FRACTION = re.compile(r"^-?\d+/\d+$")


def _fractions(value: object, path: str = "$") -> list[str]:
    """Every string that looks like a number must be a "n/d" fraction; collect them."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _fractions(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _fractions(item, f"{path}[{i}]")
    elif isinstance(value, str) and FRACTION.match(value):
        found.append(value)
    return found


def test_json_sheet(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["par", "slots-classic-7s", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("rtp", "base_rtp", "hit_frequency", "variance", "declared_rtp"):
        assert FRACTION.match(data[key]), key
    assert Fraction(data["rtp"]) == Fraction(data["declared_rtp"])
    assert data["declared_rtp_matches"] is True
    assert 0.88 <= data["rtp_decimal"] <= 0.97
    assert data["cycle"] == 64**3
    assert sum(n for _, n in data["award_distribution"]) == data["cycle"]
    assert all(FRACTION.match(row["rtp"]) for row in data["contributions"])
    assert sum(Fraction(row["rtp"]) for row in data["contributions"]) == Fraction(data["rtp"])
    assert data["volatility_index_90"] == pytest.approx(1.645 * data["sd"])
    assert data["feature"] is None
    assert len(_fractions(data)) > 5


def test_json_sheet_of_a_model_file_with_free_spins(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    small = {
        "id": "slots-cli-test",
        "name": "CLI test",
        "version": 1,
        "rows": 1,
        "bet": {"min_per_line": 1, "max_per_line": 10},
        "symbols": {"S": {"kind": "scatter"}, "A": {}, "B": {}},
        "paylines": [[0, 0]],
        "line_pays": {"A": {"2": 3}},
        "scatter": {"symbol": "S", "pays": {"2": 1}},
        "reels": [["S", "A", "B"], ["A", "S", "B", "B"]],
        "free_spins": {"trigger": {"2": 3}, "retrigger": {"2": 1}, "multiplier": 2},
    }
    path = tmp_path / "small.json"
    path.write_text(json.dumps(small))
    assert main(["par", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    feature = data["feature"]
    assert feature is not None and FRACTION.match(feature["rtp"])
    assert Fraction(data["rtp"]) == Fraction(data["base_rtp"]) + Fraction(feature["rtp"])
    assert data["declared_rtp"] is None


def test_text_sheet(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["par", str(model_path("slots-classic-5line"))]) == 0
    out = capsys.readouterr().out
    assert "RTP" in out and "hit frequency" in out and "volatility index" in out
    assert "declared RTP     matches" in out


def test_unknown_model_is_one_line_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["par", "slots-nope"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown slot model 'slots-nope'" in err
    assert main(["par", "missing.toml"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_bad_model_file_is_one_line_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"id": "slots-x"}')
    assert main(["par", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.json: name: is missing" in err
