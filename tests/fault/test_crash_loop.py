"""Crash loops: SIGKILL a server under load several times in a row, on both stores.

Each cycle starts a server on the same store, first re-sends every request that
was in flight at the previous kill (same idempotency key: it must succeed, and
never play twice), checks the invariants on the store (contiguous nonces, every
acknowledged round with its receipt, per-pair receipt chains, one journal
chain, at most one open multi-step round per pair), then loads it — coin rounds
from six callers on three pairs plus a multi-step ladder pair — and kills it
mid-flight. At the end every pair is rotated and its session file verified.
Longer loops: `make soak` (bench/soak.py --crash-loops).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fault.procs import crash_loop
from tests.fault.sites import StoreSite

pytestmark = pytest.mark.slow

KILLS = 3


def test_sigkill_loops_keep_every_invariant(site: StoreSite, tmp_path: Path) -> None:
    figures = crash_loop(site, tmp_path, KILLS, seed=7)
    assert figures["acknowledged"] >= 3 * 20
