"""Keras' LSTM/GRU weights in PyTorch's and ONNX's layouts, and back, in plain NumPy.

Same mathematics, three storage conventions:

* Keras: ``kernel (d, 4u)``, ``recurrent_kernel (u, 4u)``, one ``bias (4u,)``, gates i, f, c, o.
* PyTorch: transposed, ``weight_ih_l0 (4u, d)``, ``weight_hh_l0 (4u, u)``, two biases
  ``bias_ih_l0`` and ``bias_hh_l0`` (4u each), gates i, f, g, o (g is Keras' c).
* ONNX: ``W (1, 4u, d)``, ``R (1, 4u, u)``, ``B (1, 8u)`` (input then recurrent bias), gates i, o, f, c.
"""

import numpy as np

from .cells import sigmoid
from .formulas import count_formula
from .gates import GATE_ORDER

TORCH_GATE_ORDER = {"lstm": ("i", "f", "c", "o"), "gru": ("r", "z", "h")}
ONNX_GATE_ORDER = {"lstm": ("i", "o", "f", "c")}


def torch_param_formula(input_dim=None, units=None):
    """Parameters of PyTorch's one-layer ``nn.LSTM(input_dim, units)``: two bias vectors per gate.

    >>> torch_param_formula(input_dim=4, units=2)
    '4 × (2·4 + 2·2 + 2·2) = 64'
    """
    return count_formula(4, 2, input_dim, units)


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


def _weights(kernel, recurrent_kernel, bias, gates):
    kernel = np.asarray(kernel, dtype=np.float64)
    recurrent_kernel = np.asarray(recurrent_kernel, dtype=np.float64)
    if kernel.ndim != 2 or recurrent_kernel.ndim != 2:
        raise ValueError(f"kernel and recurrent_kernel must be matrices; got shapes {kernel.shape} and {recurrent_kernel.shape}")
    units = recurrent_kernel.shape[0]
    if recurrent_kernel.shape[1] != gates * units or kernel.shape[1] != gates * units:
        raise ValueError(
            f"kernel {kernel.shape} and recurrent_kernel {recurrent_kernel.shape} are not the weights of one "
            f"layer with {gates} gates: both need {gates}*units columns"
        )
    return kernel, recurrent_kernel, np.asarray(bias, dtype=np.float64), units


def keras_to_torch(kernel, recurrent_kernel, bias, *, kind="lstm"):
    """PyTorch ``state_dict`` arrays for a one-layer ``nn.LSTM`` (or ``nn.GRU``) equal to this Keras layer.

    Keras has one bias where PyTorch has two; the input bias takes Keras' and the
    recurrent one is zero (their sum is what the equations use). A GRU must use
    ``reset_after=True`` (bias of shape ``(2, 3u)``), the only variant PyTorch has.

    >>> state = keras_to_torch(np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8))
    >>> {name: array.shape for name, array in state.items()}
    {'weight_ih_l0': (8, 4), 'weight_hh_l0': (8, 2), 'bias_ih_l0': (8,), 'bias_hh_l0': (8,)}
    """
    if kind not in TORCH_GATE_ORDER:
        raise ValueError(f"kind must be 'lstm' or 'gru'; got {kind!r}")
    source, target = GATE_ORDER[kind], TORCH_GATE_ORDER[kind]
    kernel, recurrent_kernel, bias, units = _weights(kernel, recurrent_kernel, bias, len(source))
    if kind == "lstm":
        if bias.shape != (4 * units,):
            raise ValueError(f"an LSTM bias must have shape {(4 * units,)}; got {bias.shape}")
        input_bias, recurrent_bias = bias, np.zeros_like(bias)
    else:
        if bias.shape != (2, 3 * units):
            raise ValueError(
                f"a GRU bias must have shape {(2, 3 * units)} (reset_after=True, as in PyTorch); got {bias.shape}"
            )
        input_bias, recurrent_bias = bias
    return {
        "weight_ih_l0": reorder_gates(kernel.T, source, target),
        "weight_hh_l0": reorder_gates(recurrent_kernel.T, source, target),
        "bias_ih_l0": reorder_gates(input_bias, source, target),
        "bias_hh_l0": reorder_gates(recurrent_bias, source, target),
    }


