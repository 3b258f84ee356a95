"""The per-page set-up cell comes from one place (docs/_ext/page_setup.py), not from twelve pastes."""

import re

import pytest

from kernel_environment import TENSORFLOW_ENVIRONMENT  # docs/_ext, on sys.path through conftest.py
from page_setup import CODE_CELL, IMPORTS_TENSORFLOW, setup_cell_code, with_setup_cell
from tests.helpers import DOCS, PAGES, environment_after

NOTEBOOK = "---\nfile_format: mystnb\nkernelspec:\n  name: python3\n---\n\n# A page\n\nText.\n\n"


def page_text(page):
    return (DOCS / f"{page}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
def test_no_page_pastes_the_set_up(page):
    assert "os.environ.setdefault(" not in page_text(page), f"{page}.md sets the environment itself"


def test_the_cell_sets_every_variable_of_the_builds_environment():
    code = setup_cell_code()
    assert environment_after(code) == TENSORFLOW_ENVIRONMENT
    # A reader's own setting wins: the cell only fills in what is not set.
    assert environment_after(code, {"KERAS_BACKEND": "jax"})["KERAS_BACKEND"] == "jax"
    assert "pip install tensorflow myst-nb," in code and "matplotlib" not in code
    assert "pip install tensorflow myst-nb matplotlib," in setup_cell_code(needs_matplotlib=True)


def test_the_cell_goes_before_the_first_code_cell_and_is_hidden():
    page = NOTEBOOK + "```{code-cell} ipython3\nimport keras\n```\n\nMore.\n\n```{code-cell} ipython3\nimport matplotlib.pyplot as plt\n```\n"
    result = with_setup_cell(page)
    cells = [match.start() for match in CODE_CELL.finditer(result)]
    assert len(cells) == 3
    first = result[cells[0]:cells[1]]
    assert first == f"```{{code-cell}} ipython3\n:tags: [remove-cell]\n\n{setup_cell_code(needs_matplotlib=True)}\n```\n\n"
    assert result.replace(first, "") == page  # nothing else changes


@pytest.mark.parametrize(
    "text",
    [
        "# A plain MyST page\n\n```{code-cell} ipython3\nimport keras\n```\n",  # not a notebook page
        NOTEBOOK + "```{code-cell} ipython3\nimport numpy\n```\n",  # no TensorFlow
        NOTEBOOK + "No code here; the prose says import keras.\n",  # no code cell
    ],
)
def test_pages_that_need_no_set_up_are_left_alone(text):
    assert with_setup_cell(text) == text


@pytest.mark.parametrize("page", [page for page in PAGES if IMPORTS_TENSORFLOW.search(page_text(page))])
def test_every_tensorflow_page_gets_the_cell_before_keras(page):
    text = with_setup_cell(page_text(page))
    setup = text.index("os.environ.setdefault(")  # the cell's own loop
    first_import = IMPORTS_TENSORFLOW.search(text)
    assert setup < first_import.start(), f"{page}: Keras is imported before the environment is set"
    assert re.search(r"```\{code-cell\}[^\n]*\n:tags: \[remove-cell\]\n\n# Run it yourself", text)
