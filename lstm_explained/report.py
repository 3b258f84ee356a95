"""The report that `explain` and the command line print: one row per weight array."""

import html
from dataclasses import dataclass

from .facts import DIRECTIONS
from .formulas import (
    _conv_lstm_param_formula,
    _conv_lstm_weight_arrays,
    _param_formula,
    _weight_arrays,
    check_conv_lstm,
    check_layer,
    grouped,
)
from .gates import _gate_columns


@dataclass(frozen=True)
class Row:
    """One weight array: its layer, Keras name, shape, gate blocks and the formula for its size."""

    layer: str
    weight: str
    shape: tuple
    gates: dict  # gate name -> (start, stop) columns along the last axis
    formula: str  # e.g. "d × 4u = 4 × 8"
    size: int


def _verdict(keras_count, total):
    if keras_count is None:
        return ""
    verdict = "matches" if keras_count == total else "DOES NOT MATCH"
    return f"  ({verdict} Keras count_params() = {grouped(keras_count)})"


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

    @property
    def layers(self):
        """This layer alone (a Bidirectional report has two)."""
        return (self,)

    def summary_lines(self):
        """The line under the table for this layer: its formula and Keras' verdict."""
        return [f"{self.name} ({self.kind}): {self.formula}{_verdict(self.keras_count, self.total)}"]


@dataclass(frozen=True)
class BidirectionalReport:
    """A ``Bidirectional`` wrapper: its two layers and its own total, the number ``model.summary()`` shows."""

    name: str
    layers: tuple  # the forward, then the backward LayerReport
    keras_count: int | None = None

    @property
    def total(self):
        """Parameters of both directions."""
        return sum(layer.total for layer in self.layers)

    @property
    def formula(self):
        """The wrapper's count as the sum of its directions, e.g. ``'56 + 56 = 112'``."""
        return " + ".join(grouped(layer.total) for layer in self.layers) + f" = {grouped(self.total)}"

    @property
    def matches_keras(self):
        """True when the total agrees with Keras (None when there was no Keras layer)."""
        return None if self.keras_count is None else self.keras_count == self.total

    def summary_lines(self):
        """Each direction's line, then the wrapper's own total."""
        lines = [line for layer in self.layers for line in layer.summary_lines()]
        return [*lines, f"{self.name} (Bidirectional): {self.formula}{_verdict(self.keras_count, self.total)}"]


class Report:
    """What `explain` returns: print it (or leave it as a notebook cell's last line), or read its rows.

    ``entries`` are ``LayerReport`` and ``BidirectionalReport`` objects in model order;
    ``model_name`` and ``model_count`` (Keras' count of the whole model) let the last line say
    which part of the model the recurrent layers are.
    """

    def __init__(self, entries, *, model_name=None, model_count=None):
        self.entries = tuple(entries)
        self.model_name = model_name
        self.model_count = model_count

    @property
    def layers(self):
        """Every recurrent layer (each direction of a Bidirectional on its own), in model order."""
        return [layer for entry in self.entries for layer in entry.layers]

    @property
    def rows(self):
        """Every weight array of every recurrent layer, in model order."""
        return [row for layer in self.layers for row in layer.rows]

    @property
    def total(self):
        """Parameters of all recurrent layers in the report."""
        return sum(entry.total for entry in self.entries)

    def table(self):
        """The table as a header and one tuple of strings per weight array."""
        header = ("layer", "weight", "shape", "gate blocks (columns)", "size formula", "size")
        lines = [header]
        for row in self.rows:
            blocks = ", ".join(f"{gate} {start}:{stop}" for gate, (start, stop) in row.gates.items())
            lines.append((row.layer, row.weight, str(row.shape), blocks, row.formula, grouped(row.size)))
        return lines

    def summary_lines(self):
        """The lines under the table: each layer's formula, then what the total is part of."""
        lines = [line for entry in self.entries for line in entry.summary_lines()]
        if self.model_count is not None and (self.model_count != self.total or len(self.layers) > 1):
            if self.model_count == self.total:
                lines.append(f"recurrent layers: all {grouped(self.total)} parameters of {self.model_name!r}")
            else:
                lines.append(
                    f"recurrent layers: {grouped(self.total)} of the {grouped(self.model_count)} parameters of "
                    f"{self.model_name!r} (the other {grouped(self.model_count - self.total)} are in its other layers)"
                )
        elif self.model_count is None and len(self.entries) > 1:
            lines.append(f"total: {grouped(self.total)} parameters")
        return lines

    def as_dict(self):
        """The report as plain data (lists, dicts, strings, ints), ready for ``json.dumps``.

        >>> Report([recurrent_layer_report("simple_rnn", 3, 1)]).as_dict()["layers"][0]["count"]
        5
        """
        def layer_dict(layer):
            weights = [
                {"name": row.weight, "shape": list(row.shape), "gates": {gate: list(span) for gate, span in row.gates.items()},
                 "formula": row.formula, "size": row.size}
                for row in layer.rows
            ]
            return {"name": layer.name, "kind": layer.kind, "weights": weights, "formula": layer.formula,
                    "count": layer.total, "keras_count": layer.keras_count}

        wrappers = [
            {"name": entry.name, "wrapper": "Bidirectional", "layers": [layer.name for layer in entry.layers],
             "formula": entry.formula, "count": entry.total, "keras_count": entry.keras_count}
            for entry in self.entries if isinstance(entry, BidirectionalReport)
        ]
        return {
            "layers": [layer_dict(layer) for layer in self.layers],
            "wrappers": wrappers,
            "count": self.total,
            "model": None if self.model_count is None else {"name": self.model_name, "count": self.model_count},
        }

    def __str__(self):
        table = self.table()
        widths = [max(len(line[k]) for line in table) for k in range(len(table[0]))]
        lines = []
        for number, line in enumerate(table):
            cells = [cell.ljust(width) for cell, width in zip(line[:-1], widths)]
            lines.append("  ".join([*cells, line[-1].rjust(widths[-1])]).rstrip())
            if number == 0:
                lines.append("  ".join("-" * width for width in widths))
        return "\n".join([*lines, "", *self.summary_lines()])

    # The table itself, so that a report left as the last line of a REPL or notebook cell shows it.
    __repr__ = __str__

    def _repr_html_(self):
        header, *body = self.table()
        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in body)
        notes = "<br>".join(html.escape(line) for line in self.summary_lines())
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table><p>{notes}</p>"


