"""split_gates against the arrays of real Keras layers."""

import numpy as np
import pytest

from lstm_explained import GATE_ORDER, ONNX_GATE_ORDER, TORCH_GATE_ORDER, keras_to_onnx, keras_to_torch, split_gates


@pytest.mark.parametrize("input_dim, units", [(1, 1), (4, 2), (13, 7)])
def test_lstm_blocks_concatenate_back_and_forget_bias_is_one(keras, input_dim, units):
    layer = keras.layers.LSTM(units)
    layer.build((None, None, input_dim))
    kernel, recurrent_kernel, bias = layer.get_weights()
    for array in (kernel, recurrent_kernel, bias):
        blocks = split_gates(array)
        assert list(blocks) == ["i", "f", "c", "o"]
        assert all(block.shape == array.shape[:-1] + (units,) for block in blocks.values())
        np.testing.assert_array_equal(np.concatenate(list(blocks.values()), axis=-1), array)
    gates = split_gates(bias)
    np.testing.assert_array_equal(gates["f"], np.ones(units))  # unit_forget_bias=True
    for other in ("i", "c", "o"):
        np.testing.assert_array_equal(gates[other], np.zeros(units))


def test_blocks_are_views(keras):
    bias = np.arange(8.0)
    split_gates(bias)["f"][:] = -1
    np.testing.assert_array_equal(bias, [0, 1, -1, -1, 4, 5, 6, 7])


def test_accepts_keras_variables(keras):
    layer = keras.layers.LSTM(3)
    layer.build((None, None, 2))
    blocks = split_gates(layer.cell.kernel)
    assert {gate: block.shape for gate, block in blocks.items()} == {gate: (2, 3) for gate in "ifco"}


def test_gru_blocks_including_the_two_row_bias(keras):
    layer = keras.layers.GRU(4)
    layer.build((None, None, 3))
    kernel, recurrent_kernel, bias = layer.get_weights()
    assert bias.shape == (2, 12)
    blocks = split_gates(bias, kind="gru")
    assert list(blocks) == list(GATE_ORDER["gru"]) == ["z", "r", "h"]
    assert all(block.shape == (2, 4) for block in blocks.values())
    np.testing.assert_array_equal(np.concatenate(list(blocks.values()), axis=-1), bias)


def test_the_gate_order_is_what_keras_computes(keras):
    """Put a huge bias on one block at a time; the matching gate must saturate in Keras' own cell."""
    units = 2
    layer = keras.layers.LSTM(units)
    layer.build((None, None, 3))
    kernel, recurrent_kernel, bias = layer.get_weights()
    zeros = [np.zeros_like(kernel), np.zeros_like(recurrent_kernel)]
    x = np.zeros((1, 3), "float32")
    h0 = np.zeros((1, units), "float32")
    c0 = np.full((1, units), 0.5, "float32")

    def step(gate_biases):
        b = np.zeros_like(bias)
        for gate, value in gate_biases.items():
            split_gates(b)[gate][:] = value
        layer.set_weights([*zeros, b])
        h, (_, c) = layer.cell(x, [h0, c0])
        return np.asarray(h), np.asarray(c)

    # f open, i closed: c stays c0. f closed, i open, c-candidate = tanh(20) ≈ 1: c ≈ 1.
    _, c = step({"f": 20.0, "i": -20.0})
    np.testing.assert_allclose(c, c0, atol=1e-6)
    _, c = step({"f": -20.0, "i": 20.0, "c": 20.0})
    np.testing.assert_allclose(c, 1.0, atol=1e-6)
    # o closed: h = 0 whatever c is.
    h, _ = step({"f": 20.0, "i": -20.0, "o": -20.0})
    np.testing.assert_allclose(h, 0.0, atol=1e-6)


def test_lists_keep_their_dtype_and_arrays_stay_themselves():
    blocks = split_gates([0, 1, 2, 3, 4, 5, 6, 7])
    assert blocks["f"].dtype.kind == "i"  # not silently float64
    float32 = np.zeros((3, 8), dtype="float32")
    assert all(block.dtype == np.float32 and np.shares_memory(block, float32) for block in split_gates(float32).values())


def test_torch_layout_splits_the_first_axis_in_pytorchs_order():
    state = keras_to_torch(np.arange(32.0).reshape(4, 8), np.zeros((2, 8)), np.arange(8.0))
    keras_blocks = split_gates(np.arange(32.0).reshape(4, 8))
    torch_blocks = split_gates(state["weight_ih_l0"], layout="torch")
    assert list(torch_blocks) == list(TORCH_GATE_ORDER["lstm"])
    for gate, block in torch_blocks.items():
        np.testing.assert_array_equal(block, keras_blocks[gate].T)
    assert all(np.shares_memory(block, state["weight_ih_l0"]) for block in torch_blocks.values())
    gru = keras_to_torch(np.zeros((3, 6)), np.zeros((2, 6)), np.arange(12.0).reshape(2, 6), kind="gru")
    np.testing.assert_array_equal(split_gates(gru["bias_ih_l0"], "gru", layout="torch")["z"], [0, 1])


def test_onnx_layout_splits_w_r_and_both_halves_of_b():
    onnx = keras_to_onnx(np.zeros((4, 8)), np.zeros((2, 8)), np.arange(8.0))
    assert {gate: block.shape for gate, block in split_gates(onnx["W"], layout="onnx").items()} == {g: (1, 2, 4) for g in "iofc"}
    bias = split_gates(onnx["B"], layout="onnx")
    assert list(bias) == list(ONNX_GATE_ORDER["lstm"])
    np.testing.assert_array_equal(bias["f"], [[[2, 3], [0, 0]]])  # Keras' f block, then the zero recurrent bias


@pytest.mark.parametrize("kwargs, message", [
    ({"layout": "tensorflow"}, "layout must be one of 'keras', 'torch', 'onnx'; got 'tensorflow'"),
    ({"layout": "onnx", "kind": "gru"}, "the 'onnx' layout is known for lstm only"),
])
def test_unknown_layouts_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        split_gates(np.zeros(12), **kwargs)


def test_a_pytorch_weight_needs_the_torch_layout():
    """The mistake the layout exists for: PyTorch's (4u, d) weight split along Keras' axis is refused or wrong-shaped."""
    weight_ih = np.zeros((8, 3))
    with pytest.raises(ValueError, match=r"shape \(8, 3\) cannot be a lstm weight array in the keras layout"):
        split_gates(weight_ih)
    assert {block.shape for block in split_gates(weight_ih, layout="torch").values()} == {(2, 3)}
