"""Explain the weights of every recurrent layer in a real Keras model or layer."""

from .report import BidirectionalReport, Report, _conv_lstm_layer_report, _layer_report


def _keras():
    # Imported here, not at module level, so `import lstm_explained` stays fast and TensorFlow-free.
    import keras

    return keras


def _cell_kind(cell, keras):
    cells = keras.layers
    if isinstance(cell, cells.LSTMCell):
        return "lstm"
    if isinstance(cell, cells.GRUCell):
        return "gru"
    if isinstance(cell, cells.SimpleRNNCell):
        return "simple_rnn"
    if type(cell).__name__ == "ConvLSTMCell":  # not exported by keras.layers
        return "conv_lstm"
    return None


def _explain_cell(cell, name, counted, keras):
    # `counted` is what Keras counts for this entry: the layer, or the cell in a stack of cells.
    kind = _cell_kind(cell, keras)
    if kind is None:
        raise ValueError(
            f"layer {name!r} uses a {type(cell).__name__}; explain supports LSTM, GRU, SimpleRNN and "
            "ConvLSTM1D/2D/3D cells (also inside Bidirectional)"
        )
    if not cell.weights:
        raise ValueError(
            f"layer {name!r} has no weights yet: call the model on an input (or build it with an "
            "input shape) before explaining it"
        )
    keras_count = counted.count_params()
    actual = [tuple(int(dim) for dim in weight.shape) for weight in cell.weights]
    # The input size is read from the kernel's first axes; every other dimension and the
    # count are then predicted by our formulas and compared with what Keras built.
    # The kind comes from the cell's class and the sizes from Keras' own weights, so they need
    # no checks of their own: the report is built from them as they are.
    use_bias = bool(cell.use_bias)
    if kind == "conv_lstm":
        entry = _conv_lstm_layer_report(
            tuple(int(k) for k in cell.kernel_size), actual[0][-2], int(cell.filters), use_bias, name, keras_count
        )
    else:
        reset_after = bool(getattr(cell, "reset_after", True))
        entry = _layer_report(kind, actual[0][0], int(cell.units), use_bias, reset_after, name, keras_count)
    predicted = [row.shape for row in entry.rows]
    if predicted != actual:
        raise RuntimeError(
            f"lstm_explained predicts weight shapes {predicted} for layer {name!r} but Keras built "
            f"{actual}; this is a bug in lstm_explained, please report it"
        )
    return entry


def _explain_rnn(layer, name, keras):
    cells = getattr(layer.cell, "cells", None)  # RNN([cell, cell, ...]) stacks its cells
    if cells is None:
        yield _explain_cell(layer.cell, name, layer, keras)
    else:
        for cell in cells:
            yield _explain_cell(cell, f"{name}/{cell.name}", cell, keras)


def _walk(layer, name, keras, *, top=False):
    if isinstance(layer, keras.layers.Bidirectional):
        directions = [
            entry
            for direction in (layer.forward_layer, layer.backward_layer)
            for entry in _walk(direction, f"{name}/{direction.name}", keras)
        ]
        yield BidirectionalReport(name, tuple(directions), layer.count_params())
    elif isinstance(layer, keras.layers.RNN):
        yield from _explain_rnn(layer, name, keras)
    elif isinstance(layer, keras.layers.Wrapper):
        yield from _walk(layer.layer, f"{name}/{layer.layer.name}", keras)
    elif hasattr(layer, "layers"):  # a Model, Sequential or nested model
        for sublayer in layer.layers:
            # A nested model's layers carry its name, so an encoder's and a decoder's `lstm` differ.
            yield from _walk(sublayer, sublayer.name if top else f"{name}/{sublayer.name}", keras)


def explain(model_or_layer):
    """Explain every recurrent layer of a Keras model (or one layer): shapes, gate blocks, formulas, totals.

    Returns a :class:`~lstm_explained.report.Report`: print it (or leave it as the last line of a
    notebook cell), or read ``report.rows``. A ``Bidirectional`` layer is listed per direction,
    then with its own total; layers of a nested model are named ``model_name/layer_name``; the
    last line says which part of the model's parameters the recurrent layers hold.

    >>> import keras
    >>> inputs = keras.Input(shape=(100, 4))
    >>> lstm = keras.layers.LSTM(2, name="lstm")
    >>> model = keras.Model(inputs, keras.layers.Dense(1)(lstm(inputs)), name="seed")
    >>> print(explain(model))
    layer  weight            shape   gate blocks (columns)       size formula    size
    -----  ----------------  ------  --------------------------  --------------  ----
    lstm   kernel            (4, 8)  i 0:2, f 2:4, c 4:6, o 6:8  d × 4u = 4 × 8    32
    lstm   recurrent_kernel  (2, 8)  i 0:2, f 2:4, c 4:6, o 6:8  u × 4u = 2 × 8    16
    lstm   bias              (8,)    i 0:2, f 2:4, c 4:6, o 6:8  4u = 8             8
    <BLANKLINE>
    lstm (lstm): 4 × (2·4 + 2·2 + 2) = 56  (matches Keras count_params() = 56)
    recurrent layers: 56 of the 59 parameters of 'seed' (the other 3 are in its other layers)
    """
    keras = _keras()
    if not isinstance(model_or_layer, keras.layers.Layer):
        raise TypeError(f"explain expects a Keras model or layer; got {type(model_or_layer).__name__}")
    entries = list(_walk(model_or_layer, model_or_layer.name, keras, top=True))
    if not entries:
        raise ValueError(
            f"{model_or_layer.name!r} has no recurrent layer (LSTM, GRU, SimpleRNN, ConvLSTM, "
            "or Bidirectional around one) to explain"
        )
    return Report(entries, model_name=model_or_layer.name, model_count=model_or_layer.count_params())
