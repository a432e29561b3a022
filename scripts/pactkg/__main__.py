"""`python -m pactkg …` is the same as the `pactkg` command."""

import sys

from pactkg.cli import main

sys.exit(main())
