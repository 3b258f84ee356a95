"""Entry point for ``python -m lstm_explained``."""

import sys

from .cli import main

sys.exit(main())
