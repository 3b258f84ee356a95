"""A downloaded notebook runs on its own: its first cell says how to install what it imports and
sets the quiet TensorFlow environment the build gives its kernels, before anything imports Keras."""

import re

import pytest

from kernel_environment import TENSORFLOW_ENVIRONMENT  # docs/_ext, on sys.path through conftest.py
from tests.helpers import NOTEBOOK_PAGES, executed_notebook

IMPORTS_TENSORFLOW = re.compile(r"^\s*(?:import|from)\s+(?:keras|tensorflow|tf_keras)\b", re.M)


def code_cells(page):
    return [cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            for cell in executed_notebook(page)["cells"] if cell["cell_type"] == "code"]


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_first_cell_sets_the_builds_environment_before_keras(page):
    cells = code_cells(page)
    if not any(IMPORTS_TENSORFLOW.search(source) for source in cells):
        return  # nothing on this page imports TensorFlow (the CLI and install pages)
    first = cells[0]
    assert "install.html" in first and "pip install" in first, f"{page}: the first cell must say how to install"
    first_import = IMPORTS_TENSORFLOW.search(first)
    before_keras = first[: first_import.start()] if first_import else first
    for name, value in TENSORFLOW_ENVIRONMENT.items():
        assert f'os.environ.setdefault("{name}", "{value}")' in before_keras, f"{page}: {name} not set first"
