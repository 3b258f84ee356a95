"""Test-wide set-up that must run before anything imports TensorFlow, and the Markdown examples.

The `>>>` examples in the pages (```python blocks) and in the README run under pytest against
real Keras. Sybil parses MyST, so it finds them inside their code fences, where pytest's own
--doctest-glob would trip. Code cells (```{code-cell}) are executed by the site build instead,
and their outputs are checked by tests/site.
"""

import sys
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from pathlib import Path

from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser

sys.path.insert(0, str(Path(__file__).resolve().parent / "docs" / "_ext"))
from kernel_environment import apply_kernel_environment  # noqa: E402

# The same quiet, CPU-only, deterministic environment the site build gives its kernels.
apply_kernel_environment()

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE)],
    patterns=["README.md", "docs/*.md"],
).pytest()
