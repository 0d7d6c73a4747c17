"""The `alea` entry point: help, unknown commands, one-line errors, light imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cli.main import main


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "demo" in out and "seed" in out


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2


def test_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert "unknown command 'frobnicate'" in capsys.readouterr().err


def test_errors_are_one_line_without_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cli", "demo", "--rounds", "0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "alea demo: error: --rounds must be in 1..1000, got 0"


def test_demo_verifies_its_own_rounds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--rounds", "3", "--client-seed", "lucky"]) == 0
    out = capsys.readouterr().out
    assert "SHA-256(revealed seed) == commitment: yes" in out
    assert "every round re-derived from the seeds: yes" in out


def test_seed_command_stays_light() -> None:
    code = (
        "import sys; from cli.main import main; main(['seed']);"
        "heavy = [m for m in ('numpy', 'scipy', 'grpc') if m in sys.modules];"
        "print('HEAVY', heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "HEAVY []" in result.stdout
