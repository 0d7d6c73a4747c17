"""A server process for the crash and shutdown tests: `alea serve` with the fake games.

Configured entirely by ALEA_* variables (store, keys, port file), like production.
"""

from __future__ import annotations

import asyncio
import os

from server.app import serve
from server.config import load_config
from server.logs import configure_logging
from tests.server.fakes import FakeCoin, FakeLadder

if __name__ == "__main__":
    config = load_config(None, os.environ)
    configure_logging(config.log_level)
    asyncio.run(serve(config, games=[FakeCoin(), FakeLadder()]))
