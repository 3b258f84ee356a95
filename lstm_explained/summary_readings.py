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

from .facts import BIAS_ROWS, GATES, KIND_NAMES, KINDS
from .formulas import grouped
from .summary_formats import family

# Kind -> (the class Keras prints, gate blocks): the package's kinds (facts.py) and the ones only summaries hold.
# CuDNNLSTM and CuDNNGRU (Keras 2 on TensorFlow 1 GPUs) keep two bias vectors per gate, as cuDNN
# does; ConvLSTM's gates are convolutions, so its count has the kernel's size in it.
SUMMARY_KINDS = {
    **{kind: (KIND_NAMES[kind], GATES[kind]) for kind in KINDS},
    "cudnn_lstm": ("CuDNNLSTM", GATES["lstm"]),
    "cudnn_gru": ("CuDNNGRU", GATES["gru"]),
    "conv_lstm1d": ("ConvLSTM1D", GATES["lstm"]),
    "conv_lstm2d": ("ConvLSTM2D", GATES["lstm"]),
    "conv_lstm3d": ("ConvLSTM3D", GATES["lstm"]),
}
CONV_DIMS = {"conv_lstm1d": 1, "conv_lstm2d": 2, "conv_lstm3d": 3}  # the kernel's sides
CONV_READINGS_SHOWN = 6  # per data_format: without the input's channels a count fits many kernels
RESET_AFTER_DEFAULTS = (
    "reset_after=True is the default of Keras 3 and of tf.keras in TensorFlow 2 (Keras 2.4 to 2.15 is tf.keras); "
    "reset_after=False was the default of standalone Keras up to 2.3 and of TensorFlow 1's tf.keras"
)
KIND_NOTES = {
    "cudnn_lstm": "CuDNNLSTM keeps two bias vectors per gate, one for the input and one for the recurrent "
                  "product, as cuDNN does: 4 × (u·d + u·u + 2·u), 4·u more than an LSTM",
    "cudnn_gru": "CuDNNGRU keeps two bias vectors per gate, as cuDNN does: 3 × (u·d + u·u + 2·u), "
                 "the count of a GRU with reset_after=True",
}
UNBUILT_ADVICE = ("give it the shape of its input, with keras.Input(shape=(timesteps, features)) as its first "
                  "layer or model.build((None, timesteps, features)), and print the summary again")
UNBUILT = f"not built yet: Keras prints '0 (unbuilt)' and '?' until the model knows its input's shape; {UNBUILT_ADVICE}"
NAMES_RECURRENT = re.compile(r"LSTM|GRU|RNN", re.I)


def plural(count, word):
    """``'1 feature'``, ``'3 features'``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@dataclass(frozen=True)
class Candidate:
    """One configuration that reproduces a recurrent row's count exactly.

    For ConvLSTM, ``units`` is the number of filters, ``input_dim`` the input's channels,
    ``kernel_size`` the kernel's sides and ``data_format`` the axis the filters were read from.
    """

    kind: str
    units: int
    input_dim: int
    bidirectional: bool
    reset_after: bool | None  # None unless kind == "gru"
    formula: str
    kernel_size: tuple | None = None
    data_format: str | None = None  # ConvLSTM only: where its filters are

    def describe(self):
        """The reading as Keras code would write it, e.g. ``GRU(8, reset_after=False) on 9 features``."""
        layer = f"{SUMMARY_KINDS[self.kind][0]}({self.units}"
        if self.kernel_size is not None:
            layout = ", data_format='channels_first'" if self.data_format == "channels_first" else ""
            layer += f", kernel_size={self.kernel_size}{layout})"
        elif self.reset_after is not None:
            layer += f", reset_after={self.reset_after})"
        else:
            layer += ")"
        if self.bidirectional:
            layer = f"Bidirectional({layer})"
        inputs = plural(self.input_dim, "channel" if self.kernel_size is not None else "feature")
        return f"{layer} on {inputs}: {self.formula}"

    def to_dict(self):
        data = {"framework": "keras", **asdict(self)}
        data["kernel_size"] = list(self.kernel_size) if self.kernel_size is not None else None
        return data


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
    built: bool = True

    def to_dict(self):
        return {
            "name": self.name, "type": self.type, "output_shape": self.output_shape, "params": self.params,
            "recurrent": self.recurrent, "built": self.built,
            "candidates": [candidate.to_dict() for candidate in self.candidates], "notes": list(self.notes),
        }


def shape_axes(shape):
    """The axes of the (first) shape printed, and whether the shape was cut before its closing bracket.

    >>> shape_axes("[(None, 100, 4)]"), shape_axes("(None, 8, 16, 240, 2")
    (([None, 100, 4], False), ([None, 8, 16, 240, 2], True))
    """
    first = re.search(r"\(([^()]*)(\)?)", shape or "")
    if not first:
        return [], False
    axes = [axis.strip() for axis in first.group(1).split(",") if axis.strip()]
    return [int(axis) if axis.isdigit() else None for axis in axes], not first.group(2)


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
    (('lstm', 'gru', 'simple_rnn', 'cudnn_lstm', 'cudnn_gru'), True, 'Bidirectional')
    >>> read_type("TimeDis", complete=False, types=keras)
    ((), False, 'TimeDistributed')
    """
    recurrent = types.RECURRENT_TYPES
    if complete or not printed:
        kinds, bidirectional = recurrent.get(printed, ((), False))
        return kinds, bidirectional, printed
    matches = [name for name in (*recurrent, *types.OTHER_TYPES) if name.startswith(printed)]
    kinds = tuple(kind for kind in SUMMARY_KINDS if any(kind in recurrent.get(name, ((),))[0] for name in matches))
    bidirectional = any(recurrent.get(name, ((), False))[1] for name in matches)
    return kinds, bidirectional, " or ".join(matches)


