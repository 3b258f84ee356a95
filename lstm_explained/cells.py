"""Reference recurrent cells in plain NumPy that reproduce Keras' layers step by step."""

import numpy as np

from ._checks import check_flag, check_layer_weights, check_sequence, check_state
from .gates import _keras_gate_blocks


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


def lstm_forward(x, kernel, recurrent_kernel, bias=None, *, h0=None, c0=None):
    """Run an LSTM over ``x`` of shape ``(batch, time, input_dim)``; return ``(outputs, h, c)``.

    The same computation as ``keras.layers.LSTM(units, return_sequences=True,
    return_state=True)`` with its default activations; ``bias=None`` means no bias.

    >>> x = np.ones((1, 3, 4))
    >>> outputs, h, c = lstm_forward(x, np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8))
    >>> outputs.shape, h.shape, c.shape
    ((1, 3, 2), (1, 2), (1, 2))
    """
    kernel, recurrent_kernel, bias = check_layer_weights("lstm", kernel, recurrent_kernel, bias)
    input_dim, units = kernel.shape[0], recurrent_kernel.shape[0]
    x = check_sequence(x, input_dim)
    batch, steps, _ = x.shape
    h = check_state("h0", h0, batch, units)  # hidden state: what the layer outputs
    c = check_state("c0", c0, batch, units)  # cell state: the memory carried along
    outputs = np.empty((batch, steps, units))
    for t in range(steps):
        z = x[:, t] @ kernel + h @ recurrent_kernel + bias  # (batch, 4u): all four gates at once
        gate = _keras_gate_blocks(z, "lstm")
        i = sigmoid(gate["i"])  # input gate: how much of the candidate to write
        f = sigmoid(gate["f"])  # forget gate: how much of the old cell state to keep
        candidate = np.tanh(gate["c"])  # candidate cell state
        o = sigmoid(gate["o"])  # output gate: how much of the cell state to show
        c = f * c + i * candidate
        h = o * np.tanh(c)
        outputs[:, t] = h
    return outputs, h, c


def gru_forward(x, kernel, recurrent_kernel, bias=None, *, h0=None, reset_after=True):
    """Run a GRU over ``x`` of shape ``(batch, time, input_dim)``; return ``(outputs, h)``.

    Matches ``keras.layers.GRU(units, return_sequences=True, return_state=True,
    reset_after=reset_after)``. With ``reset_after=True`` the bias has shape
    ``(2, 3*units)``: one row for the input product, one for the recurrent product.

    >>> outputs, h = gru_forward(np.ones((1, 3, 4)), np.zeros((4, 6)), np.zeros((2, 6)), np.zeros((2, 6)))
    >>> outputs.shape, h.shape
    ((1, 3, 2), (1, 2))
    """
    check_flag("reset_after", reset_after)
    kernel, recurrent_kernel, bias = check_layer_weights("gru", kernel, recurrent_kernel, bias, reset_after=reset_after)
    input_dim, units = kernel.shape[0], recurrent_kernel.shape[0]
    x = check_sequence(x, input_dim)
    input_bias, recurrent_bias = (bias[0], bias[1]) if reset_after else (bias, np.zeros(3 * units))
    recurrent = _keras_gate_blocks(recurrent_kernel, "gru")
    batch, steps, _ = x.shape
    h = check_state("h0", h0, batch, units)
    outputs = np.empty((batch, steps, units))
    for t in range(steps):
        from_input = _keras_gate_blocks(x[:, t] @ kernel + input_bias, "gru")
        if reset_after:
            from_state = _keras_gate_blocks(h @ recurrent_kernel + recurrent_bias, "gru")
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


def simple_rnn_forward(x, kernel, recurrent_kernel, bias=None, *, h0=None):
    """Run a SimpleRNN over ``x``; return ``(outputs, h)``: ``h_t = tanh(x_t W + h_{t-1} U + b)``.

    >>> outputs, h = simple_rnn_forward(np.ones((1, 3, 4)), np.zeros((4, 2)), np.zeros((2, 2)), np.zeros(2))
    >>> outputs.shape
    (1, 3, 2)
    """
    kernel, recurrent_kernel, bias = check_layer_weights("simple_rnn", kernel, recurrent_kernel, bias)
    input_dim, units = kernel.shape[0], recurrent_kernel.shape[0]
    x = check_sequence(x, input_dim)
    batch, steps, _ = x.shape
    h = check_state("h0", h0, batch, units)
    outputs = np.empty((batch, steps, units))
    for t in range(steps):
        h = np.tanh(x[:, t] @ kernel + h @ recurrent_kernel + bias)
        outputs[:, t] = h
    return outputs, h
