"""Explain every number of a pasted ``model.summary()``: each recurrent count, read back into sizes.

A recurrent layer's count is linear in its input size ``d`` once the kind and ``units`` are
fixed, so ``d`` follows from the printed count exactly; :func:`lstm_explained.count_params` is
the only formula used, and every reading is checked by recomputing the count with it.

>>> report = explain_summary('''
... Layer (type)                Output Shape              Param #
... =================================================================
... input_1 (InputLayer)        [(None, 100, 4)]            0
... lstm (LSTM)                 (None, 2)                 56
... =================================================================
... Total params: 56
... ''')
>>> [(c.kind, c.units, c.input_dim, c.formula) for c in report.layers[1].candidates]
[('lstm', 2, 4, '4 × (2·4 + 2·2 + 2) = 56')]
"""

import re
from dataclasses import asdict, dataclass

from .facts import KIND_NAMES
from .formulas import GATES, count_params, grouped, param_formula
from .summary_parse import parse_summary

# Printed type -> (recurrent kinds it can hold, bidirectional). Wrappers can hold any kind.
RECURRENT_TYPES = {
    "LSTM": (("lstm",), False),
    "GRU": (("gru",), False),
    "SimpleRNN": (("simple_rnn",), False),
    "RNN": (("lstm", "gru", "simple_rnn"), False),
    "Bidirectional": (("lstm", "gru", "simple_rnn"), True),
}
# Other types a cut-off name may be the start of; a cut type that fits none of the recurrent
# ones is read as one of these.
OTHER_TYPES = ("InputLayer", "Dense", "Embedding", "TimeDistributed", "Dropout", "Activation",
               "Flatten", "RepeatVector", "Reshape", "Masking", "Concatenate", "Conv1D")
RESET_AFTER_DEFAULTS = (
    "reset_after=True is the default of tf.keras in TensorFlow 2 and of Keras 3; "
    "reset_after=False was the default of standalone Keras 2 and of TensorFlow 1's tf.keras"
)


@dataclass(frozen=True)
class Candidate:
    """One configuration that reproduces a recurrent row's count exactly."""

    kind: str
    units: int
    input_dim: int
    bidirectional: bool
    reset_after: bool | None  # None unless kind == "gru"
    formula: str

    def describe(self):
        """The reading as Keras code would write it, e.g. ``GRU(8, reset_after=False) on 9 features``."""
        layer = f"{KIND_NAMES[self.kind]}({self.units}"
        layer += f", reset_after={self.reset_after})" if self.reset_after is not None else ")"
        if self.bidirectional:
            layer = f"Bidirectional({layer})"
        return f"{layer} on {self.input_dim} features: {self.formula}"


@dataclass(frozen=True)
class LayerExplanation:
    """One row of the summary, what it is, and (for a recurrent row) every reading of its count."""

    name: str
    type: str
    output_shape: str
    params: int
    recurrent: bool
    candidates: tuple = ()
    notes: tuple = ()  # sentences for people: where units and d came from, what was assumed

    def to_dict(self):
        return {
            "name": self.name, "type": self.type, "output_shape": self.output_shape, "params": self.params,
            "recurrent": self.recurrent, "candidates": [asdict(candidate) for candidate in self.candidates],
        }


@dataclass(frozen=True)
class SummaryReport:
    """The explanation of a whole summary: ``str()`` for people, ``to_dict()`` for programs."""

    layers: tuple
    total_params: int | None
    totals_note: str
    layout: str

    def to_dict(self):
        """JSON-ready: ``{"layers": [...], "total_params": ...}``."""
        return {"layers": [layer.to_dict() for layer in self.layers], "total_params": self.total_params}

    def __str__(self):
        lines = [f"{plural(len(self.layers), 'layer')} read from a {self.layout}."]
        for layer in self.layers:
            type_text = f" ({layer.type})" if layer.type else ""
            lines.append("")
            lines.append(f"{layer.name}{type_text}: output {layer.output_shape}, {layer.params:,} parameters")
            lines.extend(f"  {note}" for note in layer.notes)
            if layer.candidates:
                count = len(layer.candidates)
                verb = "reproduces" if count == 1 else "reproduce"
                lines.append(f"  {plural(count, 'reading')} {verb} the count exactly:")
                lines.extend(f"    {candidate.describe()}" for candidate in layer.candidates)
        lines.append("")
        lines.append(self.totals_note)
        return "\n".join(lines)


