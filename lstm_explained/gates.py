"""Keras' gate layout: which columns of a fused weight array belong to which gate."""

import numpy as np

from ._checks import check_kind

# Keras' order along the last axis. PyTorch and ONNX use other orders (see convert.py).
GATE_ORDER = {
    "lstm": ("i", "f", "c", "o"),
    "gru": ("z", "r", "h"),
    "simple_rnn": ("h",),
}

GATE_NAMES = {
    "i": "input gate",
    "f": "forget gate",
    "c": "candidate cell state",
    "o": "output gate",
    "z": "update gate",
    "r": "reset gate",
    "h": "candidate hidden state",
}


def gate_columns(kind, units):
    """The half-open column range ``(start, stop)`` of each gate block.

    >>> gate_columns("lstm", units=2)
    {'i': (0, 2), 'f': (2, 4), 'c': (4, 6), 'o': (6, 8)}
    """
    kind = check_kind(kind)
    return {gate: (k * units, (k + 1) * units) for k, gate in enumerate(GATE_ORDER[kind])}


def _as_array(weights):
    if isinstance(weights, np.ndarray):
        return weights
    # Keras variables and tensors convert through __array__ (or .numpy()).
    if hasattr(weights, "numpy"):
        return np.asarray(weights.numpy())
    try:
        return np.asarray(weights, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"weights must be an array or a Keras variable; got {type(weights).__name__}") from error


def split_gates(weights, kind="lstm"):
    """Split a kernel, recurrent kernel or bias into its gate blocks, in Keras order.

    Each block is a view of ``weights`` (for a Keras variable: of its NumPy value),
    so nothing is copied.

    >>> bias = np.arange(8)
    >>> split_gates(bias)
    {'i': array([0, 1]), 'f': array([2, 3]), 'c': array([4, 5]), 'o': array([6, 7])}
    >>> {gate: block.shape for gate, block in split_gates(np.zeros((4, 8))).items()}
    {'i': (4, 2), 'f': (4, 2), 'c': (4, 2), 'o': (4, 2)}
    """
    kind = check_kind(kind)
    array = _as_array(weights)
    order = GATE_ORDER[kind]
    if array.ndim == 0:
        raise ValueError(f"weights must have at least one axis to split into {kind} gates; got a scalar")
    width = array.shape[-1]
    if width == 0 or width % len(order):
        raise ValueError(
            f"weights of shape {array.shape} cannot be a {kind} weight array: its last axis "
            f"({width}) must be a positive multiple of {len(order)} (one block per gate: {', '.join(order)})"
        )
    units = width // len(order)
    return {gate: array[..., start:stop] for gate, (start, stop) in gate_columns(kind, units).items()}
