# cli — the `alea` command. One module per subcommand (configure + run), imported
# only when that subcommand runs so that `alea verify` stays free of the server's
# and the lab's dependencies. May import everything else.
"""The ``alea`` command line."""

from cli.main import COMMANDS, main

__all__ = ["COMMANDS", "main"]
