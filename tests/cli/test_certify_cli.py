"""``alea certify``: campaign, keys, verify-report, one-line errors and Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli.main import main

SEED = "00" * 31 + "07"


def test_keys_campaign_and_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["certify", "keys", "--out", str(tmp_path / "keys")]) == 0
    out = tmp_path / "report"
    code = main(
        [
            "certify",
            "game:roulette",
            "--seed",
            SEED,
            "--size",
            "rounds=3000",
            "--out",
            str(out),
            "--jobs",
            "1",
            "--key",
            str(tmp_path / "keys" / "lab.key"),
            "--export-samples",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "PASS" in captured.out and SEED in captured.err
    report = json.loads((out / "report.json").read_text())
    assert report["reproduction"]["campaign_seed"] == SEED
    assert "--seed " + SEED in report["reproduction"]["command"]
    assert report["signature"]["ephemeral_key"] is False
    assert "samples/outcomes.csv" in report["samples"]
    pub = str(tmp_path / "keys" / "lab.pub")
    assert main(["certify", "verify-report", str(out), "--key", pub]) == 0
    (out / "report.json").write_text((out / "report.json").read_text().replace("36/37", "37/37"))
    assert main(["certify", "verify-report", str(out), "--key", pub]) == 1
    assert "NOT VERIFIED" in capsys.readouterr().out


def test_without_a_key_an_ephemeral_key_is_used_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "certify",
            "game:roulette",
            "--size",
            "rounds=2000",
            "--out",
            str(tmp_path),
            "--jobs",
            "1",
            "--quiet",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert "ephemeral" in captured.err
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["signature"]["ephemeral_key"] is True
    assert len(report["reproduction"]["campaign_seed"]) == 64  # fresh, recorded
    public = report["signature"]["public_key"]
    assert public in captured.out
    assert main(["certify", "verify-report", str(tmp_path), "--key", public]) == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["certify", "dice", "--out", "x"], "not one of"),
        (["certify", "game:roulette", "--out", "x", "--seed", "abc"], "not hex"),
        (["certify", "game:roulette", "--out", "x", "--seed", "00"], "64 hex digits"),
        (["certify", "game:roulette"], "needs --out"),
        (["certify", "verify-report", "somewhere"], "needs DIR and --key"),
        (["certify", "game:roulette", "--out", "x", "--size", "bits=5"], "does not apply"),
    ],
)
def test_errors_are_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1, err


def test_interrupt_writes_no_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import certification.campaign

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(certification.campaign, "run_campaign", interrupted)
    code = main(["certify", "game:roulette", "--out", str(tmp_path / "r"), "--quiet"])
    assert code == 130
    assert "interrupted; no report written" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_on_a_running_parallel_campaign(tmp_path: Path) -> None:
    out = tmp_path / "r"
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "certify", "drbg", "--jobs", "2", "--out", str(out)],
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 60
    for line in process.stderr:
        if "NIST SP 800-22 sequences" in line or time.monotonic() > deadline:
            break
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted; no report written" in err
    assert "Traceback" not in err
    assert not (out / "report.json").exists()
