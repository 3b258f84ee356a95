"""Turn the rows of any printout into readings: every layer configuration that reproduces a count.

A recurrent layer's count is linear in its input size ``d`` once the kind and ``units`` are
fixed, so ``d`` follows from the printed count exactly. The rows come from a family module of
:mod:`lstm_explained.summary_formats`; a row's printed type is looked up in that family's
``RECURRENT_TYPES``. The kinds are checked once, here, where they are defined: the counts below
are the formulas of :mod:`lstm_explained.formulas` for kinds already known to be valid, and
``tests/test_summary.py`` checks every reading against :func:`lstm_explained.count_params`.

>>> from lstm_explained.summary_formats import parse_summaries
>>> (summary,) = parse_summaries("lstm (LSTM) (None, 2) 56")
>>> [reading.describe() for reading in explain_rows(summary)[0].candidates]
['LSTM(2) on 4 features: 4 × (2·4 + 2·2 + 2) = 56']
"""

import re
from dataclasses import asdict, dataclass

from .summary_formats import family

# Kind -> (name as Keras writes it, gate blocks). The gate counts are formulas.GATES'.
KINDS = {
    "lstm": ("LSTM", 4),
    "gru": ("GRU", 3),
    "simple_rnn": ("SimpleRNN", 1),
}
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
        layer = f"{KINDS[self.kind][0]}({self.units}"
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
            "recurrent": self.recurrent, "candidates": [{"framework": "keras", **asdict(candidate)} for candidate in self.candidates],
        }


def last_axis(shape):
    """The last axis of the (first) shape printed, or None: ``'[(None, 100, 4)]'`` -> 4."""
    first = re.search(r"\(([^()]*)\)", shape or "")
    if not first:
        return None
    axes = [axis.strip() for axis in first.group(1).split(",") if axis.strip()]
    return int(axes[-1]) if axes and axes[-1].isdigit() else None


def read_type(printed, complete, types):
    """The recurrent kinds a printed type can hold, whether it is bidirectional, and the type read.

    ``types`` is the printout family's module. A type cut at the column ("Bidirection") is read as
    every known type it is the start of.

    >>> from lstm_explained.summary_formats import keras
    >>> read_type("Bidirection", complete=False, types=keras)
    (('lstm', 'gru', 'simple_rnn'), True, 'Bidirectional')
    >>> read_type("TimeDis", complete=False, types=keras)
    ((), False, 'TimeDistributed')
    """
    recurrent = types.RECURRENT_TYPES
    if complete or not printed:
        kinds, bidirectional = recurrent.get(printed, ((), False))
        return kinds, bidirectional, printed
    matches = [name for name in (*recurrent, *types.OTHER_TYPES) if name.startswith(printed)]
    kinds = tuple(kind for kind in KINDS if any(kind in recurrent.get(name, ((),))[0] for name in matches))
    bidirectional = any(recurrent.get(name, ((), False))[1] for name in matches)
    return kinds, bidirectional, " or ".join(matches)


def bias_rows(kind, reset_after):
    """Bias vectors per gate block: two for a GRU with reset_after=True, one otherwise."""
    return 2 if kind == "gru" and reset_after else 1


def layer_count(kind, input_dim, units, reset_after):
    """The count of one direction: gates · units · (d + units + bias rows)."""
    return KINDS[kind][1] * units * (input_dim + units + bias_rows(kind, reset_after))


def count_formula(kind, input_dim, units, reset_after):
    """The count with the numbers plugged in, as formulas.param_formula writes it."""
    gates, rows = KINDS[kind][1], bias_rows(kind, reset_after)
    bias = f" + {units}" if rows == 1 else f" + {rows}·{units}"
    numbers = f"{units}·{input_dim} + {units}·{units}{bias}"
    plugged = f"{gates} × ({numbers})" if gates > 1 else numbers
    return f"{plugged} = {layer_count(kind, input_dim, units, reset_after)}"


def solve_input_dim(kind, units, count, reset_after=True):
    """The input size d that gives exactly ``count`` parameters, or None if no whole d of at least 1 does.

    >>> solve_input_dim("lstm", units=2, count=56), solve_input_dim("lstm", units=2, count=57)
    (4, None)
    """
    per_input = KINDS[kind][1] * units
    if count % per_input:
        return None
    input_dim = count // per_input - units - bias_rows(kind, reset_after)
    return input_dim if input_dim >= 1 else None


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
            formula = count_formula(kind, input_dim, units, flag)
            if bidirectional:
                inner = formula.rsplit(" = ", 1)[0]
                formula = f"2 × {inner} = {params}" if KINDS[kind][1] > 1 else f"2 × ({inner}) = {params}"
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
        notes.append(f"no {' or '.join(KINDS[kind][0] for kind in kinds)} with use_bias=True reproduces "
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


def explain_rows(summary):
    """A :class:`LayerExplanation` for every row of one :class:`ParsedSummary`, in order."""
    types = family(summary.family)
    outputs = {}
    layers = []
    previous = None
    for row in summary.rows:
        kinds, bidirectional, type_read = read_type(row.type, row.type_complete, types)
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
    return layers
