"""``alea serve``: run the gRPC game server.

Configuration: ``--config FILE`` (TOML; or $ALEA_CONFIG), then ALEA_* variables
on top, then ``--listen``. With no configuration at all it listens on
127.0.0.1:50051, keeps its store under ./var/ and generates development keys
there on the first start (printing the development API key once). Stops
gracefully on SIGTERM or Ctrl-C. See docs/api.md.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from pathlib import Path

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="TOML configuration file (default: $ALEA_CONFIG, else built-in defaults)",
    )
    parser.add_argument("--listen", default=None, help="HOST:PORT to listen on (overrides)")
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO, WARNING or ERROR")


def run(args: argparse.Namespace) -> int:
    from server.app import run as run_server
    from server.config import load_config, parse_listen
    from server.logs import configure_logging

    path = args.config
    if path is None and os.environ.get("ALEA_CONFIG"):
        path = Path(os.environ["ALEA_CONFIG"])
    config = load_config(path, os.environ)
    if args.listen is not None:
        parse_listen(args.listen)
        config = replace(config, listen=args.listen)
    if args.log_level is not None:
        config = replace(config, log_level=args.log_level.upper())
    configure_logging(config.log_level)
    return run_server(config)
