"""The layout converters: against Keras and the NumPy equations always, against real PyTorch when installed."""

import numpy as np
import pytest

from lstm_explained import keras_to_onnx, keras_to_torch, lstm_forward, gru_forward, simple_rnn_forward, torch_to_keras
from lstm_explained.frameworks import onnx_lstm_forward, reorder_gates, torch_lstm_forward, torch_param_formula
from tests.helpers import require_module

TORCH_HOW = "install it with: .venv/bin/pip install -c constraints.txt -e '.[torch]' (.ci/run does)"
FORWARD = {"lstm": lstm_forward, "gru": gru_forward, "simple_rnn": simple_rnn_forward}


def random_lstm(rng, input_dim=4, units=3):
    return (rng.normal(size=(input_dim, 4 * units)), rng.normal(size=(units, 4 * units)), rng.normal(size=4 * units))


def torch_module(kind):
    torch = require_module("torch", TORCH_HOW)
    return torch, {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "simple_rnn": torch.nn.RNN}[kind]


def run_torch(torch, module, x):
    with torch.no_grad():
        return module(torch.from_numpy(x))[0].numpy()


def run_converted(kind, weights, x):
    """A stack of (bi)directional layers in NumPy, from torch_to_keras' result, as PyTorch runs it."""
    layers = sorted({layer for layer, _ in weights})
    for layer in layers:
        outputs = [FORWARD[kind](x, *weights[layer, "forward"])[0]]
        if (layer, "backward") in weights:
            outputs.append(FORWARD[kind](x[:, ::-1], *weights[layer, "backward"])[0][:, ::-1])
        x = np.concatenate(outputs, axis=-1)
    return x


def test_round_trips(rng):
    weights = random_lstm(rng)
    for ours, original in zip(torch_to_keras(keras_to_torch(*weights))[0, "forward"], weights):
        np.testing.assert_allclose(ours, original)
    gru = (rng.normal(size=(4, 9)), rng.normal(size=(3, 9)), rng.normal(size=(2, 9)))
    for ours, original in zip(torch_to_keras(keras_to_torch(*gru, kind="gru"), kind="gru")[0, "forward"], gru):
        np.testing.assert_allclose(ours, original)


def test_round_trip_of_a_stacked_bidirectional_state(rng):
    layers = {(0, "forward"): random_lstm(rng, 4, 3), (0, "backward"): random_lstm(rng, 4, 3),
              (1, "forward"): random_lstm(rng, 6, 3), (1, "backward"): random_lstm(rng, 6, 3)}
    state = {}
    for (layer, direction), weights in layers.items():
        state.update(keras_to_torch(*weights, layer=layer, direction=direction))
    assert "weight_ih_l1_reverse" in state and state["weight_ih_l1_reverse"].shape == (12, 6)
    back = torch_to_keras(state)
    assert list(back) == list(layers)
    for key, weights in layers.items():
        for ours, original in zip(back[key], weights):
            np.testing.assert_allclose(ours, original)


def test_torch_gate_order(rng):
    """TORCH_GATE_ORDER against PyTorch's equations, written out in NumPy in PyTorch's documented order."""
    weights = random_lstm(rng)
    x = rng.normal(size=(2, 12, 4))
    for ours, theirs in zip(lstm_forward(x, *weights), torch_lstm_forward(x, *keras_to_torch(*weights).values())):
        np.testing.assert_allclose(ours, theirs, atol=1e-12)


@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_torch_gate_order_against_real_pytorch(rng, kind):
    """One Keras gate at a time carries a huge bias; real PyTorch must saturate the same gate."""
    torch, cls = torch_module(kind)
    module = cls(3, 2, batch_first=True).double()
    units, gates = 2, {"lstm": 4, "gru": 3}[kind]
    x = rng.normal(size=(1, 5, 3))
    for block in range(gates):
        kernel, recurrent_kernel = rng.normal(size=(3, gates * units)), rng.normal(size=(units, gates * units))
        bias = np.zeros(gates * units) if kind == "lstm" else np.zeros((2, gates * units))
        bias[..., block * units:(block + 1) * units] = 30.0
        module.load_state_dict({k: torch.from_numpy(v) for k, v in keras_to_torch(kernel, recurrent_kernel, bias, kind=kind).items()})
        expected = FORWARD[kind](x, kernel, recurrent_kernel, bias)[0]
        np.testing.assert_allclose(run_torch(torch, module, x), expected, atol=1e-10, err_msg=f"{kind} gate block {block}")


