"""Turn the rows of a PyTorch printout into sizes, counts and formulas, and the same layer in Keras.

PyTorch's ``nn.LSTM``, ``nn.GRU`` and ``nn.RNN`` keep, per layer and direction, ``weight_ih``
(``gates·h × d``), ``weight_hh`` (``gates·h × r``, ``r`` being ``proj_size`` or ``h``) and two
bias vectors, plus ``weight_hr`` (``p × h``) with a projection. Layer 0 reads ``input_size``
features; the layers above read the layer below's output, both directions side by side.

>>> module = TorchModule("lstm", input_size=4, hidden_size=2, num_layers=2, bidirectional=True)
>>> torch_count(module)
256
>>> [term.formula for term in layer_terms(module)][:1]
['4 × (2·4 + 2·2 + 2·2) = 64']
"""

import math
import re
from dataclasses import dataclass

from .formulas import GATES, count_params
from .summary_formats.torch import RECURRENT_MODULES

MAX_LAYERS = 3  # num_layers tried when the printout does not print it
MAX_LISTED = 30  # readings written out in full; the rest are counted
TORCH_NAMES = {"lstm": "LSTM", "gru": "GRU", "simple_rnn": "RNN"}
KERAS_NAMES = {"lstm": "LSTM", "gru": "GRU", "simple_rnn": "SimpleRNN"}


@dataclass(frozen=True)
class TorchModule:
    """One configuration of a PyTorch recurrent module (``cell=True`` for LSTMCell, GRUCell, RNNCell)."""

    kind: str
    input_size: int
    hidden_size: int
    num_layers: int = 1
    bidirectional: bool = False
    proj_size: int = 0
    bias: bool = True
    cell: bool = False
    nonlinearity: str = "tanh"

    def code(self):
        """The module as PyTorch code writes it, every size named.

        >>> TorchModule("gru", 4, 2, bias=False).code()
        'nn.GRU(input_size=4, hidden_size=2, num_layers=1, bidirectional=False, proj_size=0, bias=False)'
        """
        name = TORCH_NAMES[self.kind] + ("Cell" if self.cell else "")
        settings = [f"input_size={self.input_size}", f"hidden_size={self.hidden_size}"]
        if not self.cell:
            settings += [f"num_layers={self.num_layers}", f"bidirectional={self.bidirectional}",
                         f"proj_size={self.proj_size}"]
        settings.append(f"bias={self.bias}")
        if self.kind == "simple_rnn" and self.nonlinearity != "tanh":
            settings.append(f"nonlinearity='{self.nonlinearity}'")
        return f"nn.{name}({', '.join(settings)})"


@dataclass(frozen=True)
class LayerTerm:
    """The parameters of one layer and direction, and the formula that counts them."""

    layer: int
    direction: str  # "forward" or "backward"
    input_size: int
    count: int
    formula: str


def _term(kind, input_size, hidden_size, proj_size, bias):
    """Count and formula of one layer and direction: ``gates × (h·d + h·r + 2·h) + p·h``."""
    gates = GATES[kind]
    recurrent = proj_size or hidden_size
    parts = [f"{hidden_size}·{input_size}", f"{hidden_size}·{recurrent}"]
    if bias:
        parts.append(f"2·{hidden_size}")
    inner = " + ".join(parts)
    text = f"{gates} × ({inner})" if gates > 1 else inner
    count = gates * hidden_size * (input_size + recurrent + (2 if bias else 0))
    if proj_size:
        text += f" + {proj_size}·{hidden_size}"
        count += proj_size * hidden_size
    return count, f"{text} = {count}"


def layer_terms(module):
    """One :class:`LayerTerm` per layer and direction, in ``state_dict`` order.

    >>> [(t.layer, t.direction, t.input_size, t.count) for t in layer_terms(TorchModule("gru", 4, 2, num_layers=2))]
    [(0, 'forward', 4, 48), (1, 'forward', 2, 36)]
    """
    directions = ("forward", "backward") if module.bidirectional else ("forward",)
    output_width = len(directions) * (module.proj_size or module.hidden_size)
    terms = []
    for layer in range(module.num_layers):
        layer_input = module.input_size if layer == 0 else output_width
        for direction in directions:
            count, formula = _term(module.kind, layer_input, module.hidden_size, module.proj_size, module.bias)
            terms.append(LayerTerm(layer, direction, layer_input, count, formula))
    return terms


