"""The cell diagram: every shape it prints is the package's, and the SVG is accessible and stable."""

import re
import xml.etree.ElementTree as ElementTree

import pytest

from lstm_explained import GATE_ORDER, cell_diagram_svg, weight_shapes
from lstm_explained.gates import gate_columns

SVG = "{http://www.w3.org/2000/svg}"
CONFIGURATIONS = [
    ("lstm", 4, 2, {}),
    ("lstm", 4, 2, {"batch": 3}),
    ("lstm", 300, 129, {"use_bias": False}),
    ("gru", 4, 2, {}),
    ("gru", 4, 2, {"reset_after": False}),
    ("gru", 7, 64, {"batch": 32, "use_bias": False}),
    ("simple_rnn", 4, 2, {}),
    ("simple_rnn", 1, 1, {"batch": 1}),
]


def parse(svg):
    return ElementTree.fromstring(svg)


def texts(svg):
    """Every <text>'s content, subscripts included, in document order."""
    return ["".join(element.itertext()) for element in parse(svg).iter(f"{SVG}text")]


@pytest.mark.parametrize("kind, input_dim, units, options", CONFIGURATIONS)
def test_labels_are_the_packages_shapes(kind, input_dim, units, options):
    svg = cell_diagram_svg(kind, input_dim, units, **options)
    labels = texts(svg)
    shapes = weight_shapes(kind, input_dim, units, use_bias=options.get("use_bias", True), reset_after=options.get("reset_after", True))
    for name, shape in shapes.items():
        assert any(label == name or label == f"{name} {shape}" for label in labels), name
        assert any(str(shape) in label for label in labels), (name, shape)
    # One block per gate and per stored array row, each labelled with its own shape.
    gates = GATE_ORDER[kind]
    for symbol, block in (("W", (input_dim, units)), ("U", (units, units))):
        for gate in gates:
            assert f"{symbol}{gate}" in labels
        assert labels.count(str(block)) >= len(gates)
    assert [label for label in labels if re.fullmatch(r"\d+:\d+", label)] == [
        f"{start}:{stop}" for start, stop in gate_columns(kind, units).values()
    ]
    batch = options.get("batch")
    x_shape = (input_dim,) if batch is None else (batch, input_dim)
    h_shape = (units,) if batch is None else (batch, units)
    assert str(x_shape) in labels and str(h_shape) in labels
    assert f"ht {h_shape}" in labels  # the output


def test_lstm_shows_the_question_layer_and_a_weightless_cell_state():
    labels = texts(cell_diagram_svg("lstm", 4, 2))
    for expected in ("kernel", "(4, 8)", "recurrent_kernel", "(2, 8)", "bias", "(8,)", "ct−1 (2,)", "ct (2,)"):
        assert expected in labels
    for gate in "ifco":
        assert f"W{gate}" in labels and f"U{gate}" in labels and f"b{gate}" in labels
    assert labels.count("(4, 2)") == 4 and labels.count("(2, 2)") == 4 and labels.count("(2,)") >= 4
    assert "cell state: no weights" in labels


def test_batch_adds_a_leading_axis_to_vectors_only():
    labels = texts(cell_diagram_svg("lstm", 4, 2, batch=3))
    assert "(3, 4)" in labels and "ct−1 (3, 2)" in labels and "ht (3, 2)" in labels
    assert labels.count("(3, 2)") >= 4  # the four gates' outputs
    assert "(4, 8)" in labels and labels.count("(4, 2)") == 4  # weights have no batch axis


def test_gru_bias_rows_and_where_the_reset_gate_acts():
    after = cell_diagram_svg("gru", 4, 2)
    before = cell_diagram_svg("gru", 4, 2, reset_after=False)
    assert "bias (2, 6)" in texts(after) and "bias[1]: (6,)" in texts(after)
    assert "bias (2, 6)" not in texts(before) and "(6,)" in texts(before)
    assert "after the recurrent product" in after and "before the recurrent product" in before

    def reset_node_y(svg):
        """The y of the product node that the reset gate's wire ends at (the lowest × node)."""
        nodes = [int(c.get("cy")) for c in parse(svg).iter(f"{SVG}circle") if c.get("class") == "node"]
        return max(nodes)

    def row_middle(svg, symbol):
        for element in parse(svg).iter(f"{SVG}text"):
            if "".join(element.itertext()) == symbol:
                return int(element.get("y")) - 17 + 20  # block text sits 17 below the row's top
        raise AssertionError(symbol)

    # Before: on h_{t-1}'s wire into U_h. After: above the h side's sum, below x's row.
    assert reset_node_y(before) == row_middle(before, "Uh")
    assert row_middle(after, "Wh") < reset_node_y(after) < row_middle(after, "bhh")


def test_accessible_name_description_and_scaling():
    svg = cell_diagram_svg("gru", 4, 2)
    root = parse(svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.get("id") == title_id and desc.get("id") == desc_id
    assert title.text == "One GRU cell with 4 input features and 2 units"
    assert "kernel (4, 6), recurrent_kernel (2, 6), bias (2, 6)" in desc.text
    _, _, width, _ = map(int, root.get("viewBox").split())
    assert root.get("style") == f"max-width:{width}px" and "width:100%" in svg
    assert "html[data-theme=dark]" in svg and "currentColor" in svg


def test_the_same_arguments_give_the_same_bytes():
    assert cell_diagram_svg("lstm", 4, 2, batch=3) == cell_diagram_svg("LSTM", 4, 2, batch=3)
    assert cell_diagram_svg("lstm", 4, 2) != cell_diagram_svg("lstm", 4, 3)


@pytest.mark.parametrize(
    "arguments, options, error, message",
    [
        (("lstmm", 4, 2), {}, ValueError, "kind must be one of"),
        (("lstm", 0, 2), {}, ValueError, "input_dim must be a positive integer; got 0"),
        (("lstm", 4, 2.5), {}, TypeError, "units must be a positive integer"),
        (("lstm", 4, 2), {"batch": 0}, ValueError, "batch must be a positive integer; got 0"),
        (("gru", 4, 2), {"reset_after": "yes"}, TypeError, "reset_after must be True or False"),
        (("gru", 4, 2), {"use_bias": 1}, TypeError, "use_bias must be True or False"),
    ],
)
def test_bad_input_is_refused_clearly(arguments, options, error, message):
    with pytest.raises(error, match=re.escape(message)):
        cell_diagram_svg(*arguments, **options)
