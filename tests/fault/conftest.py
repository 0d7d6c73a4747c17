"""Fixtures of the fault and abuse tests: a store site of each kind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fault.sites import STORE_KINDS, StoreSite


@pytest.fixture(params=STORE_KINDS)
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreSite]:
    """A fresh store location of each kind (PostgreSQL: skipped with the reason if absent)."""
    store_site = StoreSite(request.param, tmp_path)
    yield store_site
    store_site.cleanup()