def torch_count(module):
    """``sum(p.numel() for p in module.parameters())``, from the sizes alone.

    >>> torch_count(TorchModule("lstm", 4, 2, proj_size=1))   # 4 × (2·4 + 2·1 + 2·2) + 1·2
    58
    """
    return sum(term.count for term in layer_terms(module))


def keras_equivalent(module):
    """The same layer in Keras: (count or None, what it is, why the counts differ).

    >>> keras_equivalent(TorchModule("lstm", 4, 2))
    (56, 'LSTM(2) on 4 features', 'Keras keeps one bias vector where PyTorch keeps two (bias_ih and bias_hh): 4·2 = 8 fewer per layer and direction')
    """
    if module.proj_size:
        return None, "no Keras layer", "Keras has no LSTM with a projection (proj_size), so no Keras layer holds these weights"
    name = KERAS_NAMES[module.kind]
    options = [] if module.bias else ["use_bias=False"]
    if module.kind == "simple_rnn" and module.nonlinearity != "tanh":
        options.append(f"activation='{module.nonlinearity}'")
    layer = f"{name}{'Cell' if module.cell else ''}({', '.join([str(module.hidden_size), *options])})"
    if module.bidirectional:
        layer = f"Bidirectional({layer})"
    directions = 2 if module.bidirectional else 1
    inputs = [term.input_size for term in layer_terms(module)][::directions]
    count = sum(count_params(module.kind, size, module.hidden_size, use_bias=module.bias) * directions for size in inputs)
    described = f"{layer} on {inputs[0]} features"
    if module.num_layers > 1:
        described = f"{module.num_layers} stacked {layer} layers (on {', then '.join(str(size) for size in inputs)} features)"
    gates = GATES[module.kind]
    if not module.bias:
        why = "the same count: neither framework has a bias here (use_bias=False in Keras)"
    elif module.kind == "gru":
        why = "the same count: Keras' GRU with reset_after=True (its default) also keeps two bias vectors"
    else:
        fewer = f"{gates}·{module.hidden_size} = {gates * module.hidden_size}" if gates > 1 else f"{module.hidden_size}"
        why = (f"Keras keeps one bias vector where PyTorch keeps two (bias_ih and bias_hh): "
               f"{fewer} fewer per layer and direction")
    return count, described, why


def read_arguments(type_, text):
    """A :class:`TorchModule` from the arguments ``print(model)`` shows, or None if they are not sizes.

    >>> read_arguments("LSTM", "4, 2, num_layers=2, batch_first=True, bidirectional=True")
    TorchModule(kind='lstm', input_size=4, hidden_size=2, num_layers=2, bidirectional=True, proj_size=0, bias=True, cell=False, nonlinearity='tanh')
    """
    kind, cell = RECURRENT_MODULES[type_]
    positional, named = [], {}
    for part in (part.strip() for part in text.split(",")):
        if "=" in part:
            key, value = (piece.strip() for piece in part.split("=", 1))
            named[key] = value.strip("'\"")
        elif part:
            positional.append(part)
    names = ["input_size", "hidden_size", "num_layers"]
    for key, value in zip(names, positional):
        named.setdefault(key, value)
    try:
        sizes = {key: int(named[key]) for key in ("input_size", "hidden_size")}
        settings = {"num_layers": int(named.get("num_layers", 1)), "proj_size": int(named.get("proj_size", 0))}
    except (KeyError, ValueError):
        return None
    return TorchModule(kind, **sizes, **settings, bidirectional=named.get("bidirectional") == "True",
                       bias=named.get("bias") != "False", cell=cell, nonlinearity=named.get("nonlinearity", "tanh"))


def last_axis(shape, which=0):
    """The last axis of the ``which``-th innermost list of a printed shape: ``'[[-1, 5, 4], [-1, 1, 2]]'`` -> 4.

    >>> last_axis("[1, 5, 4]"), last_axis("[[-1, 5, 4], [-1, 1, 2]]", 1), last_axis("--")
    (4, 2, None)
    """
    lists = re.findall(r"\[([^\[\]]*)\]", shape or "")
    if len(lists) <= which:
        return None
    axes = [axis.strip() for axis in lists[which].split(",") if axis.strip()]
    return int(axes[-1]) if axes and axes[-1].isdigit() and int(axes[-1]) > 0 else None


