"""`python -m geo ...`: the command line (see geo/cli.py)."""

import sys

from geo.cli import main

sys.exit(main())
