"""Diagrams of one recurrent cell, as inline SVG with the shape of every array written on it.

The picture is built from the package's own layout (``weight_shapes`` and ``GATE_ORDER``), so it
cannot disagree with the code. The weights sit in a grid at the bottom: one row per array Keras
stores (``kernel``, ``recurrent_kernel``, ``bias``), one column per gate, in Keras' order, so a
gate's blocks are literally its columns of the packed arrays. Above the grid are the gates and
the state paths, which carry no weights.

docs/_static/diagram.js draws the same SVG, byte for byte, for the calculator page;
tests/browser/test_diagram.py compares the two.
"""

from types import SimpleNamespace

from ._checks import check_flag, check_kind, check_size
from .facts import GATE_ORDER, KIND_NAMES
from .formulas import _weight_shapes

# What each gate's box shows: its symbol (a combining tilde marks a candidate) and activation.
GATE_SYMBOLS = {"i": "i", "f": "f", "c": "c\u0303", "o": "o", "z": "z", "r": "r", "h": "h\u0303"}
ACTIVATIONS = {"i": "σ", "f": "σ", "c": "tanh", "o": "σ", "z": "σ", "r": "σ", "h": "tanh"}

# Layout, in SVG units (one unit is one CSS pixel at full size). Whole numbers only, so that the
# JavaScript port prints every coordinate exactly as Python does.
PAD = 8
STATE_Y = 46  # the line that carries the state from step to step
PRODUCT_Y = 94  # element-wise products that feed the state line
OUTPUT_Y = 138  # LSTM: where o_t meets tanh(c_t)
GATE_TOP = {"lstm": 176, "gru": 136, "simple_rnn": 92}
GATE_HEIGHT = 46
ROW_HEIGHT = 40
ROW_GAP = 18
RESET_GAP = 40  # GRU with reset_after=True: room for the reset product between the two halves
NODE_RADIUS = 11
COLUMN_GAP = 10

STYLE = (
    ".lstm-cell{display:block;width:100%;height:auto;margin:0 auto;"
    "color:var(--pst-color-text-base,#222);font-family:var(--pst-font-family-base,sans-serif)}"
    ".lstm-cell text{fill:currentColor;font-size:14px}"
    ".lstm-cell .mono{font-family:var(--pst-font-family-monospace,monospace)}"
    ".lstm-cell .small{font-size:12px}"
    ".lstm-cell .muted{fill:var(--pst-color-text-muted,#555)}"
    ".lstm-cell .symbol{font-size:16px;font-weight:700}"
    ".lstm-cell .note{font-style:italic}"
    ".lstm-cell .label{stroke:var(--pst-color-background,#fff);stroke-width:4px;"
    "stroke-linejoin:round;paint-order:stroke}"
    ".lstm-cell .wire{stroke:currentColor;stroke-width:1.5;fill:none}"
    ".lstm-cell .state{stroke-width:4}"
    ".lstm-cell .halo{stroke:var(--pst-color-background,#fff);stroke-width:9;fill:none}"
    ".lstm-cell .head{fill:currentColor}"
    ".lstm-cell .node{fill:var(--pst-color-background,#fff);stroke:currentColor;stroke-width:1.5}"
    ".lstm-cell .op{stroke:currentColor;stroke-width:2}"
    ".lstm-cell .block{fill:color-mix(in srgb,var(--gate) 22%,var(--pst-color-background,#fff));"
    "stroke:var(--gate);stroke-width:1.5}"
    ".lstm-cell .gate{fill:color-mix(in srgb,var(--gate) 45%,var(--pst-color-background,#fff));"
    "stroke:var(--gate);stroke-width:2}"
    ".lstm-cell .g0{--gate:#3b6ea5}.lstm-cell .g1{--gate:#d9731a}"
    ".lstm-cell .g2{--gate:#3f8f3a}.lstm-cell .g3{--gate:#c23b3e}"
    "html[data-theme=dark] .lstm-cell .g0{--gate:#7fb0e6}html[data-theme=dark] .lstm-cell .g1{--gate:#f2a25c}"
    "html[data-theme=dark] .lstm-cell .g2{--gate:#84c97d}html[data-theme=dark] .lstm-cell .g3{--gate:#f08a8c}"
)