def test_onnx_gate_order(keras, rng):
    """ONNX_GATE_ORDER against the ONNX operator's equations (order i, o, f, c) and a real Keras LSTM."""
    assert reorder_gates(np.array(list("iiffccoo")), "ifco", "iofc").tolist() == list("iiooffcc")
    layer = keras.layers.LSTM(3, return_sequences=True)
    layer.build((None, None, 4))
    weights = [rng.normal(scale=0.5, size=w.shape).astype("float32") for w in layer.get_weights()]
    layer.set_weights(weights)
    x = rng.normal(size=(2, 9, 4)).astype("float32")
    onnx_out, _, _ = onnx_lstm_forward(x, **keras_to_onnx(*weights))
    np.testing.assert_allclose(onnx_out, np.asarray(layer(x)), atol=1e-5)


def test_without_bias(rng):
    kernel, recurrent_kernel, _ = random_lstm(rng)
    state = keras_to_torch(kernel, recurrent_kernel, None)
    assert list(state) == ["weight_ih_l0", "weight_hh_l0"]
    back = torch_to_keras(state)[0, "forward"]
    assert len(back) == 2
    np.testing.assert_allclose(back[0], kernel)
    onnx = keras_to_onnx(kernel, recurrent_kernel, None)
    assert list(onnx) == ["W", "R"]
    x = rng.normal(size=(2, 7, 4))
    np.testing.assert_allclose(onnx_lstm_forward(x, **onnx)[0], lstm_forward(x, kernel, recurrent_kernel, None)[0], atol=1e-12)
    np.testing.assert_allclose(torch_lstm_forward(x, *state.values())[0], lstm_forward(x, kernel, recurrent_kernel, None)[0], atol=1e-12)


