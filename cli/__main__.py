"""``python -m cli``: the same as the ``alea`` command."""

import sys

from cli.main import main

sys.exit(main())
