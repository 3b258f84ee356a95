"""Bad input gets a clear error naming the argument, never a wrong answer or a deep traceback."""

import numpy as np
import pytest

from lstm_explained import (
    GATE_ORDER,
    TORCH_GATE_ORDER,
    count_params,
    gru_forward,
    keras_to_torch,
    lstm_forward,
    param_formula,
    split_gates,
    torch_to_keras,
    weight_shapes,
)
from lstm_explained.gates import gate_columns


@pytest.mark.parametrize("function", [weight_shapes, count_params])
@pytest.mark.parametrize(
    "kind, input_dim, units, error, message",
    [
        ("lstmm", 4, 2, ValueError, "kind must be one of 'lstm', 'gru', 'simple_rnn'; got 'lstmm'"),
        (None, 4, 2, TypeError, "kind must be a string"),
        ("lstm", 0, 2, ValueError, "input_dim must be a positive integer; got 0"),
        ("lstm", 4, -3, ValueError, "units must be a positive integer; got -3"),
        ("lstm", 4.0, 2, TypeError, "input_dim must be a positive integer; got 4.0 (float)"),
        ("lstm", 4, "2", TypeError, "units must be a positive integer; got '2' (str)"),
        ("lstm", True, 2, TypeError, "input_dim must be a positive integer; got True (bool)"),
        ("gru", 4, False, TypeError, "units must be a positive integer; got False (bool)"),
    ],
)
def test_sizes_and_kinds(function, kind, input_dim, units, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        function(kind, input_dim, units)


def test_gate_columns_checks_its_arguments():
    with pytest.raises(ValueError, match="units must be a positive integer; got 0"):
        gate_columns("lstm", 0)
    with pytest.raises(ValueError, match="kind must be one of 'lstm', 'gru', 'simple_rnn'; got 'lstmm'"):
        gate_columns("lstmm", 2)


def test_numpy_integers_are_sizes():
    assert count_params("lstm", np.int64(4), np.int32(2)) == 56


SPELLINGS = {"lstm": ["LSTM", "lstm", " Lstm "], "simple_rnn": ["SimpleRNN", "simple-rnn", "simple_rnn", "SIMPLE_RNN"]}


@pytest.mark.parametrize("kind, spellings", SPELLINGS.items())
def test_kind_is_accepted_the_same_way_everywhere(kind, spellings):
    units = 2
    weights = (np.ones((4, len(GATE_ORDER[kind]) * units)), np.ones((units, len(GATE_ORDER[kind]) * units)), np.ones(len(GATE_ORDER[kind]) * units))
    for spelling in spellings:
        assert count_params(spelling, 4, units) == count_params(kind, 4, units)
        assert weight_shapes(spelling, 4, units) == weight_shapes(kind, 4, units)
        assert param_formula(spelling, 4, units) == param_formula(kind, 4, units)
        assert list(split_gates(weights[0], spelling)) == list(GATE_ORDER[kind])
        if kind in TORCH_GATE_ORDER:
            assert list(split_gates(weights[0].T, spelling, layout="torch")) == list(TORCH_GATE_ORDER[kind])
        assert keras_to_torch(*weights, kind=spelling).keys() == keras_to_torch(*weights, kind=kind).keys()
        state = keras_to_torch(*weights, kind=kind)
        np.testing.assert_array_equal(torch_to_keras(state, kind=spelling)[0, "forward"][0], weights[0])


@pytest.mark.parametrize("flag", ["use_bias", "reset_after", "bidirectional"])
def test_flags_must_be_booleans(flag):
    with pytest.raises(TypeError, match=f"{flag} must be True or False; got 1"):
        count_params("gru", 4, 2, **{flag: 1})


def test_split_gates_refuses_arrays_that_cannot_be_lstm_weights():
    with pytest.raises(ValueError, match=r"shape \(4, 7\) cannot be a lstm weight array.*multiple of 4"):
        split_gates(np.zeros((4, 7)))
    with pytest.raises(ValueError, match="got a scalar"):
        split_gates(np.float64(3.0))
    with pytest.raises(TypeError, match="weights must be a numeric array; got dict"):
        split_gates({"a": 1})
    with pytest.raises(TypeError, match="weights must be a numeric array; got list of <U1"):
        split_gates(["a", "b"])
    with pytest.raises(TypeError, match="weights is None"):
        split_gates(None)
    with pytest.raises(ValueError, match="kind must be one of"):
        split_gates(np.zeros(8), kind="transformer")


@pytest.mark.parametrize(
    "args, message",
    [
        ((np.zeros((2, 5, 3)), np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8)), "x has 3 features per step"),
        ((np.zeros((5, 4)), np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8)), r"x must have 3 axes; got shape \(5, 4\)"),
        ((np.zeros((2, 5, 4)), np.zeros((4, 6)), np.zeros((2, 8)), np.zeros(8)), "does not match recurrent_kernel"),
        ((np.zeros((2, 5, 4)), np.zeros((4, 8)), np.zeros((2, 6)), np.zeros(8)), "cannot be a lstm recurrent kernel"),
        ((np.zeros((2, 5, 4)), np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(6)), r"bias must have shape \(8,\)"),
        ((np.zeros((2, 5, 4)), "kernel", np.zeros((2, 8)), np.zeros(8)), "kernel must be a numeric array"),
        ((np.zeros((2, 5, 4)), None, np.zeros((2, 8)), np.zeros(8)), "kernel is None; expected a numeric array"),
    ],
)
def test_lstm_forward_refuses_mismatched_arrays(args, message):
    with pytest.raises((ValueError, TypeError), match=message):
        lstm_forward(*args)


def test_initial_states_must_fit():
    x, kernel, recurrent, bias = np.zeros((2, 5, 4)), np.zeros((4, 8)), np.zeros((2, 8)), np.zeros(8)
    with pytest.raises(ValueError, match=r"h0 must have shape \(batch, units\) = \(2, 2\); got \(3, 2\)"):
        lstm_forward(x, kernel, recurrent, bias, h0=np.zeros((3, 2)))


def test_gru_bias_must_match_the_mode():
    x, kernel, recurrent = np.zeros((1, 3, 4)), np.zeros((4, 6)), np.zeros((2, 6))
    with pytest.raises(ValueError, match=r"bias must have shape \(2, 6\)"):
        gru_forward(x, kernel, recurrent, np.zeros(6))
    with pytest.raises(ValueError, match=r"bias must have shape \(6,\)"):
        gru_forward(x, kernel, recurrent, np.zeros((2, 6)), reset_after=False)