def shape_text(shape):
    """A shape as Python prints it.

    >>> shape_text((4,)), shape_text((4, 2))
    ('(4,)', '(4, 2)')
    """
    return str(tuple(shape))


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _width(parts):
    """Rough width of a label at 14px: 8 units a character, 6 for a subscript one."""
    return sum(len(text) * (6 if sub else 8) for text, sub in parts)


def _small_width(text):
    """Rough width of a 12px monospace label."""
    return (len(text) * 15 + 1) // 2


def _symbol(base, subscript, shape=None):
    """Label parts: ``base`` with a subscript, then optionally a shape."""
    parts = [(base, False), (subscript, True)]
    if shape is not None:
        parts.append((" " + shape, False))
    return parts


class _Drawing:
    """SVG elements, appended in drawing order (later ones on top)."""

    def __init__(self):
        self.elements = []

    def add(self, element):
        self.elements.append(element)

    def text(self, x, y, parts, css="", anchor="start"):
        """A <text>; ``parts`` is a string or a list of (text, is_subscript) pairs."""
        if isinstance(parts, str):
            parts = [(parts, False)]
        body = ""
        shifted = False
        for text, sub in parts:
            if sub:
                body += f'<tspan class="small" dy="4">{_escape(text)}</tspan>'
                shifted = True
            elif shifted:
                body += f'<tspan dy="-4">{_escape(text)}</tspan>'
                shifted = False
            else:
                body += _escape(text)
        css_attribute = f' class="{css}"' if css else ""
        anchor_attribute = f' text-anchor="{anchor}"' if anchor != "start" else ""
        self.add(f'<text x="{x}" y="{y}"{css_attribute}{anchor_attribute}>{body}</text>')

    def line(self, points, css="wire"):
        path = " ".join(f"{x},{y}" for x, y in points)
        self.add(f'<polyline class="{css}" points="{path}"/>')

    def arrow(self, points, css="wire"):
        """A wire through ``points`` with an arrowhead at the last one (segments are axis-aligned)."""
        (x0, y0), (x1, y1) = points[-2], points[-1]
        dx = (x1 > x0) - (x1 < x0)
        dy = (y1 > y0) - (y1 < y0)
        back = 7
        self.line(points[:-1] + [(x1 - dx * (back - 1), y1 - dy * (back - 1))], css)
        bx, by = x1 - dx * back, y1 - dy * back
        wing_x, wing_y = dy * 4, dx * 4
        self.add(f'<polygon class="head" points="{x1},{y1} {bx + wing_x},{by + wing_y} {bx - wing_x},{by - wing_y}"/>')

    def node(self, x, y, operator):
        """A circle with ×, + or 1− in it: an element-wise operation, no weights."""
        r = NODE_RADIUS
        self.add(f'<circle class="node" cx="{x}" cy="{y}" r="{r}"/>')
        if operator == "×":
            d = 5
            self.add(f'<path class="op" d="M{x - d},{y - d}L{x + d},{y + d}M{x + d},{y - d}L{x - d},{y + d}"/>')
        elif operator == "+":
            d = 6
            self.add(f'<path class="op" d="M{x - d},{y}L{x + d},{y}M{x},{y - d}L{x},{y + d}"/>')
        else:
            self.text(x, y + 4, operator, "small", "middle")

    def dot(self, x, y):
        self.add(f'<circle class="head" cx="{x}" cy="{y}" r="3.5"/>')

    def box(self, x, y, width, height, css):
        self.add(f'<rect class="{css}" x="{x}" y="{y}" width="{width}" height="{height}" rx="6"/>')


def _check(kind, input_dim, units, batch, use_bias, reset_after):
    """Every argument of cell_diagram_svg checked once, in the order it names them."""
    kind = check_kind(kind)
    input_dim = check_size("input_dim", input_dim)
    units = check_size("units", units)
    if batch is not None:
        batch = check_size("batch", batch)
    return kind, input_dim, units, batch, check_flag("use_bias", use_bias), check_flag("reset_after", reset_after)


