"""Gate layouts: which block of a fused weight array belongs to which gate, in Keras, PyTorch and ONNX."""

import numpy as np

from ._checks import as_array, check_kind, check_size
from .facts import GATE_ORDER, GATES, LAYOUTS, ONNX_GATE_ORDER, TORCH_GATE_ORDER

# The gate orders are facts (lstm_explained.facts); they are public here, where split_gates uses them.
__all__ = ["GATE_ORDER", "LAYOUTS", "ONNX_GATE_ORDER", "TORCH_GATE_ORDER", "gate_columns", "split_gates"]


def gate_columns(kind, units):
    """The half-open column range ``(start, stop)`` of each gate block in Keras' layout.

    >>> gate_columns("lstm", units=2)
    {'i': (0, 2), 'f': (2, 4), 'c': (4, 6), 'o': (6, 8)}
    """
    return _gate_columns(check_kind(kind), check_size("units", units))


def _gate_columns(kind, units):
    return {gate: (k * units, (k + 1) * units) for k, gate in enumerate(GATE_ORDER[kind])}


def _keras_gate_blocks(array, kind):
    """``split_gates(array, kind)`` for a float array whose last axis is known to fit: no checks.

    The reference cells split their sums with it at every time step.
    """
    return dict(zip(GATE_ORDER[kind], np.split(array, GATES[kind], axis=-1)))


def _gate_axis(array, kind, layout):
    """The axis the gates sit along, and the array to split (ONNX's B is viewed as two rows)."""
    if layout == "keras":  # kernel (d, G·u), recurrent_kernel (u, G·u), bias (G·u,) or (2, G·u)
        return array, -1, "last axis"
    if layout == "torch":  # weight_ih (G·u, d), weight_hh (G·u, u), bias_ih and bias_hh (G·u,)
        if array.ndim not in (1, 2):
            raise ValueError(f"a PyTorch {kind} weight has 1 or 2 axes; got shape {array.shape}")
        return array, 0, "first axis"
    # ONNX: W (directions, 4u, d), R (directions, 4u, u), B (directions, 8u) = input bias, recurrent bias.
    if array.ndim == 3:
        return array, 1, "second axis"
    if array.ndim == 2 and array.shape[1] % 2 == 0:
        return array.reshape(array.shape[0], 2, array.shape[1] // 2), -1, "last axis (each half of B)"
    raise ValueError(f"an ONNX {kind} weight is W or R (3 axes) or B (2 axes); got shape {array.shape}")


def split_gates(weights, kind="lstm", *, layout="keras"):
    """Split a fused weight array into its gate blocks, keyed by Keras' gate letters.

    ``layout`` says where the gates sit: ``"keras"`` (the default) along the last axis, in the
    order of ``GATE_ORDER``; ``"torch"`` along the first axis of PyTorch's ``weight_ih_l0``,
    ``weight_hh_l0`` and biases, in ``TORCH_GATE_ORDER``; ``"onnx"`` along the second axis of
    the ONNX LSTM's ``W`` and ``R`` in ``ONNX_GATE_ORDER`` (for ``B``, each block has shape
    ``(directions, 2, units)``: the input bias row, then the recurrent bias row). The blocks come
    in the layout's own order.

    For a NumPy array each block is a view, so writing into a block writes into ``weights``. Other
    inputs are first turned into an array without changing their dtype (a list of ints stays
    ints): a Keras variable or a tensor gives views of its NumPy value, a list views of a new array.

    >>> bias = np.arange(8)
    >>> split_gates(bias)
    {'i': array([0, 1]), 'f': array([2, 3]), 'c': array([4, 5]), 'o': array([6, 7])}
    >>> {gate: block.shape for gate, block in split_gates(np.zeros((4, 8))).items()}
    {'i': (4, 2), 'f': (4, 2), 'c': (4, 2), 'o': (4, 2)}
    >>> {gate: block.shape for gate, block in split_gates(np.zeros((6, 5)), "gru", layout="torch").items()}
    {'r': (2, 5), 'z': (2, 5), 'h': (2, 5)}
    """
    kind = check_kind(kind)
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(map(repr, LAYOUTS))}; got {layout!r}")
    if kind not in LAYOUTS[layout]:
        raise ValueError(f"the {layout!r} layout is known for {', '.join(LAYOUTS[layout])} only; got kind {kind!r}")
    order = LAYOUTS[layout][kind]
    array = as_array("weights", weights)
    if array.ndim == 0:
        raise ValueError(f"weights must have at least one axis to split into {kind} gates; got a scalar")
    shape = array.shape
    array, axis, axis_name = _gate_axis(array, kind, layout)
    width = array.shape[axis]
    if width == 0 or width % len(order):
        raise ValueError(
            f"weights of shape {shape} cannot be a {kind} weight array in the {layout} layout: its "
            f"{axis_name} ({width}) must be a positive multiple of {len(order)} (one block per gate: {', '.join(order)})"
        )
    return dict(zip(order, np.split(array, len(order), axis=axis)))