def _bias_rows(kind, reset_after):
    """Bias vectors per gate block: two for cuDNN's layers, the package's BIAS_ROWS for the others."""
    return 2 if kind in ("cudnn_lstm", "cudnn_gru") else BIAS_ROWS[kind][reset_after]


def _layer_count(kind, input_dim, units, reset_after):
    """The count of one direction: gates · units · (d + units + bias rows)."""
    return SUMMARY_KINDS[kind][1] * units * (input_dim + units + _bias_rows(kind, reset_after))


def _count_formula(kind, input_dim, units, reset_after):
    """The count with the numbers plugged in, as formulas.param_formula writes it."""
    gates, rows = SUMMARY_KINDS[kind][1], _bias_rows(kind, reset_after)
    bias = f" + {units}" if rows == 1 else f" + {rows}·{units}"
    numbers = f"{units}·{input_dim} + {units}·{units}{bias}"
    plugged = f"{gates} × ({numbers})" if gates > 1 else numbers
    return f"{plugged} = {grouped(_layer_count(kind, input_dim, units, reset_after))}"


def solve_input_dim(kind, units, count, reset_after=True):
    """The input size d that gives exactly ``count`` parameters, or None if no whole d of at least 1 does.

    ``kind`` is one of :data:`SUMMARY_KINDS`, as a family's ``RECURRENT_TYPES`` gives it: trusted, not checked again.

    >>> solve_input_dim("lstm", units=2, count=56), solve_input_dim("lstm", units=2, count=57)
    (4, None)
    """
    per_input = SUMMARY_KINDS[kind][1] * units
    if count % per_input:
        return None
    input_dim = count // per_input - units - _bias_rows(kind, reset_after)
    return input_dim if input_dim >= 1 else None


