"""Runs the `>>>` examples written in the pages (```python blocks) under pytest, against real Keras.

Sybil parses MyST, so the examples are found inside their code fences; pytest's own
--doctest-glob would trip on the fences. Code cells (```{code-cell}) are executed by the site
build instead, and their outputs are checked by tests/site.
"""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE)],
    patterns=["*.md"],
).pytest()
