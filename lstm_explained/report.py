"""The report that `explain` and the command line print: one row per weight array."""

from dataclasses import dataclass

from ._checks import check_kind
from .formulas import conv_lstm_weight_arrays, param_formula, weight_arrays
from .gates import gate_columns


@dataclass(frozen=True)
class Row:
    """One weight array: its layer, Keras name, shape, gate blocks and the formula for its size."""

    layer: str
    kind: str
    weight: str
    shape: tuple
    gates: dict  # gate name -> (start, stop) columns along the last axis
    formula: str  # e.g. "d × 4u = 4 × 8"
    size: int


@dataclass(frozen=True)
class LayerReport:
    """All weight arrays of one recurrent layer (one direction of a Bidirectional), and its total."""

    name: str
    kind: str
    rows: tuple
    formula: str  # the whole count, e.g. "4 × (2·4 + 2·2 + 2) = 56"
    keras_count: int | None = None  # what Keras' count_params() says, when a Keras layer was explained

    @property
    def total(self):
        """Parameters of this layer, summed from its rows."""
        return sum(row.size for row in self.rows)

    @property
    def matches_keras(self):
        """True when the formula agrees with Keras (None when there was no Keras layer)."""
        return None if self.keras_count is None else self.keras_count == self.total


class Report:
    """What `explain` returns: ``str(report)`` for people, ``report.rows`` for programs."""

    def __init__(self, layers):
        self.layers = tuple(layers)

    @property
    def rows(self):
        """Every weight array of every recurrent layer, in model order."""
        return [row for layer in self.layers for row in layer.rows]

    @property
    def total(self):
        """Parameters of all recurrent layers in the report."""
        return sum(layer.total for layer in self.layers)

    def __repr__(self):
        return f"<Report: {len(self.layers)} recurrent layer(s), {self.total} parameters>"

    def __str__(self):
        header = ("layer", "weight", "shape", "gate blocks (columns)", "size formula", "size")
        table = [header]
        for row in self.rows:
            blocks = ", ".join(f"{gate} {start}:{stop}" for gate, (start, stop) in row.gates.items())
            table.append((row.layer, row.weight, str(row.shape), blocks, row.formula, str(row.size)))
        widths = [max(len(line[k]) for line in table) for k in range(len(header))]
        lines = []
        for number, line in enumerate(table):
            cells = [cell.ljust(width) for cell, width in zip(line[:-1], widths)]
            lines.append("  ".join([*cells, line[-1].rjust(widths[-1])]).rstrip())
            if number == 0:
                lines.append("  ".join("-" * width for width in widths))
        lines.append("")
        for layer in self.layers:
            check = ""
            if layer.keras_count is not None:
                verdict = "matches" if layer.matches_keras else "DOES NOT MATCH"
                check = f"  ({verdict} Keras count_params() = {layer.keras_count})"
            lines.append(f"{layer.name} ({layer.kind}): {layer.formula}{check}")
        if len(self.layers) > 1:
            lines.append(f"total: {self.total} parameters")
        return "\n".join(lines)


def recurrent_layer_report(kind, input_dim, units, *, use_bias=True, reset_after=True, name=None, keras_count=None):
    """The report entry of one LSTM, GRU or SimpleRNN layer, from its sizes.

    >>> layer = recurrent_layer_report("lstm", 4, 2)
    >>> layer.total, layer.formula
    (56, '4 × (2·4 + 2·2 + 2) = 56')
    """
    kind = check_kind(kind)
    arrays = weight_arrays(kind, input_dim, units, use_bias=use_bias, reset_after=reset_after)
    columns = gate_columns(kind, units)
    rows = tuple(
        Row(name or kind, kind, array.name, array.shape, columns, f"{array.symbolic} = {array.plugged}", array.size)
        for array in arrays
    )
    formula = param_formula(kind, input_dim, units, use_bias=use_bias, reset_after=reset_after)
    return LayerReport(name or kind, kind, rows, formula, keras_count)


def conv_lstm_layer_report(kernel_size, channels, filters, *, use_bias=True, name="conv_lstm", keras_count=None):
    """The report entry of a ConvLSTM layer (1D, 2D or 3D), whose kernels are convolutions.

    >>> conv_lstm_layer_report((3, 3), channels=2, filters=3).total
    552
    """
    arrays = conv_lstm_weight_arrays(kernel_size, channels, filters, use_bias=use_bias)
    columns = gate_columns("lstm", filters)
    rows = tuple(
        Row(name, "conv_lstm", array.name, array.shape, columns, f"{array.symbolic} = {array.plugged}", array.size)
        for array in arrays
    )
    total = sum(row.size for row in rows)
    window = "·".join(str(k) for k in rows[0].shape[:-2])
    bias = f" + {filters}" if use_bias else ""
    formula = f"4 × ({window}·{channels}·{filters} + {window}·{filters}·{filters}{bias}) = {total}"
    return LayerReport(name, "conv_lstm", rows, formula, keras_count)

