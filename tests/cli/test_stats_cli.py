"""``alea stats nist``: the finalAnalysisReport-style table, JSON, progress, errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cli.main import main

LENGTH = 20_000


@pytest.fixture(scope="module")
def bits_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stats") / "bits.bin"
    path.write_bytes(np.random.default_rng(11).bytes(LENGTH // 8 * 12))
    return path


def test_table(bits_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["stats", "nist", str(bits_file), "--length", str(LENGTH)])
    out, err = capsys.readouterr()
    assert code == 0
    lines = out.splitlines()
    assert "RESULTS FOR THE UNIFORMITY OF P-VALUES AND THE PROPORTION OF PASSING SEQUENCES" in lines
    assert " C1  C2  C3  C4  C5  C6  C7  C8  C9 C10  P-VALUE  PROPORTION  STATISTICAL TEST" in lines
    assert f"12 sequences of {LENGTH} bits" in out
    frequency = next(line for line in lines if line.endswith(" Frequency"))
    counts = [int(x) for x in frequency.split()[:10]]
    assert sum(counts) == 12
    assert "/12 " in frequency
    assert sum(1 for line in lines if "NonOverlappingTemplate" in line) == 148
    # tests whose SP 800-22 input-size rule fails are listed, not run
    assert "Not run: Universal" in out and "use --no-strict" in out
    assert "Verdict:" in out
    # not a terminal: line-based progress on stderr, ending at 100 %
    assert err.strip().splitlines()[-1].startswith("alea stats nist: 100%")


def test_json(bits_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["stats", "nist", str(bits_file), "--length", str(LENGTH), "--streams", "10",
         "--json", "--mode", "exact", "--no-strict"]
    )  # fmt: skip
    out, _ = capsys.readouterr()
    assert code == 0
    report = json.loads(out)
    assert report["mode"] == "exact" and report["sequences"] == 10
    assert report["length"] == LENGTH and report["strict"] is False
    assert len(report["deviations_from_appendix_b"]) >= 3
    tests = {t["key"]: t for t in report["tests"]}
    assert len(tests) == 15
    frequency = tests["frequency"]["rows"][0]
    assert sum(frequency["histogram"]) == frequency["sample_size"] == 10
    assert frequency["uniformity_pvalue"] is not None
    assert len(tests["frequency"]["pvalues"]) == 10
    assert len(tests["non_overlapping_template"]["rows"]) == 148
    assert [r["variant"] for r in tests["serial"]["rows"]] == ["p1", "p2"]
    assert "skipped" in tests["universal"]  # no default L below 387,840 bits


def test_ascii_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bits = np.random.default_rng(5).integers(0, 2, 3 * 2_000)
    path = tmp_path / "bits.txt"
    text = "".join(map(str, bits))
    path.write_text("\n".join(text[i : i + 64] for i in range(0, len(text), 64)) + "\n")
    for extra in ([], ["--format", "ascii"]):
        code = main(
            ["stats", "nist", str(path), "--length", "2000", "--json", "--no-strict", *extra]
        )
        report = json.loads(capsys.readouterr().out)
        assert code == 0 and report["sequences"] == 3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--length", "20000", "--streams", "13"], "not the 13 asked for with --streams"),
        (["--length", "2000000"], "fewer than one sequence of --length 2000000"),
    ],
)
def test_bad_requests(
    bits_file: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["stats", "nist", str(bits_file), *argv])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_missing_and_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "nist", str(tmp_path / "missing.bin")]) == 1
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "No such file" in err and "Traceback" not in err
    bad = tmp_path / "bad.txt"
    bad.write_text("0101\n01x1\n")
    assert main(["stats", "nist", str(bad), "--format", "ascii", "--length", "4"]) == 1
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "byte offset 7" in err and "Traceback" not in err
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    assert main(["stats", "nist", str(empty)]) == 1
    assert "contains no bits" in capsys.readouterr().err


def test_usage_errors(bits_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", "nist", str(bits_file), "--length", "0"])
    assert exit_info.value.code == 2
    assert "--length: 0 is not a positive integer" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["stats"])  # a battery must be named
    assert "BATTERY" in capsys.readouterr().err


class _Terminal:
    """A stderr stand-in that says it is a terminal."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_on_a_terminal_redraws_one_line() -> None:
    from cli.stats import _Progress
    from stats_tests.nist.battery import BatteryProgress

    terminal = _Terminal()
    progress = _Progress(terminal, 2)  # type: ignore[arg-type]
    for done in range(1, 5):
        progress(BatteryProgress(done, 4, (done - 1) // 2, "runs"))
    assert terminal.text.count("\r") == 4 and terminal.text.endswith("\n")
    assert "100% 2/2 sequences" in terminal.text and "runs" in terminal.text
