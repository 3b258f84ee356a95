"""PyTorch's output and parameter layout as lstm_explained.torch_shapes states it, and as PyTorch has it.

The site's pages show these facts without PyTorch; here every one is checked against the real
modules (skipped loudly without PyTorch, failed on CI), including the PyTorch code that
docs/frameworks.md prints but cannot run.
"""

import itertools
import re

import numpy as np
import pytest

from lstm_explained import keras_to_torch, torch_output_shapes
from lstm_explained.torch_shapes import torch_gate_order, torch_gate_slice, torch_parameter_shapes
from tests.helpers import DOCS, require_module

TORCH_HOW = "install it with '.venv/bin/pip install torch==2.13.0' (.ci/run does)"
MODULES = {"lstm": "LSTM", "gru": "GRU", "simple_rnn": "RNN"}
LAYOUTS = list(itertools.product(MODULES, (1, 2), (False, True), (False, True)))


@pytest.fixture(scope="module")
def torch():
    return require_module("torch", TORCH_HOW)


def module_for(torch, kind, input_size, hidden_size, num_layers, bidirectional, batch_first=False, bias=True):
    torch.manual_seed(0)
    return getattr(torch.nn, MODULES[kind])(
        input_size, hidden_size, num_layers=num_layers, bidirectional=bidirectional, batch_first=batch_first, bias=bias
    ).double()


def test_gate_orders_and_slices():
    assert torch_gate_order("lstm") == ("i", "f", "g", "o")
    assert torch_gate_order("gru") == ("r", "z", "n")
    assert torch_gate_slice("lstm", "f", 3) == slice(3, 6)
    assert torch_gate_slice("gru", "n", 3) == slice(6, 9)


def test_refusals():
    with pytest.raises(ValueError, match="nn.RNN has no gates"):
        torch_gate_order("simple_rnn")
    with pytest.raises(ValueError, match="PyTorch's lstm gates are i, f, g, o; got 'c'"):
        torch_gate_slice("lstm", "c", 2)
    with pytest.raises(ValueError, match="num_layers must be a positive integer"):
        torch_output_shapes("lstm", batch=1, steps=1, hidden_size=1, num_layers=0)
    with pytest.raises(TypeError, match="batch_first must be True or False"):
        torch_output_shapes("lstm", batch=1, steps=1, hidden_size=1, batch_first=1)
    with pytest.raises(ValueError, match="kind must be one of"):
        torch_parameter_shapes("transformer", 4, 2)


def test_batch_first_moves_only_the_output():
    for kind in ("lstm", "gru"):
        first = torch_output_shapes(kind, batch=3, steps=7, hidden_size=5, num_layers=2, bidirectional=True, batch_first=True)
        second = torch_output_shapes(kind, batch=3, steps=7, hidden_size=5, num_layers=2, bidirectional=True)
        assert first["output"] == (3, 7, 10) and second["output"] == (7, 3, 10)
        assert first["h_n"] == second["h_n"] == (4, 3, 5)


def test_the_converter_uses_the_same_layout():
    state = keras_to_torch(np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8))
    assert {name: array.shape for name, array in state.items()} == torch_parameter_shapes("lstm", 4, 2)


@pytest.mark.parametrize("kind, num_layers, bidirectional, batch_first", LAYOUTS)
def test_output_shapes_against_pytorch(torch, kind, num_layers, bidirectional, batch_first):
    batch, steps, input_size, hidden_size = 3, 7, 4, 5
    module = module_for(torch, kind, input_size, hidden_size, num_layers, bidirectional, batch_first)
    x = torch.zeros((batch, steps, input_size) if batch_first else (steps, batch, input_size), dtype=torch.float64)
    output, state = module(x)
    real = {"output": output, "h_n": state[0], "c_n": state[1]} if kind == "lstm" else {"output": output, "h_n": state}
    expected = torch_output_shapes(kind, batch, steps, hidden_size, num_layers=num_layers, bidirectional=bidirectional,
                                   batch_first=batch_first)
    assert {name: tuple(tensor.shape) for name, tensor in real.items()} == expected


@pytest.mark.parametrize("kind, num_layers, bidirectional, bias", LAYOUTS)
def test_parameter_shapes_against_pytorch(torch, kind, num_layers, bidirectional, bias):
    module = module_for(torch, kind, 4, 5, num_layers, bidirectional, bias=bias)
    real = {name: tuple(tensor.shape) for name, tensor in module.state_dict().items()}
    ours = torch_parameter_shapes(kind, 4, 5, num_layers=num_layers, bidirectional=bidirectional, bias=bias)
    assert list(real.items()) == list(ours.items())


def test_h_n_rows_are_layer_then_direction(torch):
    """h_n[-2] is the last layer's forward h (output's last step), h_n[-1] its backward h (output's first step)."""
    hidden_size = 5
    module = module_for(torch, "lstm", 4, hidden_size, 2, True, batch_first=True)
    x = torch.from_numpy(np.random.default_rng(0).normal(size=(3, 7, 4)))
    with torch.no_grad():
        output, (h_n, _) = module(x)
    torch.testing.assert_close(h_n[-2], output[:, -1, :hidden_size])
    torch.testing.assert_close(h_n[-1], output[:, 0, hidden_size:])


def test_lstm_forget_gate_block_is_the_second(torch):
    """With every weight zero and only bias_ih[u:2u] large, the forget gate is open and c stays put."""
    hidden_size = 3
    module = module_for(torch, "lstm", 4, hidden_size, 1, False, batch_first=True)
    forget = torch_gate_slice("lstm", "f", hidden_size)
    with torch.no_grad():
        for parameter in module.parameters():
            parameter.zero_()
        module.bias_ih_l0[forget] = 50.0
        c0 = torch.full((1, 2, hidden_size), 0.7, dtype=torch.float64)
        _, (_, c_n) = module(torch.ones((2, 9, 4), dtype=torch.float64), (torch.zeros_like(c0), c0))
    # i = sigmoid(0) = 0.5 and g = tanh(0) = 0 add nothing; f = 1 keeps the cell state.
    torch.testing.assert_close(c_n, c0)


def page_snippet(page, name):
    """The source of the ```{code-block} named ``name`` on a page (PyTorch code the build cannot run)."""
    source = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    match = re.search(rf"^```{{code-block}} py\n:name: {name}\n\n(.*?)^```$", source, re.M | re.S)
    assert match, f"docs/{page}.md has no code-block named {name}"
    return match.group(1)


def test_the_forget_bias_snippet_on_the_frameworks_page(torch):
    namespace = {}
    exec(page_snippet("frameworks", "torch-forget-bias"), namespace)
    lstm = namespace["lstm"]
    u = lstm.hidden_size
    names = [name for name, _ in lstm.named_parameters()]
    assert len([name for name in names if name.startswith("bias_ih")]) == lstm.num_layers * 2
    for name, parameter in lstm.named_parameters():
        if name.startswith("bias_ih"):
            assert parameter[u:2 * u].eq(1.0).all(), name
        if name.startswith("bias_hh"):
            assert parameter[u:2 * u].eq(0.0).all(), name
        if name.startswith("bias"):  # the other gates keep PyTorch's own initialisation
            assert not parameter[:u].eq(0.0).all() and not parameter[:u].eq(1.0).all(), name
