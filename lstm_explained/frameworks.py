"""Keras' recurrent weights in PyTorch's and ONNX's layouts, and back, in plain NumPy.

Same mathematics, three storage conventions:

* Keras: ``kernel (d, 4u)``, ``recurrent_kernel (u, 4u)``, one ``bias (4u,)``, gates i, f, c, o.
* PyTorch: transposed, ``weight_ih_l0 (4u, d)``, ``weight_hh_l0 (4u, u)``, two biases
  ``bias_ih_l0`` and ``bias_hh_l0`` (4u each), gates i, f, g, o (g is Keras' c). Layer ``k`` of a
  stack is ``_lk``; the backward direction of a bidirectional module adds ``_reverse``.
* ONNX: ``W (1, 4u, d)``, ``R (1, 4u, u)``, ``B (1, 8u)`` (input then recurrent bias), gates i, o, f, c.

The gate orders live in :mod:`lstm_explained.facts`. Converted arrays are float64.
"""

import re

import numpy as np

from ._checks import as_array, check_kind, check_layer_weights, check_sequence
from .cells import sigmoid
from .facts import DIRECTIONS, GATE_ORDER, ONNX_GATE_ORDER, TORCH_GATE_ORDER
from .formulas import count_formula

# PyTorch's parameter names: weight_ih_l0, bias_hh_l1_reverse, weight_hr_l0 (proj_size), ...
TORCH_NAME = re.compile(r"(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\d+)(_reverse)?")
# nn.RNNBase.mode for each kind; nn.RNN(nonlinearity="relu") is RNN_RELU, which Keras' SimpleRNN is not.
TORCH_MODE = {"lstm": "LSTM", "gru": "GRU", "simple_rnn": "RNN_TANH"}


def torch_param_formula(input_dim=None, units=None):
    """Parameters of PyTorch's one-layer ``nn.LSTM(input_dim, units)``: two bias vectors per gate.

    >>> torch_param_formula(input_dim=4, units=2)
    '4 × (2·4 + 2·2 + 2·2) = 64'
    """
    return count_formula(len(TORCH_GATE_ORDER["lstm"]), 2, input_dim, units)


def reorder_gates(array, source, target):
    """Permute the gate blocks along the first axis of ``array`` from order ``source`` to ``target``.

    >>> reorder_gates(np.arange(8), ("i", "f", "c", "o"), ("i", "o", "f", "c"))
    array([0, 1, 6, 7, 2, 3, 4, 5])
    """
    array = np.asarray(array)
    if array.shape[0] % len(source):
        raise ValueError(f"first axis of shape {array.shape} is not a multiple of {len(source)} gates")
    blocks = dict(zip(source, np.split(array, len(source), axis=0)))
    return np.concatenate([blocks[gate] for gate in target], axis=0)


