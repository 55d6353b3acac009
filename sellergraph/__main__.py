"""``python -m sellergraph``: the ``sellergraph`` command."""

import sys

from .cli import main

sys.exit(main())