def plural(count, word):
    """``'1 layer'``, ``'3 layers'``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def last_axis(shape):
    """The last axis of the (first) shape printed, or None: ``'[(None, 100, 4)]'`` -> 4."""
    first = re.search(r"\(([^()]*)\)", shape or "")
    if not first:
        return None
    axes = [axis.strip() for axis in first.group(1).split(",") if axis.strip()]
    return int(axes[-1]) if axes and axes[-1].isdigit() else None


def read_type(printed, complete):
    """The recurrent kinds a printed type can hold, whether it is bidirectional, and the type read.

    A type cut at the column ("Bidirection") is read as every known type it is the start of.

    >>> read_type("Bidirection", complete=False)
    (('lstm', 'gru', 'simple_rnn'), True, 'Bidirectional')
    >>> read_type("TimeDis", complete=False)
    ((), False, 'TimeDistributed')
    """
    if complete or not printed:
        kinds, bidirectional = RECURRENT_TYPES.get(printed, ((), False))
        return kinds, bidirectional, printed
    matches = [name for name in (*RECURRENT_TYPES, *OTHER_TYPES) if name.startswith(printed)]
    kinds = tuple(kind for kind in ("lstm", "gru", "simple_rnn")
                  if any(kind in RECURRENT_TYPES.get(name, ((),))[0] for name in matches))
    bidirectional = any(RECURRENT_TYPES.get(name, ((), False))[1] for name in matches)
    return kinds, bidirectional, " or ".join(matches)


def solve_input_dim(kind, units, count, *, reset_after=True):
    """The input size d that gives exactly ``count`` parameters, or None if no whole d does.

    The count is linear in d, so two evaluations of count_params give its slope.

    >>> solve_input_dim("lstm", units=2, count=56), solve_input_dim("lstm", units=2, count=57)
    (4, None)
    """
    at_one = count_params(kind, 1, units, reset_after=reset_after)
    slope = count_params(kind, 2, units, reset_after=reset_after) - at_one
    extra, remainder = divmod(count - at_one, slope)
    if remainder or extra < 0:
        return None
    input_dim = 1 + extra
    return input_dim if count_params(kind, input_dim, units, reset_after=reset_after) == count else None


def readings(kinds, units, params, bidirectional):
    """Every (kind, reset_after) reading of a recurrent count, with d solved exactly."""
    directions = 2 if bidirectional else 1
    if params % directions:
        return []
    found = []
    for kind in kinds:
        for reset_after in ((True, False) if kind == "gru" else (None,)):
            flag = True if reset_after is None else reset_after
            input_dim = solve_input_dim(kind, units, params // directions, reset_after=flag)
            if input_dim is None:
                continue
            formula = param_formula(kind, input_dim, units, reset_after=flag)
            if bidirectional:
                inner = formula.rsplit(" = ", 1)[0]
                formula = f"2 × {inner} = {grouped(params)}" if GATES[kind] > 1 else f"2 × ({inner}) = {grouped(params)}"
            found.append(Candidate(kind, units, input_dim, bidirectional, reset_after, formula))
    return found


def explain_recurrent(row, kinds, bidirectional, type_read, known_input):
    """Candidates and notes for a row whose type can hold a recurrent layer."""
    notes = []
    if not row.type_complete and row.type:
        notes.append(f"the type was cut at the column: '{row.type}' is read as {type_read}")
    width = last_axis(row.output_shape)
    if not width:
        return (), (*notes, "the output shape has no size on its last axis, so units cannot be read")
    if bidirectional:
        if width % 2:
            return (), (*notes, f"the output's last axis ({width}) is odd, so it is not two concatenated directions")
        units = width // 2
        notes.append(f"units = {width} / 2 = {units}: the output's last axis, halved "
                     f"(assuming Bidirectional's default merge_mode='concat')")
    else:
        units = width
        notes.append(f"units = {units}: the output's last axis")
    found = readings(kinds, units, row.params, bidirectional)
    if known_input is not None:
        size, source = known_input
        agreeing = [candidate for candidate in found if candidate.input_dim == size]
        if agreeing:
            notes.append(f"input size {size} from {source}: kept only the readings with {size} features")
            found = agreeing
        elif found:
            notes.append(f"{source} suggests {size} input features, but no reading with {size} reproduces the count")
    if not found:
        causes = "another merge_mode, use_bias=False" if bidirectional else "use_bias=False"
        notes.append(f"no {' or '.join(KIND_NAMES[kind] for kind in kinds)} with use_bias=True reproduces "
                     f"{row.params:,}: {causes} or a custom cell would explain it")
    if any(candidate.kind == "gru" for candidate in found) and len({c.reset_after for c in found if c.kind == "gru"}) == 2:
        notes.append(f"a GRU fits with both reset_after settings: {RESET_AFTER_DEFAULTS}")
    return tuple(found), tuple(notes)


def explain_other(row, type_read, known_input):
    """A sentence for a row that is not recurrent: Dense and Embedding counts worked out."""
    width = last_axis(row.output_shape)
    if row.params == 0:
        return "not recurrent; no parameters"
    if type_read == "Dense" and width:
        inputs, remainder = divmod(row.params - width, width)
        if known_input is not None and known_input[0] * width + width == row.params:
            inputs, remainder = known_input[0], 0
        if not remainder and inputs >= 1:
            return f"not recurrent: Dense, inputs·units + units = {inputs}·{width} + {width} = {row.params:,}"
    if type_read == "Embedding" and width and row.params % width == 0:
        return f"not recurrent: Embedding, words × dimensions = {row.params // width} × {width} = {row.params:,}"
    return "not recurrent"


def totals_note(summary, layers):
    """Say whether the rows add up to Total params, or what the difference is."""
    rows_total = sum(layer.params for layer in layers)
    total = summary.total_params
    if total is None:
        return f"The rows add up to {rows_total:,} parameters (the summary's Total params line was not pasted)."
    if rows_total == total:
        return f"The rows add up to {rows_total:,} = Total params."
    optimizer = summary.optimizer_params
    if optimizer is not None and rows_total + optimizer == total:
        return (f"The rows add up to {rows_total:,}; Total params {total:,} also counts "
                f"{optimizer:,} optimizer variables (the Optimizer params line, printed after fit).")
    difference = total - rows_total
    return (f"The rows add up to {rows_total:,}, but Total params is {total:,} (a difference of {difference:,}): "
            f"a layer used twice is counted once in the total, and rows left out of the paste are missing from the sum.")


def explain_summary(text):
    """Explain a pasted ``model.summary()``: every row, and every reading of each recurrent count.

    >>> print(explain_summary("lstm_6 (LSTM) (None, 3) 72"))
    1 layer read from a Keras 2 text table.
    <BLANKLINE>
    lstm_6 (LSTM): output (None, 3), 72 parameters
      units = 3: the output's last axis
      1 reading reproduces the count exactly:
        LSTM(3) on 2 features: 4 × (3·2 + 3·3 + 3) = 72
    <BLANKLINE>
    The rows add up to 72 parameters (the summary's Total params line was not pasted).
    """
    summary = parse_summary(text)
    outputs = {}
    layers = []
    previous = None
    for row in summary.rows:
        kinds, bidirectional, type_read = read_type(row.type, row.type_complete)
        # Where the input size comes from: the inbound layer named in "Connected to", or, in a
        # summary without that column (a chain of layers), the row above.
        known_input = None
        if summary.has_connections:
            if len(row.connected_to) == 1 and row.connected_to[0] in outputs:
                inbound = row.connected_to[0]
                known_input = (outputs[inbound], f"the output of {inbound}")
        elif previous is not None and last_axis(previous.output_shape) is not None:
            known_input = (last_axis(previous.output_shape), f"the row above ({previous.name})")
        if known_input and known_input[0] is None:
            known_input = None
        if kinds:
            candidates, notes = explain_recurrent(row, kinds, bidirectional, type_read, known_input)
            layer = LayerExplanation(row.name, row.type, row.output_shape, row.params, True, candidates, notes)
        else:
            note = explain_other(row, type_read, known_input)
            if not row.type_complete and row.type:
                note += f" (the type was cut at the column: '{row.type}' is read as {type_read})"
            layer = LayerExplanation(row.name, row.type, row.output_shape, row.params, False, (), (note,))
        layers.append(layer)
        outputs[row.name] = last_axis(row.output_shape)
        previous = row
    return SummaryReport(tuple(layers), summary.total_params, totals_note(summary, layers), summary.layout)