def torch_name(parameter, layer=0, direction="forward"):
    """PyTorch's state-dict name of one parameter of one layer and direction.

    >>> torch_name("weight_ih"), torch_name("bias_hh", layer=1, direction="backward")
    ('weight_ih_l0', 'bias_hh_l1_reverse')
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'forward' or 'backward'; got {direction!r}")
    return f"{parameter}_l{layer}" + ("_reverse" if direction == "backward" else "")


def _torch_order(kind):
    # nn.RNN has one block, the whole array: the same in both frameworks.
    return TORCH_GATE_ORDER.get(kind, GATE_ORDER[kind])


def keras_to_torch(kernel, recurrent_kernel, bias, *, kind="lstm", layer=0, direction="forward"):
    """PyTorch ``state_dict`` arrays equal to one Keras layer (``nn.LSTM``, ``nn.GRU`` or ``nn.RNN``).

    Keras has one bias where PyTorch has two; the input bias takes Keras' and the
    recurrent one is zero (their sum is what the equations use). A GRU must use
    ``reset_after=True`` (bias of shape ``(2, 3u)``), the only variant PyTorch has.
    ``bias=None`` (``use_bias=False``) gives PyTorch's ``bias=False`` layout, without bias
    arrays. ``layer`` and ``direction`` name the arrays for one layer of a stacked or
    bidirectional module (``weight_ih_l1_reverse``, ...).

    >>> state = keras_to_torch(np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8))
    >>> {name: array.shape for name, array in state.items()}
    {'weight_ih_l0': (8, 4), 'weight_hh_l0': (8, 2), 'bias_ih_l0': (8,), 'bias_hh_l0': (8,)}
    """
    kind = check_kind(kind)
    if kind == "gru" and bias is not None and np.ndim(bias) == 1:
        raise ValueError(
            "a GRU bias must have shape (2, 3*units): PyTorch's GRU is Keras' reset_after=True; "
            f"a bias of shape {np.shape(bias)} is reset_after=False, which PyTorch cannot represent"
        )
    source, target = GATE_ORDER[kind], _torch_order(kind)
    kernel, recurrent_kernel, checked_bias = check_layer_weights(kind, kernel, recurrent_kernel, bias)
    state = {
        torch_name("weight_ih", layer, direction): reorder_gates(kernel.T, source, target),
        torch_name("weight_hh", layer, direction): reorder_gates(recurrent_kernel.T, source, target),
    }
    if bias is None:
        return state
    if kind == "gru":
        input_bias, recurrent_bias = checked_bias
    else:
        input_bias, recurrent_bias = checked_bias, np.zeros_like(checked_bias)
    state[torch_name("bias_ih", layer, direction)] = reorder_gates(input_bias, source, target)
    state[torch_name("bias_hh", layer, direction)] = reorder_gates(recurrent_bias, source, target)
    return state


def _state_dict(state, kind):
    """The state dict of a PyTorch module (after checking it is the kind asked for), or ``state`` itself."""
    if callable(getattr(state, "state_dict", None)):
        mode = getattr(state, "mode", None)
        if mode != TORCH_MODE[kind]:
            raise ValueError(
                f"cannot convert a {type(state).__name__} (mode {mode!r}) as kind {kind!r}: pass an nn.LSTM with "
                "kind='lstm', an nn.GRU with kind='gru' or an nn.RNN (tanh) with kind='simple_rnn'"
            )
        return state.state_dict()
    if not hasattr(state, "keys") or not hasattr(state, "__getitem__"):
        raise TypeError(
            "state must be a PyTorch state dict (a mapping of names such as 'weight_ih_l0' to tensors or "
            f"arrays) or the nn.LSTM/nn.GRU/nn.RNN module itself; got {type(state).__name__}"
        )
    return state


def _torch_parameters(state, kind):
    """``{(layer, direction): {"weight_ih": ..., ...}}`` from a state dict, refusing what Keras cannot hold."""
    parameters, unknown = {}, []
    for key in state.keys():
        match = TORCH_NAME.fullmatch(str(key))
        if match is None:
            unknown.append(str(key))
            continue
        name, layer, reverse = match.groups()
        parameters.setdefault((int(layer), "backward" if reverse else "forward"), {})[name] = state[key]
    if unknown:
        raise ValueError(
            f"state has keys that are not nn.{TORCH_MODE[kind].split('_')[0]} parameters: {', '.join(map(repr, unknown))} "
            "(pass the recurrent module's own state_dict(), e.g. model.lstm.state_dict())"
        )
    if not parameters:
        raise ValueError("state is empty: expected weight_ih_l0, weight_hh_l0 and (with bias=True) bias_ih_l0, bias_hh_l0")
    projected = sorted(torch_name("weight_hr", *key) for key, found in parameters.items() if "weight_hr" in found)
    if projected:
        raise ValueError(
            f"state has {', '.join(projected)}: an nn.LSTM with proj_size > 0 projects its hidden state, "
            "and Keras' LSTM has no projection; it cannot be converted"
        )
    layers = sorted({layer for layer, _ in parameters})
    gaps = sorted(set(range(layers[-1] + 1)) - set(layers))
    if gaps:
        raise ValueError(f"state has no parameters for layer {', '.join(map(str, gaps))} of its stack (it has layers {layers})")
    backward = {layer for layer, direction in parameters if direction == "backward"}
    if backward and backward != set(layers):
        raise ValueError(f"state has a backward direction (_reverse) for layers {sorted(backward)} only, not for all {layers}")
    for key, found in sorted(parameters.items()):
        missing = [name for name in ("weight_ih", "weight_hh") if name not in found]
        if "bias_ih" in found or "bias_hh" in found:
            missing += [name for name in ("bias_ih", "bias_hh") if name not in found]
        if missing:
            raise ValueError(f"state is missing {', '.join(torch_name(name, *key) for name in missing)}")
    return dict(sorted(parameters.items(), key=lambda item: (item[0][0], DIRECTIONS.index(item[0][1]))))


def torch_to_keras(state, *, kind="lstm"):
    """Keras weights for every layer and direction of a PyTorch ``nn.LSTM``, ``nn.GRU`` or ``nn.RNN``.

    ``state`` is the module's ``state_dict()`` (tensors or NumPy arrays under PyTorch's names)
    or the module itself. The result is a dict keyed by ``(layer, direction)``, with
    ``direction`` ``"forward"`` or ``"backward"`` (PyTorch's ``_reverse``), in PyTorch's order;
    each value is the list ``set_weights`` takes: ``[kernel, recurrent_kernel, bias]``, or
    ``[kernel, recurrent_kernel]`` for ``bias=False`` (a Keras layer with ``use_bias=False``).
    Layer ``k`` of a stack becomes the ``k``-th Keras layer; a bidirectional layer becomes
    ``Bidirectional(...)``, whose ``set_weights`` takes the forward list then the backward one.

    Refused with a ValueError naming the cause: ``proj_size`` (``weight_hr_l0``: Keras' LSTM has
    no projection), keys that are not the module's parameters, missing parameters, a module of
    another kind, and ``nn.RNN(nonlinearity="relu")``.

    >>> weights = torch_to_keras(keras_to_torch(np.ones((4, 8)), np.ones((2, 8)), np.ones(8)))
    >>> list(weights)
    [(0, 'forward')]
    >>> [array.shape for array in weights[0, "forward"]]
    [(4, 8), (2, 8), (8,)]
    """
    kind = check_kind(kind)
    source, target = _torch_order(kind), GATE_ORDER[kind]
    converted = {}
    for (layer, direction), found in _torch_parameters(_state_dict(state, kind), kind).items():
        arrays = {
            name: as_array(repr(torch_name(name, layer, direction)), value, ndim=2 if name.startswith("weight") else 1,
                           dtype=np.float64)
            for name, value in found.items()
        }
        for name, array in arrays.items():
            if array.shape[0] % len(source):
                raise ValueError(
                    f"{torch_name(name, layer, direction)} of shape {array.shape} cannot be a PyTorch {kind} "
                    f"parameter: its first axis must be {len(source)}*hidden_size"
                )
        kernel = reorder_gates(arrays["weight_ih"], source, target).T
        recurrent_kernel = reorder_gates(arrays["weight_hh"], source, target).T
        if "bias_ih" in arrays:
            input_bias = reorder_gates(arrays["bias_ih"], source, target)
            recurrent_bias = reorder_gates(arrays["bias_hh"], source, target)
            bias = np.stack([input_bias, recurrent_bias]) if kind == "gru" else input_bias + recurrent_bias
        else:
            bias = None
        # The Keras layer's own checks catch arrays of one layer whose shapes disagree.
        checked = check_layer_weights(kind, kernel, recurrent_kernel, bias)
        converted[layer, direction] = list(checked[:2]) if bias is None else list(checked)
    return converted


def keras_to_onnx(kernel, recurrent_kernel, bias):
    """ONNX ``LSTM`` operator inputs ``W``, ``R``, ``B`` for one forward direction of this Keras LSTM.

    ``bias=None`` (``use_bias=False``) leaves ``B`` out: the operator's bias is optional and
    defaults to zeros.

    >>> onnx = keras_to_onnx(np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8))
    >>> {name: array.shape for name, array in onnx.items()}
    {'W': (1, 8, 4), 'R': (1, 8, 2), 'B': (1, 16)}
    """
    kernel, recurrent_kernel, checked_bias = check_layer_weights("lstm", kernel, recurrent_kernel, bias)
    source, target = GATE_ORDER["lstm"], ONNX_GATE_ORDER["lstm"]
    onnx = {
        "W": reorder_gates(kernel.T, source, target)[np.newaxis],
        "R": reorder_gates(recurrent_kernel.T, source, target)[np.newaxis],
    }
    if bias is not None:
        input_bias = reorder_gates(checked_bias, source, target)
        onnx["B"] = np.concatenate([input_bias, np.zeros_like(input_bias)])[np.newaxis]
    return onnx


def torch_lstm_forward(x, weight_ih, weight_hh, bias_ih=None, bias_hh=None):
    """PyTorch's LSTM equations in NumPy (``batch_first=True``); returns ``(outputs, h, c)``.

    >>> state = keras_to_torch(np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8))
    >>> torch_lstm_forward(np.ones((1, 3, 4)), *state.values())[0].shape
    (1, 3, 2)
    """
    x = check_sequence(x, input_dim=weight_ih.shape[1])
    units = weight_hh.shape[1]
    bias_ih = np.zeros(4 * units) if bias_ih is None else bias_ih
    bias_hh = np.zeros(4 * units) if bias_hh is None else bias_hh
    h = np.zeros((x.shape[0], units))
    c = np.zeros((x.shape[0], units))
    outputs = np.empty((x.shape[0], x.shape[1], units))
    for t in range(x.shape[1]):
        gates = x[:, t] @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh
        i, f, g, o = np.split(gates, 4, axis=1)  # PyTorch's documented order, independent of TORCH_GATE_ORDER
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs[:, t] = h
    return outputs, h, c


def onnx_lstm_forward(x, W, R, B=None):
    """The ONNX ``LSTM`` operator's equations in NumPy (batch first, one direction); returns ``(outputs, h, c)``.

    >>> onnx = keras_to_onnx(np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8))
    >>> onnx_lstm_forward(np.ones((1, 3, 4)), **onnx)[0].shape
    (1, 3, 2)
    """
    weight, recurrent = W[0], R[0]
    units = recurrent.shape[1]
    x = check_sequence(x, input_dim=weight.shape[1])
    input_bias, recurrent_bias = np.split(np.zeros(8 * units) if B is None else B[0], 2)
    h = np.zeros((x.shape[0], units))
    c = np.zeros((x.shape[0], units))
    outputs = np.empty((x.shape[0], x.shape[1], units))
    for t in range(x.shape[1]):
        gates = x[:, t] @ weight.T + h @ recurrent.T + input_bias + recurrent_bias
        i, o, f, candidate = np.split(gates, 4, axis=1)  # the ONNX specification's order, independent of ONNX_GATE_ORDER
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(candidate)
        h = sigmoid(o) * np.tanh(c)
        outputs[:, t] = h
    return outputs, h, c
