"""Reference recurrent cells in plain NumPy that reproduce Keras' layers step by step."""

import numpy as np

from .gates import split_gates


def sigmoid(z):
    """The logistic function, computed without overflow for large negative inputs.

    >>> float(sigmoid(np.array(0.0)))
    0.5
    """
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-z[positive]))
    exp_z = np.exp(z[~positive])
    out[~positive] = exp_z / (1.0 + exp_z)
    return out


def _array(name, value, ndim=None):
    try:
        array = np.asarray(value.numpy() if hasattr(value, "numpy") else value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a numeric array; got {type(value).__name__}") from error
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} axes; got shape {array.shape}")
    return array


def _check_weights(kind, gates, x, kernel, recurrent_kernel, bias, bias_shape_of):
    x = _array("x", x, 3)
    kernel = _array("kernel", kernel, 2)
    recurrent_kernel = _array("recurrent_kernel", recurrent_kernel, 2)
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
    if x.shape[2] != kernel.shape[0]:
        raise ValueError(
            f"x has {x.shape[2]} features per step (shape {x.shape}, expected (batch, time, input_dim)) "
            f"but kernel of shape {kernel.shape} expects input_dim={kernel.shape[0]}"
        )
    if bias is None:
        bias = np.zeros(bias_shape_of(units))
    else:
        expected = bias_shape_of(units)
        bias = _array("bias", bias)
        if bias.shape != expected:
            raise ValueError(f"bias must have shape {expected} for units={units}; got {bias.shape}")
    return x, kernel, recurrent_kernel, bias, units


def _initial_state(name, value, batch, units):
    if value is None:
        return np.zeros((batch, units))
    state = _array(name, value, 2)
    if state.shape != (batch, units):
        raise ValueError(f"{name} must have shape (batch, units) = {(batch, units)}; got {state.shape}")
    return state


def lstm_forward(x, kernel, recurrent_kernel, bias, *, h0=None, c0=None):
    """Run an LSTM over ``x`` of shape ``(batch, time, input_dim)``; return ``(outputs, h, c)``.

    The same computation as ``keras.layers.LSTM(units, return_sequences=True,
    return_state=True)`` with its default activations; ``bias=None`` means no bias.

    >>> x = np.ones((1, 3, 4))
    >>> outputs, h, c = lstm_forward(x, np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8))
    >>> outputs.shape, h.shape, c.shape
    ((1, 3, 2), (1, 2), (1, 2))
    """
    x, kernel, recurrent_kernel, bias, units = _check_weights(
        "lstm", 4, x, kernel, recurrent_kernel, bias, lambda u: (4 * u,)
    )
    batch, steps, _ = x.shape
    h = _initial_state("h0", h0, batch, units)
    c = _initial_state("c0", c0, batch, units)
    outputs = np.empty((batch, steps, units))
    for t in range(steps):
        z = x[:, t] @ kernel + h @ recurrent_kernel + bias  # (batch, 4u): all four gates at once
        gate = split_gates(z, "lstm")
        i = sigmoid(gate["i"])
        f = sigmoid(gate["f"])
        candidate = np.tanh(gate["c"])
        o = sigmoid(gate["o"])
        c = f * c + i * candidate
        h = o * np.tanh(c)
        outputs[:, t] = h
    return outputs, h, c


def gru_forward(x, kernel, recurrent_kernel, bias, *, h0=None, reset_after=True):
    """Run a GRU over ``x`` of shape ``(batch, time, input_dim)``; return ``(outputs, h)``.

    Matches ``keras.layers.GRU(units, return_sequences=True, return_state=True,
    reset_after=reset_after)``. With ``reset_after=True`` the bias has shape
    ``(2, 3*units)``: one row for the input product, one for the recurrent product.

    >>> outputs, h = gru_forward(np.ones((1, 3, 4)), np.zeros((4, 6)), np.zeros((2, 6)), np.zeros((2, 6)))
    >>> outputs.shape, h.shape
    ((1, 3, 2), (1, 2))
    """
    if not isinstance(reset_after, bool):
        raise TypeError(f"reset_after must be True or False; got {reset_after!r}")
    bias_shape = (lambda u: (2, 3 * u)) if reset_after else (lambda u: (3 * u,))
    x, kernel, recurrent_kernel, bias, units = _check_weights(
        "gru", 3, x, kernel, recurrent_kernel, bias, bias_shape
    )
    input_bias, recurrent_bias = (bias[0], bias[1]) if reset_after else (bias, np.zeros(3 * units))
    recurrent = split_gates(recurrent_kernel, "gru")
    batch, steps, _ = x.shape
    h = _initial_state("h0", h0, batch, units)
    outputs = np.empty((batch, steps, units))
    for t in range(steps):
        from_input = split_gates(x[:, t] @ kernel + input_bias, "gru")
        if reset_after:
            from_state = split_gates(h @ recurrent_kernel + recurrent_bias, "gru")
            z = sigmoid(from_input["z"] + from_state["z"])
            r = sigmoid(from_input["r"] + from_state["r"])
            candidate = np.tanh(from_input["h"] + r * from_state["h"])
        else:
            z = sigmoid(from_input["z"] + h @ recurrent["z"])
            r = sigmoid(from_input["r"] + h @ recurrent["r"])
            candidate = np.tanh(from_input["h"] + (r * h) @ recurrent["h"])
        h = z * h + (1.0 - z) * candidate
        outputs[:, t] = h
    return outputs, h


def simple_rnn_forward(x, kernel, recurrent_kernel, bias, *, h0=None):
    """Run a SimpleRNN over ``x``; return ``(outputs, h)``: ``h_t = tanh(x_t W + h_{t-1} U + b)``.

    >>> outputs, h = simple_rnn_forward(np.ones((1, 3, 4)), np.zeros((4, 2)), np.zeros((2, 2)), np.zeros(2))
    >>> outputs.shape
    (1, 3, 2)
    """
    x, kernel, recurrent_kernel, bias, units = _check_weights(
        "simple_rnn", 1, x, kernel, recurrent_kernel, bias, lambda u: (u,)
    )
    batch, steps, _ = x.shape
    h = _initial_state("h0", h0, batch, units)
    outputs = np.empty((batch, steps, units))
    for t in range(steps):
        h = np.tanh(x[:, t] @ kernel + h @ recurrent_kernel + bias)
        outputs[:, t] = h
    return outputs, h