def _rows(kind, shapes, reset_after):
    """The grid's rows, top to bottom: (array name, array shape, block symbol, input or None)."""
    kernel = ("kernel", shape_text(shapes["kernel"]), "W", "x")
    recurrent = ("recurrent_kernel", shape_text(shapes["recurrent_kernel"]), "U", "h")
    if kind == "gru" and reset_after:
        # The x side above the h side: the reset gate scales the h side's sum, and only it.
        if "bias" not in shapes:
            return [kernel, recurrent]
        packed, row = shape_text(shapes["bias"]), shape_text(shapes["bias"][1:])
        return [
            (f"bias {packed}", f"bias[0]: {row}", "b_x", None),
            kernel,
            (f"bias {packed}", f"bias[1]: {row}", "b_h", None),
            recurrent,
        ]
    bias = [("bias", shape_text(shapes["bias"]), "b", None)] if "bias" in shapes else []
    return bias + [recurrent, kernel]


def cell_diagram_svg(kind, input_dim, units, *, batch=None, use_bias=True, reset_after=True):
    """An SVG picture of one cell of a Keras recurrent layer, every array labelled with its shape.

    ``kind`` is ``"lstm"``, ``"gru"`` or ``"simple_rnn"``. With ``batch``, the vectors that flow
    through the cell get a leading batch axis; the weights do not. The result is a string of
    inline SVG (show it with ``IPython.display.HTML``); the same arguments give the same bytes.

    >>> svg = cell_diagram_svg("lstm", input_dim=4, units=2)
    >>> svg.startswith("<svg") and "(4, 8)" in svg and "(2, 8)" in svg and "(8,)" in svg
    True
    >>> "(3, 4)" in cell_diagram_svg("lstm", 4, 2, batch=3)
    True
    """
    kind, input_dim, units, batch, use_bias, reset_after = _check(kind, input_dim, units, batch, use_bias, reset_after)
    shapes = _weight_shapes(kind, input_dim, units, use_bias, reset_after)
    layout = _layout(kind, input_dim, units, batch, shapes, reset_after)
    drawing = _Drawing()
    _draw_grid(drawing, layout)
    if kind != "simple_rnn":
        drawing.text(PAD, STATE_Y - 10, _symbol(layout.state_name, "t−1", layout.vector(units)), "label")
    {"lstm": _draw_lstm_paths, "gru": _draw_gru_paths, "simple_rnn": _draw_simple_rnn_path}[kind](drawing, layout)
    _draw_gates(drawing, layout)

    title, description = _words(kind, input_dim, units, batch, shapes, reset_after)
    ident = f"cell-{kind}-{input_dim}-{units}" + (f"-batch{batch}" if batch else "")
    ident += ("" if use_bias else "-nobias") + ("-reset-before" if layout.reset_before else "")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lstm-cell" viewBox="0 0 {layout.width} {layout.height}" '
        f'style="max-width:{layout.width}px" role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{_escape(title)}</title><desc id="{ident}-desc">{_escape(description)}</desc>'
        f"<style>{STYLE}</style>" + "".join(drawing.elements) + "</svg>"
    )