def readings(kinds, units, params, bidirectional):
    """Every (kind, reset_after) reading of a recurrent count, with d solved exactly."""
    directions = 2 if bidirectional else 1
    if params % directions:
        return []
    found = []
    for kind in kinds:
        if kind in CONV_DIMS:
            continue
        for reset_after in ((True, False) if kind == "gru" else (None,)):
            flag = True if reset_after is None else reset_after
            input_dim = solve_input_dim(kind, units, params // directions, reset_after=flag)
            if input_dim is None:
                continue
            formula = _count_formula(kind, input_dim, units, flag)
            if bidirectional:
                inner = formula.rsplit(" = ", 1)[0]
                formula = f"2 × {inner} = {grouped(params)}" if SUMMARY_KINDS[kind][1] > 1 else f"2 × ({inner}) = {grouped(params)}"
            found.append(Candidate(kind, units, input_dim, bidirectional, reset_after, formula))
    return found


def conv_count(kernel, channels, filters):
    """ConvLSTM's count: 4 gates, each a kernel over input and state channels, and a bias per filter."""
    return 4 * (kernel * (channels + filters) * filters + filters)


def kernel_sides(kernel, dims, square_only):
    """A kernel of ``kernel`` cells as ``dims`` sides: equal sides, or the most nearly equal ones.

    >>> kernel_sides(9, 2, True), kernel_sides(6, 2, True), kernel_sides(6, 2, False), kernel_sides(5, 1, True)
    ((3, 3), None, (2, 3), (5,))
    """
    side = round(kernel ** (1 / dims))
    for candidate in (side - 1, side, side + 1):
        if candidate >= 1 and candidate ** dims == kernel:
            return (candidate,) * dims
    if square_only:
        return None
    best = None
    for first in range(1, kernel + 1):
        if kernel % first == 0:
            rest = (kernel // first,) if dims == 2 else kernel_sides(kernel // first, dims - 1, False)
            sides = tuple(sorted((first, *rest)))
            if best is None or max(sides) - min(sides) < max(best) - min(best):
                best = sides
    return best


def conv_readings(kind, filters, params, channels=None, data_format="channels_last"):
    """Every (kernel, input channels) of a ConvLSTM count with ``filters`` filters, smallest kernels first.

    ``kind`` is one of :data:`CONV_DIMS`' kinds (trusted, not checked again).
    ``4·(k·(c + f)·f + f)`` fixes k·(c + f) only, so without the input's ``channels`` only square
    kernels are listed; with them, the kernel's size k follows.

    >>> [(c.kernel_size, c.input_dim) for c in conv_readings("conv_lstm2d", filters=8, params=3200)]
    [((1, 1), 91), ((3, 3), 3)]
    """
    dims = CONV_DIMS[kind]
    if params % 4 or (params // 4 - filters) <= 0 or (params // 4 - filters) % filters:
        return []
    per_kernel = (params // 4 - filters) // filters  # = k·(c + f)
    found = []
    for kernel in range(1, per_kernel + 1):
        if per_kernel % kernel or per_kernel // kernel - filters < 1:
            continue
        found_channels = per_kernel // kernel - filters
        if channels is not None and found_channels != channels:
            continue
        sides = kernel_sides(kernel, dims, square_only=channels is None)
        if sides is None:
            continue
        inner = f"{'·'.join(map(str, sides))}·({found_channels} + {filters})·{filters} + {filters}"
        formula = f"4 × ({inner}) = {grouped(conv_count(kernel, found_channels, filters))}"
        found.append(Candidate(kind, filters, found_channels, False, None, formula, sides, data_format))
    return found


def _channels_axis(axes, dims, data_format):
    """Where the channels are in an output of ``dims`` spatial axes (with or without time)."""
    if data_format == "channels_last":
        return len(axes) - 1
    return 1 if len(axes) == dims + 2 else 2


def _explain_conv(row, kind, known_input):
    """Candidates and notes for a ConvLSTM row: filters from the channels axis, then kernel and channels.

    The summary does not say the data_format. A format under which the row above gives the input's
    channels and a kernel fits is taken alone; otherwise the readings of both formats are listed.
    """
    dims = CONV_DIMS[kind]
    axes, cut = shape_axes(row.output_shape)
    if len(axes) not in (dims + 2, dims + 3):
        return (), (f"the output shape does not have the {dims + 2} or {dims + 3} axes of a {SUMMARY_KINDS[kind][0]}, "
                    "so its filters cannot be read",)
    previous_axes = shape_axes(known_input[0])[0] if known_input else []
    unconfirmed, notes = [], []
    for data_format in ("channels_last", "channels_first"):
        if data_format == "channels_last" and cut:
            notes.append("the last axis was cut at the column, so it is not read as the filters")
            continue
        filters = axes[_channels_axis(axes, dims, data_format)]
        if not filters:
            continue
        where = (f"filters = {filters} with data_format='channels_last' (Keras' default): the output's last axis"
                 if data_format == "channels_last" else
                 f"filters = {filters} with data_format='channels_first': the axis after time")
        channels = None
        if len(previous_axes) in (dims + 2, dims + 3):
            channels = previous_axes[_channels_axis(previous_axes, dims, data_format)]
        if channels is not None:
            exact = conv_readings(kind, filters, row.params, channels, data_format)
            if exact:
                return tuple(exact), (*notes, where,
                                      f"input channels {channels} from {known_input[1]}: the kernel's size follows")
        found = conv_readings(kind, filters, row.params, data_format=data_format)
        if found:
            notes.append(where)
            if len(found) > CONV_READINGS_SHOWN:
                notes.append(f"{len(found) - CONV_READINGS_SHOWN} more readings with {data_format} and larger kernels "
                             "are not listed")
            unconfirmed.extend(found[:CONV_READINGS_SHOWN])
    if not unconfirmed:
        notes.append(f"no {SUMMARY_KINDS[kind][0]} with use_bias=True reproduces {grouped(row.params)} with its filters on "
                     "the last axis or on the axis after time")
        return (), tuple(notes)
    if known_input is not None and len(previous_axes) in (dims + 2, dims + 3):
        notes.append(f"{known_input[1]} gives no input channels that fit, so the readings are not narrowed")
    if len(unconfirmed) > 1:
        notes.append("the count fixes the kernel's size times (channels + filters), not each: every square "
                     "kernel that fits is listed, smallest first (a kernel that is not square, with the same "
                     "number of cells, fits too)")
    return tuple(unconfirmed), tuple(notes)


def explain_recurrent(row, kinds, bidirectional, type_read, known_input):
    """Candidates and notes for a row whose type can hold a recurrent layer."""
    notes = []
    if not row.type_complete and row.type:
        notes.append(f"the type was cut at the column: '{row.type}' is read as {type_read}")
    notes.extend(KIND_NOTES[kind] for kind in kinds if kind in KIND_NOTES and len(kinds) == 1)
    if len(kinds) == 1 and kinds[0] in CONV_DIMS:
        found, conv_notes = _explain_conv(row, kinds[0], known_input)
        return found, (*notes, *conv_notes)
    width = last_axis(row.output_shape)
    if not width:
        if shape_axes(row.output_shape)[1]:
            return (), (*notes, "the output shape was cut before its last axis, so units cannot be read")
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
    size = last_axis(known_input[0]) if known_input else None
    if size is not None:
        source = known_input[1]
        agreeing = [candidate for candidate in found if candidate.input_dim == size]
        if agreeing:
            notes.append(f"input size {size} from {source}: kept only the readings with {plural(size, 'feature')}")
            found = agreeing
        elif found:
            notes.append(f"{source} suggests {plural(size, 'input feature')}, but no reading with {size} "
                         "reproduces the count")
    if not found:
        causes = "another merge_mode, use_bias=False" if bidirectional else "use_bias=False"
        names = " or ".join(SUMMARY_KINDS[kind][0] for kind in kinds if kind not in CONV_DIMS)
        notes.append(f"no {names} with use_bias=True reproduces {grouped(row.params)}: {causes} or a custom cell would explain it")
    for kind in sorted({candidate.kind for candidate in found} & set(KIND_NOTES)):
        if len(kinds) > 1:
            notes.append(KIND_NOTES[kind])
    if any(candidate.kind == "gru" for candidate in found) and len({c.reset_after for c in found if c.kind == "gru"}) == 2:
        notes.append(f"a GRU fits with both reset_after settings: {RESET_AFTER_DEFAULTS}")
    return tuple(found), tuple(notes)


def explain_other(row, type_read, known_input):
    """A sentence for a row that is not recurrent: Dense and Embedding counts worked out."""
    width = last_axis(row.output_shape)
    if row.params == 0:
        return "not recurrent; no parameters"
    known_size = last_axis(known_input[0]) if known_input else None
    if type_read == "Dense" and width:
        inputs, remainder = divmod(row.params - width, width)
        if known_size is not None and known_size * width + width == row.params:
            inputs, remainder = known_size, 0
        if not remainder and inputs >= 1:
            return f"not recurrent: Dense, inputs·units + units = {inputs}·{width} + {width} = {grouped(row.params)}"
    if type_read == "Embedding" and width and row.params % width == 0:
        return f"not recurrent: Embedding, words × dimensions = {row.params // width} × {width} = {grouped(row.params)}"
    return "not recurrent"


def cut_type_note(row, type_read):
    """What a type cut at the column was read as."""
    if type_read:
        return f"the type was cut at the column: '{row.type}' is read as {type_read}"
    return f"the type was cut at the column: '{row.type}' starts no type this tool knows, so it is read as an unknown layer"


def explain_row(row, types, known_input):
    """The :class:`LayerExplanation` of one row; ``known_input`` is (the input's shape, where it came from) or None."""
    kinds, bidirectional, type_read = read_type(row.type, row.type_complete, types)
    if not row.built:
        return LayerExplanation(row.name, row.type, row.output_shape, row.params, bool(kinds), (),
                                (*row.notes, UNBUILT), built=False)
    if kinds:
        candidates, notes = explain_recurrent(row, kinds, bidirectional, type_read, known_input)
        return LayerExplanation(row.name, row.type, row.output_shape, row.params, True, candidates, (*row.notes, *notes))
    if NAMES_RECURRENT.search(type_read or row.type):
        note = f"a recurrent layer this tool cannot count yet ({type_read or row.type}): its count is not read back into sizes"
        return LayerExplanation(row.name, row.type, row.output_shape, row.params, True, (), (*row.notes, note))
    note = explain_other(row, type_read, known_input)
    if not row.type_complete and row.type:
        note += f" ({cut_type_note(row, type_read)})"
    return LayerExplanation(row.name, row.type, row.output_shape, row.params, False, (), (*row.notes, note))


def explain_rows(summary):
    """A :class:`LayerExplanation` for every row of one :class:`ParsedSummary`, in order."""
    types = family(summary.family)
    outputs = {}
    layers = []
    previous = None
    for row in summary.rows:
        # Where the input comes from: the inbound layer named in "Connected to", or, in a summary
        # without that column (a chain of layers), the row above.
        known_input = None
        if summary.has_connections:
            if len(row.connected_to) == 1 and row.connected_to[0] in outputs:
                inbound = row.connected_to[0]
                known_input = (outputs[inbound], f"the output of {inbound}")
        elif previous is not None:
            known_input = (previous.output_shape, f"the row above ({previous.name})")
        layers.append(explain_row(row, types, known_input))
        outputs[row.name] = row.output_shape
        previous = row
    return layers
