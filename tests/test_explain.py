"""explain() on real Keras models: the seed, mixed families, wrappers, and models it must refuse."""

import pytest

from lstm_explained import count_params, explain
from tests.helpers import require_module


def seed_model(keras):
    inputs = keras.Input(shape=(100, 4))
    return keras.Model(inputs, keras.layers.Dense(1)(keras.layers.LSTM(2, name="lstm")(inputs)))


def test_seed_model(keras):
    report = explain(seed_model(keras))
    assert [(row.weight, row.shape, row.size) for row in report.rows] == [
        ("kernel", (4, 8), 32), ("recurrent_kernel", (2, 8), 16), ("bias", (8,), 8),
    ]
    assert report.rows[0].gates == {"i": (0, 2), "f": (2, 4), "c": (4, 6), "o": (6, 8)}
    assert report.rows[1].formula == "u × 4u = 2 × 8"
    (layer,) = report.layers
    assert layer.total == layer.keras_count == 56 and layer.matches_keras
    text = str(report)
    assert "lstm (lstm): 4 × (2·4 + 2·2 + 2) = 56  (matches Keras count_params() = 56)" in text
    assert text.splitlines()[-1].startswith("recurrent layers: 56 of the 59 parameters of")
    assert "i 0:2, f 2:4, c 4:6, o 6:8" in text


def test_bidirectional_gru_and_stacked_lstms(keras):
    inputs = keras.Input(shape=(None, 5))
    x = keras.layers.Bidirectional(keras.layers.LSTM(3, return_sequences=True), name="bi")(inputs)
    x = keras.layers.LSTM(4, return_sequences=True, name="second")(x)
    x = keras.layers.GRU(2, reset_after=False, name="gru")(x)
    x = keras.layers.SimpleRNN(1, name="rnn")(keras.layers.RepeatVector(3)(x))
    model = keras.Model(inputs, keras.layers.Dense(2)(x), name="mixed")
    report = explain(model)
    names = [layer.name for layer in report.layers]
    assert names[0].startswith("bi/forward") and names[1].startswith("bi/backward")
    assert names[2:] == ["second", "gru", "rnn"]
    assert [layer.total for layer in report.layers] == [
        count_params("lstm", 5, 3), count_params("lstm", 5, 3), count_params("lstm", 6, 4),
        count_params("gru", 4, 2, reset_after=False), count_params("simple_rnn", 2, 1),
    ]
    assert all(layer.matches_keras for layer in report.layers)
    recurrent = [model.get_layer(name) for name in ("bi", "second", "gru", "rnn")]
    assert report.total == sum(layer.count_params() for layer in recurrent)
    lines = str(report).splitlines()
    dense = model.layers[-1].count_params()
    assert lines[-1] == (
        f"recurrent layers: {report.total} of the {model.count_params()} parameters of 'mixed' "
        f"(the other {dense} are in its other layers)"
    )


def test_bidirectional_shows_the_wrappers_own_total(keras):
    """The number model.summary() prints on the Bidirectional row: 240 for Bidirectional(LSTM(3)) on 6 features."""
    inputs = keras.Input(shape=(None, 6))
    wrapper = keras.layers.Bidirectional(keras.layers.LSTM(3), name="bi")
    model = keras.Model(inputs, wrapper(inputs))
    report = explain(model)
    (entry,) = report.entries
    assert entry.total == entry.keras_count == wrapper.count_params() == count_params("lstm", 6, 3, bidirectional=True)
    one = count_params("lstm", 6, 3)
    assert f"bi (Bidirectional): {one} + {one} = {wrapper.count_params()}  (matches Keras count_params() = {wrapper.count_params()})" in str(report).splitlines()
    assert report.as_dict()["wrappers"][0]["count"] == wrapper.count_params()


def test_same_named_layers_of_nested_models_are_qualified(keras):
    def seq(name):
        return keras.Sequential([keras.Input(shape=(None, 3)), keras.layers.LSTM(2, name="lstm")], name=name)

    inputs = keras.Input(shape=(None, 3))
    model = keras.Model(inputs, [seq("encoder")(inputs), seq("decoder")(inputs)], name="outer")
    report = explain(model)
    assert [layer.name for layer in report.layers] == ["encoder/lstm", "decoder/lstm"]
    assert [row.layer for row in report.rows] == ["encoder/lstm"] * 3 + ["decoder/lstm"] * 3
    assert str(report).splitlines()[-1] == f"recurrent layers: all {model.count_params()} parameters of 'outer'"