def _layout(kind, input_dim, units, batch, shapes, reset_after):
    """Where everything goes: columns sized to the longest label, rows stacked from the top."""

    def vector(size):
        return shape_text((size,) if batch is None else (batch, size))

    gates = GATE_ORDER[kind]
    gate_label = vector(units)
    block_shapes = [shape_text(shapes[name][:-1] + (units,)) for name in shapes]
    # Columns: wide enough for the longest block shape; a GRU leaves room between r and h̃ for
    # the reset gate's wire and its label.
    column = max(56, max(_small_width(text) for text in block_shapes) + 14, _small_width(gate_label) + 6)
    column += column % 2
    reset_gap = max(48, 2 * _small_width(gate_label) + 20) if kind == "gru" else COLUMN_GAP
    left = max(56, _width(_symbol("h", "t−1")) + 16, _small_width(vector(input_dim)) + 16, _small_width(vector(units)) + 16)
    lefts = []
    x = left
    for k in range(len(gates)):
        lefts.append(x)
        x += column + (reset_gap if kind == "gru" and k == 1 else COLUMN_GAP)
    grid_right = lefts[-1] + column

    rows = _rows(kind, shapes, reset_after)
    sources = [row[3] for row in rows]
    # GRU with reset_after=True: the reset product sits between the x side (above) and the h side.
    reset_row = sources.index("x") if kind == "gru" and reset_after else None
    row_labels_width = max(max(len(name), len(shape)) for name, shape, _, _ in rows) * 15 // 2
    state_name = "c" if kind == "lstm" else "h"
    out_labels = [_symbol(state_name, "t", vector(units)), _symbol("h", "t", vector(units))]
    right_width = max(row_labels_width + 18, max(_width(parts) for parts in out_labels) - column // 2 + NODE_RADIUS + 12)

    gate_top = GATE_TOP[kind]
    row_tops = []
    y = gate_top + GATE_HEIGHT + 26
    for k in range(len(rows)):
        row_tops.append(y)
        y += ROW_HEIGHT + (RESET_GAP if k == reset_row else ROW_GAP)
    return SimpleNamespace(
        kind=kind, input_dim=input_dim, units=units, gates=gates, vector=vector, gate_label=gate_label,
        column=column, reset_gap=reset_gap, lefts=lefts, centers=[x + column // 2 for x in lefts],
        grid_right=grid_right, rows=rows, sources=sources, reset_row=reset_row,
        reset_before=kind == "gru" and not reset_after, state_name=state_name, out_labels=out_labels,
        width=grid_right + right_width + PAD, gate_top=gate_top, row_tops=row_tops,
        grid_bottom=row_tops[-1] + ROW_HEIGHT, height=row_tops[-1] + ROW_HEIGHT + 30,
    )


def _draw_grid(drawing, layout):
    """The weights: one row per stored array, one coloured block per gate, summed up each column."""
    units, lefts, centers = layout.units, layout.lefts, layout.centers
    for (name, shape, symbol, source), top in zip(layout.rows, layout.row_tops):
        middle = top + ROW_HEIGHT // 2
        if source is not None:
            label, size = (_symbol("x", "t"), layout.input_dim) if source == "x" else (_symbol("h", "t−1"), units)
            drawing.text(PAD, middle - 24, label, "label")
            drawing.text(PAD, middle - 7, layout.vector(size), "mono small label")
            if source == "h" and layout.reset_before:
                # The reset gate scales h_{t-1} before it meets its block of U.
                reset_x = lefts[2] - layout.reset_gap // 2
                drawing.line([(PAD, middle), (reset_x - NODE_RADIUS, middle)])
                drawing.arrow([(reset_x + NODE_RADIUS, middle), (lefts[2], middle)])
                drawing.arrow([(PAD, middle), (lefts[0], middle)])
            else:
                drawing.line([(PAD, middle), (layout.grid_right, middle)])
                drawing.arrow([(PAD, middle), (lefts[0], middle)])
        for k, gate in enumerate(layout.gates):
            drawing.box(lefts[k], top, layout.column, ROW_HEIGHT, f"block g{k}")
            base, _, suffix = symbol.partition("_")
            drawing.text(centers[k], top + 17, _symbol(base, suffix + gate), "", "middle")
            rows_of_block = () if source is None else (layout.input_dim if source == "x" else units,)
            drawing.text(centers[k], top + 33, shape_text(rows_of_block + (units,)), "mono small", "middle")
        drawing.text(layout.grid_right + 14, top + 16, name, "mono small")
        drawing.text(layout.grid_right + 14, top + 32, shape, "mono small")
    for k in range(len(layout.gates)):
        drawing.text(centers[k], layout.grid_bottom + 20, f"{k * units}:{(k + 1) * units}", "mono small muted", "middle")
    drawing.text(layout.grid_right + 14, layout.grid_bottom + 20, "columns", "small muted")
    # Each column adds up its blocks' products, bottom to top, and feeds its gate.
    row_tops = layout.row_tops
    for center in centers:
        for upper, lower in zip(row_tops, row_tops[1:]):
            drawing.arrow([(center, lower), (center, upper + ROW_HEIGHT)])
        drawing.arrow([(center, row_tops[0]), (center, layout.gate_top + GATE_HEIGHT)])


def _draw_lstm_paths(drawing, layout):
    """Gates to the cell state and the output: element-wise products and one sum, no weights."""
    i, f, c, o = layout.centers
    r, gate_top, width = NODE_RADIUS, layout.gate_top, layout.width
    # i's wire passes under f's: draw it first, then f's with a halo that cuts a gap.
    drawing.arrow([(i, gate_top), (i, PRODUCT_Y), (c - r, PRODUCT_Y)])
    drawing.line([(f, gate_top), (f, STATE_Y + r)], "halo")
    drawing.arrow([(f, gate_top), (f, STATE_Y + r)])
    drawing.arrow([(c, gate_top), (c, PRODUCT_Y + r)])
    drawing.arrow([(c, PRODUCT_Y - r), (c, STATE_Y + r)])
    drawing.arrow([(o, gate_top), (o, OUTPUT_Y + r)])
    tanh_top, tanh_bottom = PRODUCT_Y - 12, PRODUCT_Y + 12
    drawing.arrow([(o, STATE_Y), (o, tanh_top)])
    drawing.arrow([(o, tanh_bottom), (o, OUTPUT_Y - r)])
    drawing.arrow([(o + r, OUTPUT_Y), (width - PAD, OUTPUT_Y)])
    # The cell state: nothing on this line but one product and one sum.
    drawing.line([(PAD, STATE_Y), (f - r, STATE_Y)], "wire state")
    drawing.line([(f + r, STATE_Y), (c - r, STATE_Y)], "wire state")
    drawing.arrow([(c + r, STATE_Y), (width - PAD, STATE_Y)], "wire state")
    drawing.dot(o, STATE_Y)
    drawing.node(f, STATE_Y, "×")
    drawing.node(c, STATE_Y, "+")
    drawing.node(c, PRODUCT_Y, "×")
    drawing.node(o, OUTPUT_Y, "×")
    drawing.box(o - 22, tanh_top, 44, 24, "node")
    drawing.text(o, PRODUCT_Y + 5, "tanh", "small", "middle")
    drawing.text(PAD, STATE_Y + 22, "cell state: no weights", "small muted note label")
    drawing.text(width - PAD, STATE_Y - 10, layout.out_labels[0], "label", "end")
    drawing.text(width - PAD, OUTPUT_Y - 10, layout.out_labels[1], "label", "end")


def _draw_gru_paths(drawing, layout):
    """z mixes h_{t-1} with h̃ on the state line; r's wire goes down to where it acts, by mode."""
    z, reset, h = layout.centers
    r, gate_top, lefts, row_tops = NODE_RADIUS, layout.gate_top, layout.lefts, layout.row_tops
    # z keeps part of h_{t-1}; 1 − z lets in the candidate h̃.
    drawing.arrow([(z, gate_top), (z, STATE_Y + r)])
    drawing.arrow([(z, PRODUCT_Y), (reset - r, PRODUCT_Y)])
    drawing.arrow([(reset + r, PRODUCT_Y), (h - r, PRODUCT_Y)])
    drawing.arrow([(h, gate_top), (h, PRODUCT_Y + r)])
    drawing.arrow([(h, PRODUCT_Y - r), (h, STATE_Y + r)])
    drawing.dot(z, PRODUCT_Y)
    # The reset gate's wire goes down between its column and h̃'s to where it acts.
    gap_x = lefts[2] - layout.reset_gap // 2
    gate_middle = gate_top + GATE_HEIGHT // 2
    r_right = lefts[1] + layout.column
    if layout.reset_before:
        reset_at = (gap_x, row_tops[layout.sources.index("h")] + ROW_HEIGHT // 2)
        drawing.arrow([(r_right, gate_middle), (gap_x, gate_middle), (gap_x, reset_at[1] - r)])
    else:
        reset_at = (h, row_tops[layout.reset_row] + ROW_HEIGHT + RESET_GAP // 2)
        kernel_middle = row_tops[layout.reset_row] + ROW_HEIGHT // 2
        drawing.line([(gap_x, kernel_middle - 6), (gap_x, kernel_middle + 6)], "halo")
        drawing.arrow([(r_right, gate_middle), (gap_x, gate_middle), (gap_x, reset_at[1]), (h - r, reset_at[1])])
    drawing.node(reset_at[0], reset_at[1], "×")
    drawing.text(gap_x + 5, gate_middle + 18, layout.gate_label, "mono small label")
    drawing.line([(PAD, STATE_Y), (z - r, STATE_Y)], "wire state")
    drawing.line([(z + r, STATE_Y), (h - r, STATE_Y)], "wire state")
    drawing.arrow([(h + r, STATE_Y), (layout.width - PAD, STATE_Y)], "wire state")
    drawing.node(z, STATE_Y, "×")
    drawing.node(h, STATE_Y, "+")
    drawing.node(reset, PRODUCT_Y, "1−")
    drawing.node(h, PRODUCT_Y, "×")
    drawing.text((z + h) // 2, STATE_Y + 22, "hidden state: no weights", "small muted note label", "middle")
    drawing.text(layout.width - PAD, STATE_Y - 10, layout.out_labels[1], "label", "end")


def _draw_simple_rnn_path(drawing, layout):
    """SimpleRNN's one block is its new state: straight out."""
    (h,) = layout.centers
    drawing.arrow([(h, layout.gate_top), (h, OUTPUT_Y - 70), (layout.width - PAD, OUTPUT_Y - 70)])
    drawing.text(layout.width - PAD, OUTPUT_Y - 80, layout.out_labels[1], "label", "end")


def _draw_gates(drawing, layout):
    """The gate boxes, last so that they sit on top of the wires, with their outputs' shapes."""
    for k, gate in enumerate(layout.gates):
        left, center, top = layout.lefts[k], layout.centers[k], layout.gate_top
        drawing.box(left, top, layout.column, GATE_HEIGHT, f"gate g{k}")
        symbol = "h" if layout.kind == "simple_rnn" else GATE_SYMBOLS[gate]
        drawing.text(center, top + 20, symbol, "symbol", "middle")
        drawing.text(center, top + 38, ACTIVATIONS[gate], "small", "middle")
        if not (layout.kind == "gru" and gate == "r"):  # r's output label sits on its own wire
            drawing.text(center + 6, top - 8, layout.gate_label, "mono small label")


def _words(kind, input_dim, units, batch, shapes, reset_after):
    """The diagram's title and its description in words, for screen readers."""
    name = KIND_NAMES[kind]
    title = f"One {name} cell with {input_dim} input features and {units} units"
    if batch is not None:
        title += f", for a batch of {batch}"
    gates = GATE_ORDER[kind]
    stored = ", ".join(f"{array} {shape_text(shape)}" for array, shape in shapes.items())
    per_example = "per example" if batch is None else f"with a leading batch axis of {batch}"
    sentences = [
        f"Keras stores {stored}.",
        f"Each is cut into {len(gates)} column block{'s' if len(gates) > 1 else ''} of {units}, one per "
        f"{'gate, in the order ' + ', '.join(gates) if len(gates) > 1 else 'cell'}.",
        f"The input x_t {shape_text((input_dim,) if batch is None else (batch, input_dim))} is multiplied by the "
        f"kernel, the previous hidden state h_t-1 {shape_text((units,) if batch is None else (batch, units))} "
        f"by the recurrent kernel, and the bias is added; the sum is split into the gates ({per_example}).",
    ]
    if kind == "lstm":
        sentences.append(
            "The cell state c_t = f ⊙ c_t-1 + i ⊙ c̃ carries no weights, only an element-wise product and a sum; "
            "the output is h_t = o ⊙ tanh(c_t)."
        )
    elif kind == "gru":
        where = (
            "after the recurrent product: it multiplies h_t-1 U_h plus the recurrent bias, row 1 of the bias"
            if reset_after
            else "before the recurrent product: it multiplies h_t-1 before its block of the recurrent kernel"
        )
        sentences.append(f"The reset gate r acts {where}.")
        sentences.append("The new state h_t = z ⊙ h_t-1 + (1 − z) ⊙ h̃ carries no weights.")
    else:
        sentences.append("The new state is h_t = tanh(x_t W + h_t-1 U + b).")
    return title, " ".join(sentences)