def recurrent_layer_report(kind, input_dim, units, *, use_bias=True, reset_after=True, name=None, keras_count=None):
    """The report entry of one LSTM, GRU or SimpleRNN layer, from its sizes.

    Refuses what :func:`lstm_explained.weight_shapes` refuses.

    >>> layer = recurrent_layer_report("lstm", 4, 2)
    >>> layer.total, layer.formula
    (56, '4 × (2·4 + 2·2 + 2) = 56')
    """
    return _layer_report(*check_layer(kind, input_dim, units, use_bias, reset_after), name, keras_count)


def _layer_report(kind, input_dim, units, use_bias, reset_after, name=None, keras_count=None):
    arrays = _weight_arrays(kind, input_dim, units, use_bias, reset_after)
    columns = _gate_columns(kind, units)
    rows = tuple(
        Row(name or kind, array.name, array.shape, columns, f"{array.symbolic} = {array.plugged}", array.size)
        for array in arrays
    )
    formula = _param_formula(kind, input_dim, units, use_bias, reset_after)
    return LayerReport(name or kind, kind, rows, formula, keras_count)


def bidirectional_report(kind, input_dim, units, *, use_bias=True, reset_after=True, name="bidirectional"):
    """The report entry of ``Bidirectional(layer)`` from its sizes: two directions and the wrapper's total.

    >>> bidirectional_report("lstm", 4, 2).formula
    '56 + 56 = 112'
    """
    return _bidirectional_report(*check_layer(kind, input_dim, units, use_bias, reset_after), name)


def _bidirectional_report(kind, input_dim, units, use_bias, reset_after, name="bidirectional"):
    directions = tuple(_layer_report(kind, input_dim, units, use_bias, reset_after, direction) for direction in DIRECTIONS)
    return BidirectionalReport(name, directions)


def conv_lstm_layer_report(kernel_size, channels, filters, *, use_bias=True, name="conv_lstm", keras_count=None):
    """The report entry of a ConvLSTM layer (1D, 2D or 3D), whose kernels are convolutions.

    >>> conv_lstm_layer_report((3, 3), channels=2, filters=3).total
    552
    """
    return _conv_lstm_layer_report(*check_conv_lstm(kernel_size, channels, filters, use_bias), name, keras_count)


def _conv_lstm_layer_report(kernel_size, channels, filters, use_bias, name="conv_lstm", keras_count=None):
    arrays = _conv_lstm_weight_arrays(kernel_size, channels, filters, use_bias)
    columns = _gate_columns("lstm", filters)
    rows = tuple(
        Row(name, array.name, array.shape, columns, f"{array.symbolic} = {array.plugged}", array.size)
        for array in arrays
    )
    formula = _conv_lstm_param_formula(kernel_size, channels, filters, use_bias)
    return LayerReport(name, "conv_lstm", rows, formula, keras_count)