def torch_to_keras(state, *, kind="lstm"):
    """Keras ``[kernel, recurrent_kernel, bias]`` (for ``set_weights``) from a one-layer PyTorch state dict.

    Accepts NumPy arrays or torch tensors under PyTorch's names.

    >>> kernel, recurrent_kernel, bias = torch_to_keras(keras_to_torch(np.ones((4, 8)), np.ones((2, 8)), np.ones(8)))
    >>> kernel.shape, recurrent_kernel.shape, bias.shape
    ((4, 8), (2, 8), (8,))
    """
    if kind not in TORCH_GATE_ORDER:
        raise ValueError(f"kind must be 'lstm' or 'gru'; got {kind!r}")
    names = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")
    missing = [name for name in names if name not in state]
    if missing:
        raise ValueError(f"state is missing {', '.join(missing)} (a one-layer, unidirectional PyTorch {kind} with biases)")
    weight_ih, weight_hh, bias_ih, bias_hh = (
        np.asarray(state[name].detach().numpy() if hasattr(state[name], "detach") else state[name], dtype=np.float64)
        for name in names
    )
    source, target = TORCH_GATE_ORDER[kind], GATE_ORDER[kind]
    kernel = reorder_gates(weight_ih, source, target).T
    recurrent_kernel = reorder_gates(weight_hh, source, target).T
    input_bias, recurrent_bias = reorder_gates(bias_ih, source, target), reorder_gates(bias_hh, source, target)
    bias = input_bias + recurrent_bias if kind == "lstm" else np.stack([input_bias, recurrent_bias])
    return [kernel, recurrent_kernel, bias]


def keras_to_onnx(kernel, recurrent_kernel, bias):
    """ONNX ``LSTM`` operator inputs ``W``, ``R``, ``B`` for one forward direction of this Keras LSTM.

    >>> onnx = keras_to_onnx(np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8))
    >>> {name: array.shape for name, array in onnx.items()}
    {'W': (1, 8, 4), 'R': (1, 8, 2), 'B': (1, 16)}
    """
    kernel, recurrent_kernel, bias, units = _weights(kernel, recurrent_kernel, bias, 4)
    if bias.shape != (4 * units,):
        raise ValueError(f"an LSTM bias must have shape {(4 * units,)}; got {bias.shape}")
    source, target = GATE_ORDER["lstm"], ONNX_GATE_ORDER["lstm"]
    input_bias = reorder_gates(bias, source, target)
    return {
        "W": reorder_gates(kernel.T, source, target)[np.newaxis],
        "R": reorder_gates(recurrent_kernel.T, source, target)[np.newaxis],
        "B": np.concatenate([input_bias, np.zeros_like(input_bias)])[np.newaxis],
    }


def torch_lstm_forward(x, weight_ih, weight_hh, bias_ih, bias_hh):
    """PyTorch's LSTM equations in NumPy (``batch_first=True``); returns ``(outputs, h, c)``.

    >>> state = keras_to_torch(np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8))
    >>> torch_lstm_forward(np.ones((1, 3, 4)), *state.values())[0].shape
    (1, 3, 2)
    """
    x = np.asarray(x, dtype=np.float64)
    units = weight_hh.shape[1]
    h = np.zeros((x.shape[0], units))
    c = np.zeros((x.shape[0], units))
    outputs = np.empty((x.shape[0], x.shape[1], units))
    for t in range(x.shape[1]):
        gates = x[:, t] @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh
        i, f, g, o = np.split(gates, 4, axis=1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs[:, t] = h
    return outputs, h, c


def onnx_lstm_forward(x, W, R, B):
    """The ONNX ``LSTM`` operator's equations in NumPy (batch first, one direction); returns ``(outputs, h, c)``.

    >>> onnx = keras_to_onnx(np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8))
    >>> onnx_lstm_forward(np.ones((1, 3, 4)), **onnx)[0].shape
    (1, 3, 2)
    """
    x = np.asarray(x, dtype=np.float64)
    weight, recurrent, (input_bias, recurrent_bias) = W[0], R[0], np.split(B[0], 2)
    units = recurrent.shape[1]
    h = np.zeros((x.shape[0], units))
    c = np.zeros((x.shape[0], units))
    outputs = np.empty((x.shape[0], x.shape[1], units))
    for t in range(x.shape[1]):
        gates = x[:, t] @ weight.T + h @ recurrent.T + input_bias + recurrent_bias
        i, o, f, candidate = np.split(gates, 4, axis=1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(candidate)
        h = sigmoid(o) * np.tanh(c)
        outputs[:, t] = h
    return outputs, h, c
