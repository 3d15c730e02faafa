"""`python -m etl.strategy SEED_PATH OUT_DIR`: see `cli`."""

from .cli import main

raise SystemExit(main())
