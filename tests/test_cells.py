"""The NumPy reference cells against Keras layers with seeded random weights, to 1e-5."""

import numpy as np
import pytest

from lstm_explained import gru_forward, lstm_forward, simple_rnn_forward

SHAPES = [(1, 1, 1, 1), (3, 7, 4, 2), (2, 25, 5, 8), (4, 60, 16, 3)]  # batch, steps, input_dim, units


def random_weights(layer, rng):
    return [rng.normal(scale=0.6, size=w.shape).astype("float32") for w in layer.get_weights()]


def twin(keras, cls, units, input_dim, rng, **options):
    layer = cls(units, return_sequences=True, return_state=True, **options)
    layer.build((None, None, input_dim))
    weights = random_weights(layer, rng)
    layer.set_weights(weights)
    return layer, weights


@pytest.mark.parametrize("batch, steps, input_dim, units", SHAPES)
@pytest.mark.parametrize("with_state", [False, True])
def test_lstm_forward_matches_keras(keras, rng, batch, steps, input_dim, units, with_state):
    layer, weights = twin(keras, keras.layers.LSTM, units, input_dim, rng)
    x = rng.normal(size=(batch, steps, input_dim)).astype("float32")
    kwargs = {}
    if with_state:
        kwargs = {"h0": rng.normal(size=(batch, units)).astype("float32"), "c0": rng.normal(size=(batch, units)).astype("float32")}
        expected = layer(x, initial_state=[kwargs["h0"], kwargs["c0"]])
    else:
        expected = layer(x)
    for ours, theirs in zip(lstm_forward(x, *weights, **kwargs), expected):
        np.testing.assert_allclose(ours, np.asarray(theirs), atol=1e-5)


def test_lstm_forward_without_bias(keras, rng):
    layer, weights = twin(keras, keras.layers.LSTM, 3, 4, rng, use_bias=False)
    x = rng.normal(size=(2, 9, 4)).astype("float32")
    for ours, theirs in zip(lstm_forward(x, *weights, None), layer(x)):
        np.testing.assert_allclose(ours, np.asarray(theirs), atol=1e-5)


@pytest.mark.parametrize("batch, steps, input_dim, units", SHAPES)
@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize("with_state", [False, True])
def test_gru_forward_matches_keras(keras, rng, batch, steps, input_dim, units, reset_after, with_state):
    layer, weights = twin(keras, keras.layers.GRU, units, input_dim, rng, reset_after=reset_after)
    x = rng.normal(size=(batch, steps, input_dim)).astype("float32")
    if with_state:
        h0 = rng.normal(size=(batch, units)).astype("float32")
        ours, expected = gru_forward(x, *weights, h0=h0, reset_after=reset_after), layer(x, initial_state=[h0])
    else:
        ours, expected = gru_forward(x, *weights, reset_after=reset_after), layer(x)
    for mine, theirs in zip(ours, expected):
        np.testing.assert_allclose(mine, np.asarray(theirs), atol=1e-5)


@pytest.mark.parametrize("batch, steps, input_dim, units", SHAPES)
def test_simple_rnn_forward_matches_keras(keras, rng, batch, steps, input_dim, units):
    layer, weights = twin(keras, keras.layers.SimpleRNN, units, input_dim, rng)
    x = rng.normal(size=(batch, steps, input_dim)).astype("float32")
    for ours, theirs in zip(simple_rnn_forward(x, *weights), layer(x)):
        np.testing.assert_allclose(ours, np.asarray(theirs), atol=1e-5)


def test_sigmoid_does_not_overflow():
    from lstm_explained.cells import sigmoid

    with np.errstate(over="raise", invalid="raise", divide="raise"):
        values = sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_allclose(values, [0.0, 0.5, 1.0])