def test_kind_is_spelled_as_everywhere_else(rng):
    weights = random_lstm(rng)
    assert keras_to_torch(*weights, kind="LSTM").keys() == keras_to_torch(*weights).keys()
    rnn = (rng.normal(size=(4, 3)), rng.normal(size=(3, 3)), rng.normal(size=3))
    state = keras_to_torch(*rnn, kind="SimpleRNN")
    assert state["weight_ih_l0"].shape == (3, 4)
    np.testing.assert_allclose(torch_to_keras(state, kind="simple-rnn")[0, "forward"][2], rnn[2])


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: keras_to_torch(np.zeros((4, 6)), np.zeros((2, 6)), np.zeros(6), kind="gru"), ValueError,
         "a GRU bias must have shape .*reset_after=False, which PyTorch cannot represent"),
        (lambda: keras_to_torch(np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8), kind="transformer"), ValueError, "kind must be one of"),
        (lambda: torch_to_keras({"weight_ih_l0": np.zeros((8, 4)), "weight_hh_l0": np.zeros((8, 2)), "bias_ih_l0": np.zeros(8)}),
         ValueError, "state is missing bias_hh_l0"),
        (lambda: torch_to_keras({"weight_ih_l0": np.zeros((8, 4))}), ValueError, "state is missing weight_hh_l0"),
        (lambda: torch_to_keras({"lstm.weight_ih_l0": np.zeros((8, 4))}), ValueError,
         r"keys that are not nn.LSTM parameters: 'lstm.weight_ih_l0' \(pass the recurrent module's own state_dict"),
        (lambda: torch_to_keras({}), ValueError, "state is empty"),
        (lambda: torch_to_keras(None), TypeError, "state must be a PyTorch state dict .* got NoneType"),
        (lambda: torch_to_keras({"weight_ih_l0": None, "weight_hh_l0": np.zeros((8, 2))}), TypeError,
         "'weight_ih_l0' is None; expected a numeric array"),
        (lambda: torch_to_keras({"weight_ih_l0": np.zeros((7, 4)), "weight_hh_l0": np.zeros((8, 2))}), ValueError,
         r"weight_ih_l0 of shape \(7, 4\) cannot be a PyTorch lstm parameter"),
        (lambda: torch_to_keras({"weight_ih_l1": np.zeros((8, 4)), "weight_hh_l1": np.zeros((8, 2))}), ValueError,
         r"state has no parameters for layer 0 of its stack \(it has layers \[1\]\)"),
        (lambda: torch_to_keras({**keras_to_torch(np.zeros((4, 8)), np.zeros((2, 8)), None),
                                 **keras_to_torch(np.zeros((4, 8)), np.zeros((2, 8)), None, layer=1),
                                 **keras_to_torch(np.zeros((4, 8)), np.zeros((2, 8)), None, direction="backward")}),
         ValueError, r"backward direction \(_reverse\) for layers \[0\] only"),
        (lambda: keras_to_onnx(np.zeros((4, 8)), np.zeros((3, 8)), np.zeros(8)), ValueError, "cannot be a lstm recurrent kernel"),
    ],
)
def test_refusals(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_against_real_pytorch_lstm(rng):
    torch, _ = torch_module("lstm")
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
    kernel, recurrent_kernel, bias = torch_to_keras(trained.state_dict())[0, "forward"]
    np.testing.assert_allclose(lstm_forward(x, kernel, recurrent_kernel, bias)[0], run_torch(torch, trained, x), atol=1e-10)


@pytest.mark.parametrize("kind", ["lstm", "gru", "simple_rnn"])
@pytest.mark.parametrize(
    "options",
    [{}, {"num_layers": 2}, {"bidirectional": True}, {"num_layers": 3, "bidirectional": True}, {"bias": False},
     {"num_layers": 2, "bidirectional": True, "bias": False}],
    ids=["one-layer", "2-layer", "bidirectional", "3-layer-bidirectional", "bias-False", "2-layer-bidirectional-bias-False"],
)
def test_every_layer_and_direction_of_real_pytorch_modules(rng, kind, options):
    torch, cls = torch_module(kind)
    torch.manual_seed(3)
    module = cls(5, 3, batch_first=True, **options).double()
    weights = torch_to_keras(module.state_dict(), kind=kind)
    layers, directions = options.get("num_layers", 1), 2 if options.get("bidirectional") else 1
    assert len(weights) == layers * directions
    assert all(len(arrays) == (3 if options.get("bias", True) else 2) for arrays in weights.values())
    x = rng.normal(size=(2, 8, 5))
    np.testing.assert_allclose(run_converted(kind, weights, x), run_torch(torch, module, x), atol=1e-10)


def test_a_stacked_bidirectional_module_fills_keras_layers(keras, rng):
    torch, _ = torch_module("lstm")
    torch.manual_seed(4)
    module = torch.nn.LSTM(5, 3, num_layers=2, bidirectional=True, batch_first=True)
    weights = torch_to_keras(module)  # the module itself: its state_dict() is read
    model = keras.Sequential([
        keras.Input(shape=(None, 5)),
        keras.layers.Bidirectional(keras.layers.LSTM(3, return_sequences=True)),
        keras.layers.Bidirectional(keras.layers.LSTM(3, return_sequences=True)),
    ])
    for layer, keras_layer in enumerate(model.layers):
        keras_layer.set_weights(weights[layer, "forward"] + weights[layer, "backward"])
    x = rng.normal(size=(2, 6, 5)).astype("float32")
    np.testing.assert_allclose(np.asarray(model(x)), run_torch(torch, module, x), atol=1e-5)


def test_proj_size_is_refused(rng):
    torch, _ = torch_module("lstm")
    module = torch.nn.LSTM(4, 6, proj_size=2, num_layers=2)
    with pytest.raises(ValueError, match="state has weight_hr_l0, weight_hr_l1: an nn.LSTM with proj_size > 0 .* no projection"):
        torch_to_keras(module.state_dict())


def test_modules_of_another_kind_are_refused():
    torch, _ = torch_module("lstm")
    with pytest.raises(ValueError, match="cannot convert a GRU .* as kind 'lstm'"):
        torch_to_keras(torch.nn.GRU(4, 2))
    with pytest.raises(ValueError, match="cannot convert a RNN \\(mode 'RNN_RELU'\\)"):
        torch_to_keras(torch.nn.RNN(4, 2, nonlinearity="relu"), kind="simple_rnn")
    with pytest.raises(ValueError, match="cannot convert a LSTMCell"):
        torch_to_keras(torch.nn.LSTMCell(4, 2))


def test_tensors_that_require_grad_and_bfloat16(rng):
    torch, _ = torch_module("lstm")
    torch.manual_seed(5)
    module = torch.nn.LSTM(4, 2, batch_first=True)
    state = {name: parameter for name, parameter in module.named_parameters()}  # requires_grad=True
    assert all(tensor.requires_grad for tensor in state.values())
    x = rng.normal(size=(1, 4, 4))
    expected = run_converted("lstm", torch_to_keras(state), x)
    np.testing.assert_allclose(expected, run_torch(torch, module.double(), x), atol=1e-6)
    half = torch_to_keras({name: tensor.to(torch.bfloat16) for name, tensor in state.items()})
    assert half[0, "forward"][0].dtype == np.float64
    np.testing.assert_allclose(run_converted("lstm", half, x), expected, atol=0.05)  # bfloat16 keeps 3 digits


def test_against_real_pytorch_gru(rng):
    torch, _ = torch_module("gru")
    torch.manual_seed(1)
    module = torch.nn.GRU(5, 3, batch_first=True).double()
    kernel, recurrent_kernel, bias = torch_to_keras(module.state_dict(), kind="gru")[0, "forward"]
    assert bias.shape == (2, 9)
    x = rng.normal(size=(2, 11, 5))
    np.testing.assert_allclose(gru_forward(x, kernel, recurrent_kernel, bias)[0], run_torch(torch, module, x), atol=1e-10)
