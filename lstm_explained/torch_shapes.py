"""What PyTorch's nn.LSTM, nn.GRU and nn.RNN return and store, worked out without PyTorch.

``batch_first=True`` moves the batch axis of ``output`` only: ``h_n`` (and an LSTM's ``c_n``)
always start with one row per layer and direction. The site's pages show these shapes without
installing PyTorch; tests/test_torch_shapes.py checks them against the real modules.
"""

from ._checks import check_flag, check_kind, check_size
from .facts import GATES, TORCH_GATE_ORDER, TORCH_LETTERS


def torch_gate_order(kind):
    """PyTorch's gate blocks along the first axis of ``weight_ih``, ``weight_hh`` and the biases.

    >>> torch_gate_order("lstm"), torch_gate_order("gru")
    (('i', 'f', 'g', 'o'), ('r', 'z', 'n'))
    """
    kind = check_kind(kind)
    if kind not in TORCH_GATE_ORDER:
        raise ValueError(f"nn.RNN has no gates; kind must be 'lstm' or 'gru'; got {kind!r}")
    return tuple(TORCH_LETTERS.get(gate, gate) for gate in TORCH_GATE_ORDER[kind])


def torch_gate_slice(kind, gate, hidden_size):
    """The rows of one gate's block in a PyTorch weight or bias, as a ``slice``.

    >>> torch_gate_slice("lstm", "f", hidden_size=2)   # the forget gate: bias_ih[u:2u]
    slice(2, 4, None)
    """
    order = torch_gate_order(kind)
    hidden_size = check_size("hidden_size", hidden_size)
    if gate not in order:
        raise ValueError(f"PyTorch's {kind} gates are {', '.join(order)}; got {gate!r}")
    start = order.index(gate) * hidden_size
    return slice(start, start + hidden_size)


def _directions(bidirectional):
    return ("", "_reverse") if check_flag("bidirectional", bidirectional) else ("",)


def torch_parameter_shapes(kind, input_size, hidden_size, *, num_layers=1, bidirectional=False, bias=True):
    """Every parameter of ``nn.LSTM`` / ``nn.GRU`` / ``nn.RNN``, by name, in ``state_dict`` order.

    Layers above the first read the layer below's output: ``hidden_size`` features per direction.

    >>> torch_parameter_shapes("lstm", input_size=4, hidden_size=2)
    {'weight_ih_l0': (8, 4), 'weight_hh_l0': (8, 2), 'bias_ih_l0': (8,), 'bias_hh_l0': (8,)}
    >>> list(torch_parameter_shapes("gru", 4, 2, num_layers=2, bidirectional=True, bias=False))[-2:]
    ['weight_ih_l1_reverse', 'weight_hh_l1_reverse']
    """
    rows = GATES[check_kind(kind)] * check_size("hidden_size", hidden_size)
    input_size, num_layers = check_size("input_size", input_size), check_size("num_layers", num_layers)
    directions = _directions(bidirectional)
    check_flag("bias", bias)
    shapes = {}
    for layer in range(num_layers):
        layer_input = input_size if layer == 0 else hidden_size * len(directions)
        for suffix in directions:
            shapes[f"weight_ih_l{layer}{suffix}"] = (rows, layer_input)
            shapes[f"weight_hh_l{layer}{suffix}"] = (rows, hidden_size)
            if bias:
                shapes[f"bias_ih_l{layer}{suffix}"] = (rows,)
                shapes[f"bias_hh_l{layer}{suffix}"] = (rows,)
    return shapes


def torch_output_shapes(kind, batch, steps, hidden_size, *, num_layers=1, bidirectional=False, batch_first=False):
    """Shapes of what the module returns: ``output`` and ``h_n``, and ``c_n`` for an LSTM.

    >>> torch_output_shapes("lstm", batch=3, steps=100, hidden_size=2, batch_first=True)
    {'output': (3, 100, 2), 'h_n': (1, 3, 2), 'c_n': (1, 3, 2)}
    >>> torch_output_shapes("gru", batch=3, steps=100, hidden_size=2, num_layers=2, bidirectional=True)
    {'output': (100, 3, 4), 'h_n': (4, 3, 2)}
    """
    kind = check_kind(kind)
    batch, steps = check_size("batch", batch), check_size("steps", steps)
    hidden_size, num_layers = check_size("hidden_size", hidden_size), check_size("num_layers", num_layers)
    directions = len(_directions(bidirectional))
    # output holds the last layer's h at every step, both directions side by side.
    output = (steps, batch, directions * hidden_size)
    if check_flag("batch_first", batch_first):
        output = (batch, steps, directions * hidden_size)
    # The final states stack every layer and direction first, whatever batch_first says.
    shapes = {"output": output, "h_n": (num_layers * directions, batch, hidden_size)}
    if kind == "lstm":
        shapes["c_n"] = shapes["h_n"]
    return shapes
