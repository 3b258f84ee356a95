"""The watch page's static files agree with the package, without a browser."""

import re

from lstm_explained.diagram import STYLE
from lstm_explained.gates import GATE_ORDER
from tests.helpers import DOCS

STATIC = DOCS / "_static"


def test_gate_colours_are_the_cell_diagrams():
    css = (STATIC / "watch.css").read_text(encoding="utf-8")
    for dark in (False, True):
        prefix = re.escape("html[data-theme=dark] ") if dark else r"(?<!\] )"
        diagram = re.findall(prefix + r"\.lstm-cell \.g(\d)\{--gate:(#[0-9a-f]{6})\}", STYLE)
        prefix = 'html\\[data-theme="dark"\\] ' if dark else "^"
        watch = re.findall(prefix + r"\.lstm-watch \.g(\d) \{ --gate: (#[0-9a-f]{6}); \}", css, re.M)
        assert len(diagram) == 4 and watch == diagram, (dark, watch, diagram)


def test_forward_pass_uses_keras_gate_order():
    js = (STATIC / "cells.js").read_text(encoding="utf-8")
    order = re.search(r"const GATE_ORDER = (\{.*?\});", js).group(1)
    for kind in ("lstm", "gru"):
        letters = re.search(kind + r': \[([^\]]*)\]', order).group(1)
        assert tuple(re.findall(r'"(\w)"', letters)) == GATE_ORDER[kind]
