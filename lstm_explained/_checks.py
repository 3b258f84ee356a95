"""Every argument check of the package, so bad input fails early, clearly, and in one wording.

Public functions check each argument once, where it enters, and hand the normalised values on;
the functions they call trust them. So ``bias_shape`` and ``check_layer_weights`` take a ``kind``
already returned by :func:`check_kind`.
"""

import numbers

import numpy as np

from .facts import BIAS_ROWS, GATES, KINDS


def check_kind(kind):
    """Return ``kind`` in the package's spelling, accepting Keras' class names and any case.

    >>> check_kind("LSTM"), check_kind("SimpleRNN"), check_kind("simple-rnn")
    ('lstm', 'simple_rnn', 'simple_rnn')
    """
    choices = ", ".join(map(repr, KINDS))
    if not isinstance(kind, str):
        raise TypeError(f"kind must be a string, one of {choices}; got {kind!r}")
    normalised = kind.strip().lower().replace("-", "_")
    if normalised == "simplernn":
        normalised = "simple_rnn"
    if normalised not in KINDS:
        raise ValueError(f"kind must be one of {choices}; got {kind!r}")
    return normalised


def check_size(name, value):
    """Return ``value`` as an int if it is a positive whole number; raise naming ``name`` otherwise.

    >>> check_size("units", 2)
    2
    """
    # bool is an Integral in Python, but LSTM(True) is always a mistake.
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer; got {value!r} ({type(value).__name__})")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


def check_flag(name, value):
    """Return ``value`` if it is a real bool (not 0/1 or a string); raise naming ``name`` otherwise.

    >>> check_flag("use_bias", False)
    False
    """
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False; got {value!r}")
    return value


def as_array(name, value, *, ndim=None, dtype=None):
    """Turn ``value`` into a NumPy array, or raise a one-line error naming ``name``.

    Accepts NumPy arrays (returned as they are when ``dtype`` is None or already theirs),
    lists, Keras variables, TensorFlow tensors and PyTorch tensors (detached and moved to the
    CPU; bfloat16 and float16 become float32, which NumPy can hold).

    >>> as_array("bias", [1, 2, 3], dtype=np.float64)
    array([1., 2., 3.])
    >>> as_array("kernel", [[1, 2]], ndim=3)
    Traceback (most recent call last):
    ValueError: kernel must have 3 axes; got shape (1, 2)
    """
    if value is None:
        raise TypeError(f"{name} is None; expected a numeric array")
    if hasattr(value, "detach"):  # a PyTorch tensor, possibly one that requires grad
        value = value.detach().cpu()
        if str(value.dtype) in ("torch.bfloat16", "torch.float16"):
            value = value.float()
    if hasattr(value, "numpy") and not isinstance(value, np.ndarray):  # Keras, TensorFlow, PyTorch
        value = value.numpy()
    try:
        array = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a numeric array; got {type(value).__name__}") from error
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a numeric array; got {type(value).__name__} of {array.dtype}")
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} axes; got shape {array.shape}")
    return array


def bias_shape(kind, units, *, reset_after=True):
    """The shape of Keras' bias for a layer of ``kind`` with ``units`` units.

    >>> bias_shape("lstm", 2), bias_shape("gru", 2), bias_shape("gru", 2, reset_after=False)
    ((8,), (2, 6), (6,))
    """
    width = GATES[kind] * units
    return (2, width) if BIAS_ROWS[kind][reset_after] == 2 else (width,)


def check_layer_weights(kind, kernel, recurrent_kernel, bias, *, reset_after=True):
    """Check that three arrays are the weights of one Keras layer of ``kind``; return them as float64.

    A ``bias`` of None (a layer with ``use_bias=False``) comes back as zeros of the right shape,
    so the equations that use it need no special case.

    >>> kernel, recurrent_kernel, bias = check_layer_weights("lstm", np.ones((4, 8)), np.ones((2, 8)), None)
    >>> bias
    array([0., 0., 0., 0., 0., 0., 0., 0.])
    """
    gates = GATES[kind]
    kernel = as_array("kernel", kernel, ndim=2, dtype=np.float64)
    recurrent_kernel = as_array("recurrent_kernel", recurrent_kernel, ndim=2, dtype=np.float64)
    units, width = recurrent_kernel.shape
    if width != gates * units:
        raise ValueError(
            f"recurrent_kernel of shape {recurrent_kernel.shape} cannot be a {kind} recurrent kernel: "
            f"it must be (units, {gates}*units)"
        )
    if kernel.shape[1] != width:
        raise ValueError(
            f"kernel of shape {kernel.shape} does not match recurrent_kernel of shape "
            f"{recurrent_kernel.shape}: both need {width} columns ({gates}*units with units={units})"
        )
    expected = bias_shape(kind, units, reset_after=reset_after)
    if bias is None:
        return kernel, recurrent_kernel, np.zeros(expected)
    bias = as_array("bias", bias, dtype=np.float64)
    if bias.shape != expected:
        raise ValueError(f"bias must have shape {expected} for a {kind} with units={units}; got {bias.shape}")
    return kernel, recurrent_kernel, bias


def check_sequence(x, input_dim):
    """Return ``x`` as a float64 array of shape ``(batch, time, input_dim)``, or raise saying what is off.

    >>> check_sequence([[[1, 2]]], input_dim=2).shape
    (1, 1, 2)
    """
    x = as_array("x", x, ndim=3, dtype=np.float64)
    if x.shape[2] != input_dim:
        raise ValueError(
            f"x has {x.shape[2]} features per step (shape {x.shape}, expected (batch, time, input_dim)) "
            f"but the kernel expects input_dim={input_dim}"
        )
    return x


def check_state(name, value, batch, units):
    """An initial state of shape ``(batch, units)``: zeros when ``value`` is None.

    >>> check_state("h0", None, batch=1, units=2)
    array([[0., 0.]])
    """
    if value is None:
        return np.zeros((batch, units))
    state = as_array(name, value, ndim=2, dtype=np.float64)
    if state.shape != (batch, units):
        raise ValueError(f"{name} must have shape (batch, units) = {(batch, units)}; got {state.shape}")
    return state
