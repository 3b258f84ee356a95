"""Test-wide set-up that must run before anything imports TensorFlow, and the Markdown examples.

The `>>>` examples in the pages (```python blocks) and in the README run under pytest against
real Keras. Sybil parses MyST, so it finds them inside their code fences, where pytest's own
--doctest-glob would trip. Code cells (```{code-cell}) are executed by the site build instead,
and their outputs are checked by tests/site.
"""

import sys
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from pathlib import Path

import pytest
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


def pytest_itemcollected(item):
    """A Markdown file's examples share one namespace (its first example's imports serve the rest),
    so under `pytest -n` (make test) they run in one worker, in order, like a doctest file. (Marked
    as each is collected: pytest-xdist reads the groups before other modifyitems hooks run.)"""
    if Path(str(item.path)).suffix == ".md":
        item.add_marker(pytest.mark.xdist_group(f"examples:{Path(str(item.path)).name}"))


def pytest_collection_modifyitems(items):
    """The slowest tests (marked `slow`: full rebuilds of the site) first, so that under `make test`
    one worker starts them at once while the other works through the rest, instead of ending the
    run with one worker left alone on them."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