def readings(kind, cell, low, high, *, input_size=None, hidden_size=None, output_width=None,
             num_layers=None, bidirectional=None, bias=None, proj_size=0):
    """Every configuration whose count lies in ``[low, high]``, sizes solved where they are open.

    The count is linear in ``input_size`` once the rest is fixed, so ``d`` is solved, not searched.

    >>> [m.code() for m in readings("lstm", False, 64, 64, input_size=4, output_width=2, bias=True)]
    ['nn.LSTM(input_size=4, hidden_size=2, num_layers=1, bidirectional=False, proj_size=0, bias=True)']
    >>> len(readings("lstm", False, 64, 64, output_width=2))  # input_size and bias open: 7 readings
    7
    """
    found = []
    for use_bias in ((True, False) if bias is None else (bias,)):
        for directions in ((1,) if cell else (1, 2) if bidirectional is None else (2 if bidirectional else 1,)):
            for layers in ((1,) if cell else range(1, MAX_LAYERS + 1) if num_layers is None else (num_layers,)):
                shapes = []  # (hidden_size, proj_size) pairs to try
                if hidden_size is not None:
                    shapes = [(hidden_size, proj_size)]
                elif output_width is not None and output_width % directions == 0:
                    width = output_width // directions
                    shapes = [(width, 0)]
                    if kind == "lstm" and not cell:
                        # With a projection the output is proj_size wide, and hidden_size is larger.
                        shapes += [(hidden, width) for hidden in range(width + 1, high // (GATES[kind] * width) + 2)]
                elif output_width is None:
                    shapes = [(hidden, 0) for hidden in range(1, math.isqrt(high) + 2)]
                for hidden, projection in shapes:
                    def make(d):
                        return TorchModule(kind, d, hidden, layers, directions == 2, projection, use_bias, cell)
                    at_one = torch_count(make(1))
                    if at_one > high:
                        continue
                    slope = torch_count(make(2)) - at_one
                    if input_size is not None:
                        inputs = [input_size] if low <= torch_count(make(input_size)) <= high else []
                    else:
                        first = max(1, 1 + -(-(low - at_one) // slope))
                        inputs = range(first, 1 + (high - at_one) // slope + 1)
                    found.extend(make(d) for d in inputs)
    return found


@dataclass(frozen=True)
class TorchCandidate:
    """One configuration that reproduces a recurrent module's count, with both frameworks' counts."""

    module: TorchModule
    count: int
    terms: tuple
    keras_params: int | None
    keras_layer: str
    keras_reason: str
    # A rounded count (Lightning's 2.2 K) fits a run of input sizes: the last one and its count.
    input_size_max: int | None = None
    count_max: int | None = None

    def lines(self, detailed):
        """The reading for people; ``detailed`` adds the per-layer formulas and the Keras count."""
        header = f"{self.module.code()} = {self.count:,}"
        if self.input_size_max is not None:
            sizes = f"input_size={self.module.input_size} to {self.input_size_max}"
            header = (f"{self.module.code().replace(f'input_size={self.module.input_size}', sizes)} = "
                      f"{self.count:,} to {self.count_max:,}")
            return [header]
        if not detailed:
            return [header]
        lines = [header]
        for term in self.terms:
            where = f"layer {term.layer} {term.direction}" if not self.module.cell else "the cell"
            lines.append(f"  {where} (input {term.input_size}): {term.formula}")
        if len(self.terms) > 1:
            lines.append(f"  sum: {' + '.join(str(term.count) for term in self.terms)} = {self.count:,}")
        if self.keras_params is None:
            lines.append(f"  Keras: {self.keras_reason}")
        else:
            lines.append(f"  Keras: {self.keras_layer} = {self.keras_params:,}; {self.keras_reason}")
        return lines

    def to_dict(self):
        module = self.module
        return {
            "framework": "torch", "kind": module.kind, "module": self.module.code().split("(")[0],
            "units": module.hidden_size, "input_dim": module.input_size, "bidirectional": module.bidirectional,
            "num_layers": module.num_layers, "proj_size": module.proj_size, "bias": module.bias,
            "params": self.count, "keras_params": self.keras_params,
            "input_dim_max": self.input_size_max, "params_max": self.count_max,
            "formula": " + ".join(term.formula.rsplit(" = ", 1)[0] for term in self.terms) + f" = {self.count}",
        }


def candidate(module, input_size_max=None):
    """A :class:`TorchCandidate` for one configuration (input sizes up to ``input_size_max``, when given)."""
    keras_params, keras_layer, keras_reason = keras_equivalent(module)
    count_max = None
    if input_size_max is not None:
        count_max = torch_count(TorchModule(**{**module.__dict__, "input_size": input_size_max}))
    return TorchCandidate(module, torch_count(module), tuple(layer_terms(module)), keras_params, keras_layer,
                          keras_reason, input_size_max, count_max)


def _runs(found):
    """Readings that differ only in input_size, as (first module, last input size): a rounded count's readings."""
    runs = {}
    for module in found:
        key = TorchModule(**{**module.__dict__, "input_size": 0})
        first, last = runs.get(key, (module, module.input_size))
        runs[key] = (first if first.input_size <= module.input_size else module, max(last, module.input_size))
    return list(runs.values())


@dataclass(frozen=True)
class TorchModuleExplanation:
    """One module of the printout: what was printed, and for a recurrent one every reading of it."""

    name: str
    type: str
    params_text: str
    params_low: int | None
    params_high: int | None
    recurrent: bool
    candidates: tuple = ()
    notes: tuple = ()
    omitted: int = 0  # readings counted but not listed

    def to_dict(self):
        return {
            "name": self.name, "type": self.type, "params": self.params_text, "recurrent": self.recurrent,
            "candidates": [c.to_dict() for c in self.candidates], "more_readings": self.omitted,
        }


@dataclass(frozen=True)
class TorchReport:
    """The explanation of a whole PyTorch printout: ``str()`` for people, ``to_dict()`` for programs."""

    modules: tuple
    format: str
    total_params: int | None
    totals_note: str

    @property
    def layers(self):
        """The same rows under the name the Keras report uses."""
        return self.modules

    def to_dict(self):
        return {"framework": "torch", "format": self.format,
                "layers": [module.to_dict() for module in self.modules], "total_params": self.total_params}

    def __str__(self):
        count = len(self.modules)
        lines = [f"{count} module{'s' if count != 1 else ''} read from a {self.format}."]
        for module in self.modules:
            lines.append("")
            printed = ""
            if module.params_text:
                printed = (f": {module.params_text} parameters printed" if module.params_text[0].isdigit()
                           else f": no count printed ({module.params_text})")
            lines.append(f"{module.name} ({module.type}){printed}")
            lines.extend(f"  {note}" for note in module.notes)
            if module.candidates:
                listed = len(module.candidates) + module.omitted
                verb = "reproduces" if listed == 1 else "reproduce"
                lines.append(f"  {listed} reading{'s' if listed != 1 else ''} {verb} the count:")
                detailed = len(module.candidates) <= 3
                for reading in module.candidates:
                    lines.extend(f"    {line}" for line in reading.lines(detailed))
                if module.omitted:
                    lines.append(f"    ... and {module.omitted} more")
        lines.append("")
        lines.append(self.totals_note)
        return "\n".join(lines)


def _other_count(row):
    """The count of a non-recurrent module from its ``print(model)`` arguments, when they give it."""
    arguments = row.arguments or ""
    if row.type == "Linear":
        match = re.search(r"in_features=(\d+), out_features=(\d+)(?:, bias=(True|False))?", arguments)
        old = re.fullmatch(r"(\d+) -> (\d+)(?:, bias=(True|False))?", arguments)  # PyTorch 0.x
        match = match or old
        if match:
            inputs, outputs = int(match[1]), int(match[2])
            bias = match[3] != "False"
            return inputs * outputs + (outputs if bias else 0), (
                f"Linear: in·out + out = {inputs}·{outputs} + {outputs}" if bias else f"Linear: in·out = {inputs}·{outputs}")
    if row.type == "Embedding":
        match = re.match(r"(\d+), (\d+)", arguments)
        if match:
            return int(match[1]) * int(match[2]), f"Embedding: words × dimensions = {match[1]} × {match[2]}"
    if re.fullmatch(r"Dropout\d?d?|ReLU|Tanh|Sigmoid|Softmax|LogSoftmax|Identity|Flatten|GELU|LeakyReLU", row.type):
        return 0, "no parameters"
    return None, None


def first_axis(shape, which):
    """The first axis of the ``which``-th list of a printed shape, or None (torchsummary prints -1 there).

    >>> first_axis("[1, 5, 6], [4, 1, 3], [4, 1, 3]", 1), first_axis("[[-1, 5, 6], [-1, 2, 3]]", 1)
    (4, None)
    """
    lists = re.findall(r"\[([^\[\]]*)\]", shape or "")
    if len(lists) <= which:
        return None
    axes = [axis.strip() for axis in lists[which].split(",")]
    return int(axes[0]) if axes and axes[0].isdigit() and int(axes[0]) > 0 else None


def _explain_recurrent(row, previous_width, printed_bounds):
    """Candidates, notes and the number of readings left out, for a PyTorch recurrent module's row."""
    kind, cell = RECURRENT_MODULES[row.type]
    if row.arguments is not None:
        module = read_arguments(row.type, row.arguments)
        if module is None:
            return (), (f"its arguments ({row.arguments}) were not read as sizes",), 0
        return (candidate(module),), (), 0
    notes = []
    low, high = printed_bounds
    input_size = last_axis(row.input_shape)
    output_width = last_axis(row.output_shape)
    # torchsummary and pytorch-model-summary print every output: (output, h_n) or (output, (h_n, c_n)).
    state_width = last_axis(row.output_shape, 1)
    hidden_size = bidirectional = num_layers = None
    proj_size = 0
    if input_size is not None:
        notes.append(f"input_size {input_size}: the input shape's last axis")
    elif previous_width is not None:
        input_size = previous_width
        notes.append(f"input_size {input_size}: the last axis of the output of the row above")
    if state_width and output_width and output_width in (state_width, 2 * state_width):
        hidden_size, bidirectional = state_width, output_width == 2 * state_width
        notes.append(f"hidden_size {hidden_size}: h_n's last axis (the second shape); output {output_width} = "
                     f"{2 if bidirectional else 1} × {hidden_size}, so {'both directions' if bidirectional else 'one direction'}")
        cell_state_width = last_axis(row.output_shape, 2)  # an LSTM's c_n: hidden_size wide, also with a projection
        if kind == "lstm" and cell_state_width and cell_state_width != state_width:
            hidden_size, proj_size = cell_state_width, state_width
            notes.append(f"proj_size {proj_size} and hidden_size {hidden_size}: the last axes of h_n and c_n")
        stacked = first_axis(row.output_shape, 1)
        if stacked and not cell and stacked % (2 if bidirectional else 1) == 0:
            num_layers = stacked // (2 if bidirectional else 1)
            notes.append(f"num_layers {num_layers}: h_n's first axis {stacked} = num_layers × directions")
    elif output_width is not None:
        notes.append(f"output's last axis {output_width} = directions × hidden_size")
    if kind == "lstm" and not cell and output_width is None:
        notes.append("readings with proj_size are not listed: no output width is printed to give it")
    if low == 0:
        notes.append("0 is a known bug of torchsummary 1.5.1, not this module's count: it counts only "
                     "attributes named weight and bias, and PyTorch's recurrent modules store weight_ih_l0, "
                     "weight_hh_l0, ...; its Total params leaves this module out")
        if not (hidden_size and input_size):
            notes.append("the shapes printed do not give input_size and hidden_size, so the true count is open")
            return (), tuple(notes), 0
        layers = (num_layers,) if num_layers else (1,) if cell else tuple(range(1, MAX_LAYERS + 1))
        if len(layers) > 1:
            notes.append(f"num_layers and bias are not printed: the true count for 1 to {MAX_LAYERS} layers, with bias")
        found = [TorchModule(kind, input_size, hidden_size, layers_, bidirectional, 0, True, cell) for layers_ in layers]
        return tuple(candidate(m) for m in found), tuple(notes), 0
    if low != high:
        notes.append(f"the count was rounded: {row.params_text} is any count from {low:,} to {high:,}")
    open_sizes = input_size is None and output_width is None
    if open_sizes and low != high:
        notes.append("no sizes are printed, so only the defaults are tried (num_layers=1, one direction, bias=True); "
                     "other settings fit with other sizes")
        found = readings(kind, cell, low, high, num_layers=1, bidirectional=False, bias=True)
    else:
        if num_layers is None and not cell:
            notes.append(f"num_layers is not printed: readings with 1 to {MAX_LAYERS} layers")
        found = readings(kind, cell, low, high, input_size=input_size, hidden_size=hidden_size,
                         output_width=output_width, num_layers=num_layers, bidirectional=bidirectional,
                         proj_size=proj_size)
    if not found:
        notes.append(f"no nn.{row.type} with these sizes reproduces the count")
    if low != high:
        runs = _runs(found)
        listed = runs[:MAX_LISTED]
        return (tuple(candidate(m, last if last != m.input_size else None) for m, last in listed),
                tuple(notes), len(runs) - len(listed))
    listed = found[:MAX_LISTED]
    return tuple(candidate(m) for m in listed), tuple(notes), len(found) - len(listed)


def _totals_note(printout, explained, rows):
    if printout.format == "PyTorch print(model) tree":
        counts = [c.candidates[0].count for c in explained if c.recurrent and c.candidates]
        return (f"print(model) prints no counts and no total: the recurrent modules above hold {sum(counts):,} "
                f"parameters, each computed from its printed sizes.")
    leaves = [row for row in rows if not row.container and row.params_low is not None]
    low = sum(row.params_low for row in leaves)
    high = sum(row.params_high for row in leaves)
    rows_text = f"{low:,}" if low == high else f"{low:,} to {high:,}"
    if printout.total_low is None:
        return f"The modules add up to {rows_text} parameters (the Total params line was not pasted)."
    total_text = (f"{printout.total_low:,}" if printout.total_low == printout.total_high
                  else f"{printout.total_text} ({printout.total_low:,} to {printout.total_high:,})")
    missing = [module for module in explained if module.recurrent and module.params_low == 0 and module.candidates]
    if missing and low <= printout.total_high and printout.total_low <= high:
        first = missing[0].candidates[0]
        return (f"The modules add up to {rows_text}, which agrees with Total params {total_text}, but that total leaves "
                f"out what torchsummary printed as 0: with {missing[0].name} as {first.module.code()}, "
                f"the model holds {low + sum(m.candidates[0].count for m in missing):,}.")
    if low <= printout.total_high and printout.total_low <= high:
        return f"The modules add up to {rows_text}, which agrees with Total params {total_text}."
    return (f"The modules add up to {rows_text}, but Total params is {total_text}: a module used twice is counted "
            f"once in the total, and rows left out of the paste are missing from the sum.")


def explain_torch_rows(printout):
    """Explain a parsed PyTorch printout: every module, and every reading of each recurrent count.

    >>> from lstm_explained.summary_formats.torch import parse_torch_printout
    >>> print(explain_torch_rows(parse_torch_printout("(lstm): GRU(4, 2)")))
    1 module read from a PyTorch print(model) tree.
    <BLANKLINE>
    lstm (GRU)
      1 reading reproduces the count:
        nn.GRU(input_size=4, hidden_size=2, num_layers=1, bidirectional=False, proj_size=0, bias=True) = 48
          layer 0 forward (input 4): 3 × (2·4 + 2·2 + 2·2) = 48
          Keras: GRU(2) on 4 features = 48; the same count: Keras' GRU with reset_after=True (its default) also keeps two bias vectors
    <BLANKLINE>
    print(model) prints no counts and no total: the recurrent modules above hold 48 parameters, each computed from its printed sizes.
    """
    explained = []
    previous_width = None
    for row in printout.rows:
        bounds = (row.params_low, row.params_high)
        if row.type in RECURRENT_MODULES and not row.container and (row.arguments is not None or bounds[0] is not None):
            candidates, notes, omitted = _explain_recurrent(row, previous_width, bounds)
            explained.append(TorchModuleExplanation(row.name, row.type, row.params_text, *bounds, True,
                                                    candidates, notes, omitted))
        else:
            if row.container:
                note = "a container: its modules are read on their own rows"
                if row.type in RECURRENT_MODULES:
                    note = f"a container of its own class named {row.type}, not nn.{row.type}: its modules are read on their own rows"
            elif row.type in RECURRENT_MODULES:
                note = "its count is not printed (--): a module used twice, or one whose children hold the weights"
            else:
                count, how = _other_count(row)
                note = "not recurrent" + (f"; {how} = {count:,}" if how and count else "; no parameters" if how else "")
            explained.append(TorchModuleExplanation(row.name, row.type, row.params_text, *bounds, False, (), (note,)))
        width = last_axis(row.output_shape)
        if width is not None and not row.container:
            previous_width = width
    return TorchReport(tuple(explained), printout.format, printout.total_params,
                       _totals_note(printout, explained, printout.rows))
