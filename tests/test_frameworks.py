"""The layout converters: against Keras and the NumPy equations always, against real PyTorch when installed."""

import numpy as np
import pytest

from lstm_explained import keras_to_onnx, keras_to_torch, lstm_forward, gru_forward, torch_to_keras
from lstm_explained.frameworks import onnx_lstm_forward, reorder_gates, torch_lstm_forward, torch_param_formula
from tests.helpers import require_module

TORCH_HOW = "install it with '.venv/bin/pip install torch==2.13.0' (.ci/run does)"


def random_lstm(rng, input_dim=4, units=3):
    return (rng.normal(size=(input_dim, 4 * units)), rng.normal(size=(units, 4 * units)), rng.normal(size=4 * units))


def test_round_trips(rng):
    weights = random_lstm(rng)
    for ours, original in zip(torch_to_keras(keras_to_torch(*weights)), weights):
        np.testing.assert_allclose(ours, original)
    gru = (rng.normal(size=(4, 9)), rng.normal(size=(3, 9)), rng.normal(size=(2, 9)))
    for ours, original in zip(torch_to_keras(keras_to_torch(*gru, kind="gru"), kind="gru"), gru):
        np.testing.assert_allclose(ours, original)


def test_numpy_equations_of_each_framework_agree(rng):
    weights = random_lstm(rng)
    x = rng.normal(size=(2, 12, 4))
    keras_out = lstm_forward(x, *weights)
    torch_out = torch_lstm_forward(x, *keras_to_torch(*weights).values())
    onnx_out = onnx_lstm_forward(x, **keras_to_onnx(*weights))
    for a, b, c in zip(keras_out, torch_out, onnx_out):
        np.testing.assert_allclose(a, b, atol=1e-12)
        np.testing.assert_allclose(a, c, atol=1e-12)


def test_onnx_gate_order():
    assert reorder_gates(np.array(list("iiffccoo")), "ifco", "iofc").tolist() == list("iiooffcc")


def test_refusals(rng):
    with pytest.raises(ValueError, match="a GRU bias must have shape"):
        keras_to_torch(np.zeros((4, 6)), np.zeros((2, 6)), np.zeros(6), kind="gru")
    with pytest.raises(ValueError, match="kind must be 'lstm' or 'gru'"):
        keras_to_torch(*random_lstm(rng), kind="simple_rnn")
    with pytest.raises(ValueError, match="state is missing bias_hh_l0"):
        torch_to_keras({"weight_ih_l0": 0, "weight_hh_l0": 0, "bias_ih_l0": 0})
    with pytest.raises(ValueError, match="not the weights of one layer"):
        keras_to_onnx(np.zeros((4, 8)), np.zeros((3, 8)), np.zeros(8))


def test_against_real_pytorch_lstm(rng):
    torch = require_module("torch", TORCH_HOW)
    input_dim, units = 4, 2
    module = torch.nn.LSTM(input_dim, units, batch_first=True).double()
    assert sum(p.numel() for p in module.parameters()) == int(torch_param_formula(input_dim, units).split("= ")[1]) == 64
    weights = random_lstm(rng, input_dim, units)
    module.load_state_dict({name: torch.from_numpy(array) for name, array in keras_to_torch(*weights).items()})
    x = rng.normal(size=(3, 15, input_dim))
    with torch.no_grad():
        out, (h, c) = module(torch.from_numpy(x))
    ours = lstm_forward(x, *weights)
    np.testing.assert_allclose(out.numpy(), ours[0], atol=1e-10)
    np.testing.assert_allclose(h[0].numpy(), ours[1], atol=1e-10)
    np.testing.assert_allclose(c[0].numpy(), ours[2], atol=1e-10)
    # And back: a PyTorch-trained layer (random, two non-zero biases) becomes a Keras one.
    torch.manual_seed(0)
    trained = torch.nn.LSTM(input_dim, units, batch_first=True).double()
    kernel, recurrent_kernel, bias = torch_to_keras(trained.state_dict())
    with torch.no_grad():
        expected, _ = trained(torch.from_numpy(x))
    np.testing.assert_allclose(lstm_forward(x, kernel, recurrent_kernel, bias)[0], expected.numpy(), atol=1e-10)


def test_against_real_pytorch_gru(rng):
    torch = require_module("torch", TORCH_HOW)
    torch.manual_seed(1)
    module = torch.nn.GRU(5, 3, batch_first=True).double()
    kernel, recurrent_kernel, bias = torch_to_keras(module.state_dict(), kind="gru")
    assert bias.shape == (2, 9)
    x = rng.normal(size=(2, 11, 5))
    with torch.no_grad():
        expected, _ = module(torch.from_numpy(x))
    np.testing.assert_allclose(gru_forward(x, kernel, recurrent_kernel, bias)[0], expected.numpy(), atol=1e-10)
