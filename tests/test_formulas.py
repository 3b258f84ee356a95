"""The formulas against real Keras layers: shapes from get_weights(), counts from count_params()."""

import itertools

import pytest

from lstm_explained import (
    conv_lstm_count_params,
    conv_lstm_param_formula,
    conv_lstm_weight_shapes,
    count_params,
    param_formula,
    weight_shapes,
)
from lstm_explained.facts import KIND_NAMES

# At least 50 (input_dim, units) pairs, from 1 to large, with uneven sizes mixed in.
DIMS = (1, 2, 3, 7, 16, 64, 300, 1024)
UNITS = (1, 2, 5, 8, 33, 128, 512)
GRID = list(itertools.product(DIMS, UNITS))


def test_the_grid_has_at_least_50_pairs():
    assert len(GRID) >= 50 and len(set(GRID)) == len(GRID)


# Shapes and counts do not depend on the initial values. Drawing them is most of what building a
# layer costs (an orthogonal recurrent kernel is a QR decomposition), so the grid starts at zero.
NO_RANDOM_DRAWS = {"kernel_initializer": "zeros", "recurrent_initializer": "zeros"}


def keras_layer(keras, kind, input_dim, units, **options):
    layer = getattr(keras.layers, KIND_NAMES[kind])(units, **NO_RANDOM_DRAWS, **options)
    layer.build((None, None, input_dim))
    return layer


@pytest.mark.parametrize("kind", ["lstm", "gru", "simple_rnn"])
def test_grid_against_keras(keras, kind):
    for input_dim, units in GRID:
        layer = keras_layer(keras, kind, input_dim, units)
        assert list(weight_shapes(kind, input_dim, units).values()) == [w.shape for w in layer.weights], (input_dim, units)
        assert count_params(kind, input_dim, units) == layer.count_params(), (input_dim, units)


@pytest.mark.parametrize("kind", ["lstm", "gru", "simple_rnn"])
@pytest.mark.parametrize("input_dim, units", [(1, 1), (4, 2), (37, 11), (256, 64)])
def test_without_bias(keras, kind, input_dim, units):
    layer = keras_layer(keras, kind, input_dim, units, use_bias=False)
    shapes = weight_shapes(kind, input_dim, units, use_bias=False)
    assert "bias" not in shapes
    assert list(shapes.values()) == [w.shape for w in layer.weights]
    assert count_params(kind, input_dim, units, use_bias=False) == layer.count_params()


@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize("input_dim, units", [(1, 1), (4, 2), (9, 30), (300, 64)])
def test_gru_both_modes(keras, reset_after, input_dim, units):
    layer = keras_layer(keras, "gru", input_dim, units, reset_after=reset_after)
    shapes = weight_shapes("gru", input_dim, units, reset_after=reset_after)
    assert shapes["bias"] == ((2, 3 * units) if reset_after else (3 * units,))
    assert list(shapes.values()) == [w.shape for w in layer.weights]
    assert count_params("gru", input_dim, units, reset_after=reset_after) == layer.count_params()


@pytest.mark.parametrize("kind", ["lstm", "gru", "simple_rnn"])
def test_bidirectional_against_keras(keras, kind):
    wrapper = keras.layers.Bidirectional(getattr(keras.layers, KIND_NAMES[kind])(6))
    wrapper.build((None, 10, 5))
    assert wrapper.count_params() == count_params(kind, 5, 6, bidirectional=True) == 2 * count_params(kind, 5, 6)
    shapes = weight_shapes(kind, 5, 6, bidirectional=True)
    assert list(shapes) == ["forward", "backward"]
    assert [shape for direction in shapes.values() for shape in direction.values()] == [w.shape for w in wrapper.weights]
    expression, total = param_formula(kind, 5, 6, bidirectional=True).rsplit(" = ", 1)
    assert int(total) == wrapper.count_params()
    assert eval(expression.replace("×", "*").replace("·", "*")) == int(total)  # noqa: S307 - our own text
    assert param_formula(kind, bidirectional=True) == "2 × " + ("({})" if kind == "simple_rnn" else "{}").format(param_formula(kind))


@pytest.mark.parametrize("cls, kernel_size, input_shape", [
    ("ConvLSTM1D", 3, (None, 4, 10, 2)),
    ("ConvLSTM2D", (3, 2), (None, 4, 8, 8, 5)),
    ("ConvLSTM3D", (2, 2, 2), (None, 4, 6, 6, 6, 1)),
])
@pytest.mark.parametrize("use_bias", [True, False])
def test_conv_lstm_against_keras(keras, cls, kernel_size, input_shape, use_bias):
    layer = getattr(keras.layers, cls)(filters=3, kernel_size=kernel_size, use_bias=use_bias)
    layer.build(input_shape)
    channels = input_shape[-1]
    shapes = conv_lstm_weight_shapes(kernel_size, channels, 3, use_bias=use_bias)
    assert list(shapes.values()) == [tuple(w.shape) for w in layer.weights]
    assert conv_lstm_count_params(kernel_size, channels, 3, use_bias=use_bias) == layer.count_params()
    expression, total = conv_lstm_param_formula(kernel_size, channels, 3, use_bias=use_bias).rsplit(" = ", 1)
    assert eval(expression.replace("×", "*").replace("·", "*")) == int(total) == layer.count_params()  # noqa: S307


def test_stacked_layers_use_the_previous_units_as_input_dim(keras):
    inputs = keras.Input(shape=(None, 4))
    first = keras.layers.LSTM(8, return_sequences=True)
    second = keras.layers.LSTM(3, return_sequences=True)
    third = keras.layers.GRU(2)
    third(second(first(inputs)))
    assert first.count_params() == count_params("lstm", 4, 8)
    assert second.count_params() == count_params("lstm", 8, 3)
    assert third.count_params() == count_params("gru", 3, 2)


@pytest.mark.parametrize("steps", [1, 10, 100, None])
def test_sequence_length_does_not_change_the_count(keras, steps):
    layer = keras.layers.LSTM(2)
    layer(keras.Input(shape=(steps, 4)))
    assert layer.count_params() == count_params("lstm", 4, 2) == 56


def test_formula_text_matches_the_count():
    for kind, (input_dim, units), use_bias in itertools.product(["lstm", "gru", "simple_rnn"], GRID[:20], [True, False]):
        text = param_formula(kind, input_dim, units, use_bias=use_bias)
        # Numbers above 9,999 carry thousands separators (issue 24); below, none.
        expression, total = text.replace(",", "").rsplit(" = ", 1)
        assert int(total) == count_params(kind, input_dim, units, use_bias=use_bias)
        assert eval(expression.replace("×", "*").replace("·", "*")) == int(total)  # noqa: S307 - our own text
        assert ("," in text.rsplit(" = ", 1)[1]) == (int(total) > 9999), text


def test_the_gate_count_comes_from_the_gate_order():
    from lstm_explained import GATE_ORDER

    for kind, order in GATE_ORDER.items():
        assert weight_shapes(kind, 3, 5)["kernel"] == (3, len(order) * 5)
