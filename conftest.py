"""Test-wide set-up that must run before anything imports TensorFlow, and the Markdown examples.

The `>>>` examples in the pages (```python blocks) and in the README run under pytest against
real Keras. Sybil parses MyST, so it finds them inside their code fences, where pytest's own
--doctest-glob would trip. Code cells (```{code-cell}) are executed by the site build instead,
and their outputs are checked by tests/site.
"""

import os
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser

# The same quiet, CPU-only, deterministic environment the site build gives its kernels (conf.py).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE)],
    patterns=["README.md", "docs/*.md"],
).pytest()
