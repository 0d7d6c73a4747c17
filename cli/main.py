"""The ``alea`` command: one entry point, one module per subcommand.

Each subcommand lives in ``cli/<name>.py`` with ``configure(parser)`` and
``run(args) -> int``. Only the chosen subcommand's module is imported, so
``alea verify`` never loads grpc, numpy or scipy. Errors Alea raises on purpose
(and bad files or values) become one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

#: subcommand -> (module, one-line summary). Add a line when a subcommand arrives.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("cli.demo", "commit, play a few draws, reveal and verify, end to end"),
    "seed": ("cli.seed", "print a fresh client seed made on this machine"),
    "stats": ("cli.stats", "run statistical test batteries (NIST SP 800-22, outcomes) on a file"),
    "par": ("cli.par", "print a slot model's exact PAR sheet (full-cycle enumeration)"),
    "math": ("cli.math", "print a game's exact return for every bet"),
    "serve": ("cli.serve", "run the gRPC game server (TOML config, ALEA_* overrides)"),
    "keys": ("cli.keys", "generate the server's signing and seal keys, and API keys"),
    "certify": ("cli.certify", "run a certification campaign and write a signed lab report"),
    "verify": ("cli.verify", "check rounds offline: commitments, receipts, whole sessions"),
}

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _top_level_help() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = ["usage: alea COMMAND [options]", "", "commands:"]
    lines += [f"  {name:<{width}}  {summary}" for name, (_, summary) in sorted(COMMANDS.items())]
    lines += ["", "Run 'alea COMMAND --help' for a command's options."]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`alea ... | head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: Sequence[str] | None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(_top_level_help())
        return 0 if args else EXIT_USAGE
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(
            f"alea: unknown command {name!r}; choose from {', '.join(sorted(COMMANDS))}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    module_name, summary = COMMANDS[name]
    module = importlib.import_module(module_name)
    parser = argparse.ArgumentParser(prog=f"alea {name}", description=summary)
    module.configure(parser)
    options = parser.parse_args(rest)
    try:
        return int(module.run(options))
    except KeyboardInterrupt:
        print(f"alea {name}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (ValueError, OSError, LookupError) as exc:
        # AleaError subclasses also derive from these builtins.
        if os.environ.get("ALEA_DEBUG"):
            raise
        print(f"alea {name}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
