"""The browser's facts come from the package: the generated data script, and no copies in the JS.

No browser and no build needed: the generator (docs/_ext/browser_data.py) is run here, and the
hand-written scripts are read as text. tests/site/test_browser_data_built.py compares the file
the build wrote with what the generator gives now.
"""

import json
import re

import pytest

from browser_data import browser_data, browser_data_script  # docs/_ext, on sys.path through conftest.py
from lstm_explained import diagram, facts
from tests.helpers import DOCS, quoted_gate_tables

STATIC = DOCS / "_static"
# The scripts that read lstm-explained-data.js and core.js instead of holding facts of their own.
PORTS = ["core.js", "calculator.js", "diagram.js"]


def data_in_script():
    """The object the generated script assigns to window.lstmExplainedData, as JSON."""
    text = browser_data_script()
    assignment = re.search(r"window\.lstmExplainedData = (\{.*\});\n\Z", text, re.S)
    assert assignment, "the script must assign one JSON object to window.lstmExplainedData"
    return json.loads(assignment.group(1))


def as_json(value):
    return json.loads(json.dumps(value))


def test_the_script_holds_every_fact_of_the_package():
    data = data_in_script()
    public = {name: value for name, value in vars(facts).items() if name.isupper()}
    assert public, "lstm_explained.facts has no facts"
    for name, value in public.items():
        assert data[name] == as_json(value), name


def test_the_script_holds_the_diagrams_constants_and_stylesheet():
    drawing = data_in_script()["DIAGRAM"]
    assert drawing["STYLE"] == diagram.STYLE
    for name in ("PAD", "STATE_Y", "GATE_TOP", "GATE_SYMBOLS", "ACTIVATIONS", "NODE_RADIUS", "COLUMN_GAP"):
        assert drawing[name] == as_json(getattr(diagram, name)), name


def test_the_bias_rows_are_keyed_as_javascript_writes_a_flag():
    # core.js reads BIAS_ROWS[kind][String(resetAfter)]: the keys must be "true" and "false".
    assert data_in_script()["BIAS_ROWS"]["gru"] == {"true": 2, "false": 1}


def test_the_script_is_the_same_for_the_same_package():
    assert browser_data_script() == browser_data_script()
    assert browser_data() == browser_data()


@pytest.mark.parametrize("script", PORTS)
def test_the_ports_hold_no_copy_of_a_fact(script):
    text = (STATIC / script).read_text(encoding="utf-8")
    assert quoted_gate_tables(text) == [], f"{script} writes a gate order of its own"
    assert ".lstm-cell{" not in text, f"{script} holds the diagram's stylesheet"
    assert str(facts.MAX_SIZE) not in text, f"{script} writes the size limit"
    for kind, name in facts.KIND_NAMES.items():
        assert not re.search(rf"{kind}\s*:\s*\"{name}\"", text), f"{script} spells out KIND_NAMES"
    assert not re.search(r"\blstm\s*:\s*4\b", text), f"{script} counts the gates itself"
    assert "window.lstmExplainedData" in text or "window.lstmExplainedCore" in text, f"{script} reads no shared facts"


def test_the_gate_table_check_finds_a_gate_table():
    # The check above would pass on anything if its pattern never matched.
    assert quoted_gate_tables('const GATES = { lstm: ["i", "f", "c", "o"] };') == ['["i", "f", "c", "o"]']


def test_the_calculator_page_loads_the_data_and_the_core_first():
    page = (DOCS / "calculator.md").read_text(encoding="utf-8")
    order = [page.index(f'src="_static/{name}"') for name in ("lstm-explained-data.js", "core.js", "diagram.js", "calculator.js")]
    assert order == sorted(order)
