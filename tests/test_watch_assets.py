"""The watch page's static files take their facts from the package, without a browser."""

import re

import pytest

from tests.helpers import DOCS, quoted_gate_tables

STATIC = DOCS / "_static"
SCRIPTS = ["cells.js", "watch.js"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_scripts_hold_no_copy_of_a_fact(script):
    text = (STATIC / script).read_text(encoding="utf-8")
    assert quoted_gate_tables(text) == [], f"{script} writes a gate order of its own"
    assert ".lstm-cell{" not in text, f"{script} holds the diagram's stylesheet"
    assert "window.lstmExplainedData" in text and "window.lstmExplainedCore" in text


def test_the_stylesheet_takes_the_gate_colours_from_the_diagram():
    css = (STATIC / "watch.css").read_text(encoding="utf-8")
    assert not re.search(r"--gate\s*:", css), "watch.css sets gate colours: they are lstm_explained.diagram.STYLE's"


def test_the_page_loads_the_data_and_the_core_first():
    page = (DOCS / "watch.md").read_text(encoding="utf-8")
    names = ("lstm-explained-data.js", "core.js", "cells.js", "watch.js")
    order = [page.index(f'src="_static/{name}"') for name in names]
    assert order == sorted(order)