def test_the_report_shows_itself_in_a_repl_and_a_notebook(keras):
    report = explain(seed_model(keras))
    assert repr(report) == str(report)
    assert "recurrent_kernel" in repr(report) and "<Report" not in repr(report)
    html = report._repr_html_()
    assert html.startswith("<table>") and "<td>(2, 8)</td>" in html and "d × 4u = 4 × 8" in html
    IPython = require_module("IPython", "it comes with the [test] extra: run 'make install'")  # noqa: N806
    formatted = IPython.core.formatters.PlainTextFormatter()(report)
    assert formatted == str(report)


def test_stacked_cells_in_one_rnn_layer(keras):
    layer = keras.layers.RNN([keras.layers.LSTMCell(3, name="low"), keras.layers.GRUCell(2, name="high")], name="stack")
    layer.build((None, None, 4))
    report = explain(layer)
    assert [entry.name for entry in report.layers] == ["stack/low", "stack/high"]
    assert [entry.total for entry in report.layers] == [count_params("lstm", 4, 3), count_params("gru", 3, 2)]
    assert report.total == layer.count_params()


def test_a_single_layer_and_a_nested_model(keras):
    layer = keras.layers.GRU(3, name="lonely")
    layer.build((None, 10, 2))
    assert explain(layer).total == count_params("gru", 2, 3)
    inner = keras.Sequential([keras.Input(shape=(None, 2)), keras.layers.LSTM(2, name="inner_lstm")])
    outer_inputs = keras.Input(shape=(None, 2))
    outer = keras.Model(outer_inputs, keras.layers.Dense(1)(inner(outer_inputs)))
    assert [layer.name for layer in explain(outer).layers] == [f"{inner.name}/inner_lstm"]


@pytest.mark.parametrize("cls, input_shape, kernel_size", [
    ("ConvLSTM1D", (None, 4, 10, 2), (3,)),
    ("ConvLSTM2D", (None, 4, 8, 8, 2), (3, 3)),
    ("ConvLSTM3D", (None, 4, 6, 6, 6, 2), (2, 2, 2)),
])
def test_conv_lstm(keras, cls, input_shape, kernel_size):
    layer = getattr(keras.layers, cls)(filters=3, kernel_size=kernel_size)
    layer.build(input_shape)
    report = explain(layer)
    assert [row.shape for row in report.rows] == [tuple(w.shape) for w in layer.weights]
    assert report.total == layer.count_params()
    assert report.layers[0].matches_keras


def test_time_distributed_wrapper_is_looked_into(keras):
    inputs = keras.Input(shape=(3, 7, 4))
    wrapped = keras.layers.TimeDistributed(keras.layers.LSTM(2, name="inner"))
    model = keras.Model(inputs, wrapped(inputs))
    assert explain(model).total == count_params("lstm", 4, 2)


def test_refusals(keras):
    inputs = keras.Input(shape=(4,))
    dense_only = keras.Model(inputs, keras.layers.Dense(1)(inputs))
    with pytest.raises(ValueError, match="has no recurrent layer"):
        explain(dense_only)
    with pytest.raises(ValueError, match="has no weights yet"):
        explain(keras.layers.LSTM(2))
    with pytest.raises(TypeError, match="explain expects a Keras model or layer; got str"):
        explain("model.h5")
    with pytest.raises(ValueError, match="uses a MinimalCell"):
        explain(keras.layers.RNN(MinimalCell(keras)))


def MinimalCell(keras):  # noqa: N802 - builds a class the way Keras' docs do
    class MinimalCell(keras.layers.Layer):
        state_size = 2

        def call(self, inputs, states):
            return inputs, states

    return MinimalCell()


def test_importing_the_package_does_not_import_tensorflow():
    import subprocess
    import sys

    code = "import sys, lstm_explained; print('tensorflow' in sys.modules or 'keras' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
