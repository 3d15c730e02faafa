"""`python -m ikoe_data.importer …`: see `cli`."""

import sys

from .cli import main

sys.exit(main())
