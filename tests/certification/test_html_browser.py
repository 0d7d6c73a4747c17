"""report.html opens in a headless Chromium without console errors or network requests.

Skips when no Chromium is installed (CI installs the distribution's package in .ci/run).
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from certification import CampaignConfig, parse_target, run_campaign, write_report

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
BROWSER = next((path for name in BROWSERS if (path := shutil.which(name))), None)

pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium on this machine (apt-get install -y chromium); HTML browser check skipped",
)


def test_report_html_opens_in_headless_chromium(tmp_path: Path) -> None:
    assert BROWSER is not None
    config = CampaignConfig(
        parse_target("game:three-card-poker"),
        bytes(32),
        sizes={"rounds": 200, "shuffles": 260, "small_shuffles": 700},
    )
    result = run_campaign(config)
    write_report(
        tmp_path,
        result,
        key=SigningKey(bytes(32)),
        ephemeral_key=True,
        report_id="browser-check",
        created=datetime(2026, 1, 1, tzinfo=UTC),
    )
    page = (tmp_path / "report.html").as_uri()
    completed = subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            # Any attempt to reach the network fails to resolve (and would be logged).
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    dom = completed.stdout
    assert "browser-check" in dom and 'data-verdict="pass"' in dom
    console = [line for line in completed.stderr.splitlines() if "CONSOLE" in line]
    assert not console, console
    for marker in ("ERR_NAME_NOT_RESOLVED", "Failed to load resource", "Uncaught"):
        assert marker not in completed.stderr
