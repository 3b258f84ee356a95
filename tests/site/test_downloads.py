"""A downloaded notebook runs on its own: its first cell says how to install what it imports and
sets the quiet TensorFlow environment the build gives its kernels, before anything imports Keras.

That cell is written once (docs/_ext/page_setup.py) and added to every page that imports
TensorFlow as the build reads it; tests/test_page_setup.py checks the pages do not paste it.
"""

import pytest

from kernel_environment import TENSORFLOW_ENVIRONMENT  # docs/_ext, on sys.path through conftest.py
from page_setup import IMPORTS_TENSORFLOW
from tests.helpers import DOCS, NOTEBOOK_PAGES, environment_after, executed_notebook

TENSORFLOW_PAGES = [page for page in NOTEBOOK_PAGES if IMPORTS_TENSORFLOW.search((DOCS / f"{page}.md").read_text(encoding="utf-8"))]
OTHER_PAGES = [page for page in NOTEBOOK_PAGES if page not in TENSORFLOW_PAGES]


def code_cells(page):
    return [cell for cell in executed_notebook(page)["cells"] if cell["cell_type"] == "code"]


def source(cell):
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def test_the_pages_are_split_as_expected():
    # Guards the two tests below against a detection that finds nothing (or everything).
    assert {"question", "counting", "weights"} <= set(TENSORFLOW_PAGES)
    assert {"cli", "install"} <= set(OTHER_PAGES)


@pytest.mark.parametrize("page", TENSORFLOW_PAGES)
def test_first_cell_sets_the_builds_environment_before_keras(page):
    cells = code_cells(page)
    first = source(cells[0])
    assert "install.html" in first and "pip install" in first, f"{page}: the first cell must say how to install"
    assert not IMPORTS_TENSORFLOW.search(first), f"{page}: the set-up cell imports TensorFlow itself"
    assert environment_after(first) == TENSORFLOW_ENVIRONMENT, f"{page}: the first cell does not set the environment"
    assert "remove-cell" in cells[0]["metadata"].get("tags", []), f"{page}: readers would see the set-up cell"
    assert cells[0].get("outputs") == [], f"{page}: the set-up cell printed something"
    assert any(IMPORTS_TENSORFLOW.search(source(cell)) for cell in cells[1:])


@pytest.mark.parametrize("page", OTHER_PAGES)
def test_pages_without_tensorflow_get_no_set_up_cell(page):
    assert all("quiet_tensorflow" not in source(cell) for cell in code_cells(page))
