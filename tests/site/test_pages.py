"""Each page's key figures, read from what the build executed, checked against Keras and the package.

A change in Keras or in lstm_explained that alters any of these fails here, even where the
prose does not repeat the number.
"""

import ast
import inspect
import math
import re
import sys

import pytest

from lstm_explained import conv_lstm_param_formula, count_params, param_formula, torch_output_shapes, weight_shapes
from lstm_explained.frameworks import torch_param_formula
from lstm_explained.torch_shapes import torch_gate_order, torch_parameter_shapes
from tests.helpers import ANSI_ESCAPE, DOCS, LOG_NOISE, NOTEBOOK_PAGES, PAGES, ROOT, cell_outputs_text, glued, stream_outputs

# The numbers the question printed with Keras 2 (see shared/seed): the oracle for the first pages.
SEED_LSTM_PARAMS, SEED_DENSE_PARAMS, SEED_TOTAL = 56, 3, 59
SEED_SHAPES = [(4, 8), (2, 8), (8,)]
# The question's printout, copied from the seed thread (tests/fixtures/seed/README.md).
SEED_SUMMARY = ROOT / "tests" / "fixtures" / "seed" / "summary.txt"


def outputs(page):
    return "\n".join(cell_outputs_text(page))


def number(text):
    return float(text.strip("'\""))


def test_every_page_executes_and_is_checked_here():
    # The test functions defined in this module (an imported test_* name would not count).
    defined = inspect.getmembers(sys.modules[__name__], lambda member: inspect.isfunction(member) and member.__module__ == __name__)
    checked = {name.removeprefix("test_").replace("_", "-") for name, _ in defined if name.startswith("test_")}
    unchecked = [page for page in NOTEBOOK_PAGES if page not in checked]
    assert not unchecked, f"pages with no key-figure test: {unchecked}"


def test_index():
    values = glued("index")
    assert values["index_seed_formula"] == f"'{param_formula('lstm', 4, 2)}'"
    assert values["index_seed_formula"].endswith(f"= {SEED_LSTM_PARAMS}'")
    table = outputs("index")
    for shape in SEED_SHAPES:
        assert str(shape) in table


def test_question():
    text = outputs("question")
    assert "NameError: name 'x' is not defined" in text
    summary = next(cell for cell in cell_outputs_text("question") if "Total params" in cell)
    assert re.search(rf"lstm \(LSTM\).*?\b{SEED_LSTM_PARAMS}\b", summary, re.S)
    assert re.search(rf"dense \(Dense\).*?\b{SEED_DENSE_PARAMS}\b", summary, re.S)
    assert re.search(rf"Total params: {SEED_TOTAL}\b", summary)
    assert str(SEED_SHAPES) in text
    values = glued("question")
    assert int(values["question_lstm_params"]) == SEED_LSTM_PARAMS
    assert int(values["question_dense_params"]) == SEED_DENSE_PARAMS
    assert int(values["question_total_params"]) == SEED_TOTAL
    assert [ast.literal_eval(values[f"question_{name}_shape"]) for name in ("kernel", "recurrent", "bias")] == SEED_SHAPES
    assert int(values["question_recurrent_per_unit"]) == 4 * 2
    assert int(values["question_input_per_unit"]) == 4 * 4
    source = (DOCS / "question.md").read_text(encoding="utf-8")
    assert "cosmetic" not in source and "<keras-2-and-3>`" in source
    assert f"matches Keras count_params() = {SEED_LSTM_PARAMS}" in text


def test_weights():
    text = outputs("weights")
    assert "('i', 'f', 'c', 'o')" in text
    assert "kernel           (4, 8) -> {'i': (4, 2), 'f': (4, 2), 'c': (4, 2), 'o': (4, 2)}" in text
    values = glued("weights")
    assert ast.literal_eval(values["weights_forget_bias"]) == [1.0, 1.0]
    assert ast.literal_eval(values["weights_z_shape"]) == (3, 8)
    assert ast.literal_eval(values["weights_gate_shape"]) == (3, 2)
    assert number(values["weights_step_difference"]) < 1e-5
    # What "cell" means: the layer holds one LSTMCell, whose units are the question's "cells".
    assert int(values["weights_cell_units"]) == 2
    assert "one LSTMCell with units=2, holding" in text
    # Plain slicing beside split_gates: the forget gate is columns u to 2u.
    assert "W_f (4, 2) U_f (2, 2) b_f (2,)" in text and "the same as split_gates: True" in text
    for path, shape in zip(("kernel", "recurrent_kernel", "bias"), SEED_SHAPES):
        assert re.search(rf"lstm(_\d+)?/lstm_cell/{path} {re.escape(str(shape))}", text), path


def test_counting():
    text = outputs("counting")
    assert "**NO**" not in text
    rows = re.findall(r"^\| (\d+) \| (\d+) \| .*? \| (\d+) \| yes \|$", text, re.M)
    assert len(rows) >= 5
    for input_dim, units, keras_count in rows:
        assert int(keras_count) == count_params("lstm", int(input_dim), int(units))
    values = glued("counting")
    assert int(values["counting_seed_total"]) == SEED_TOTAL
    assert int(values["counting_same_count"]) == SEED_LSTM_PARAMS
    assert int(values["counting_shapes_tried"]) == 6
    assert "{10: 56, 100: 56, None: 56}" in text
    assert "{1: 56, 32: 56, None: 56}" in text  # batch size
    assert str(count_params("lstm", 4, 2, use_bias=False)) in text


def test_states():
    text = outputs("states")
    # Keras' own names, quoted from the installed sources: h is the memory state, c the carry state.
    assert "h_tm1 = states[0]  # previous memory state" in text
    assert "c_tm1 = states[1]  # previous carry state" in text
    assert "whole_seq_output, final_memory_state, final_carry_state = lstm(inputs)" in text
    assert "return_sequences + return_state  -> (3, 100, 2) (3, 2) (3, 2)" in text
    assert "every_h[:, -1] == final_h: True" in text
    values = glued("states")
    # What return_state returns: [out, h, c], [out, h], and five tensors for Bidirectional(LSTM).
    returns = {kind: int(values[f"states_returns_{kind}"]) for kind in ("lstm", "gru", "simplernn", "bidirectional")}
    assert returns == {"lstm": 3, "gru": 2, "simplernn": 2, "bidirectional": 5}
    assert "Bidirectional(LSTM)  5 tensors: [(3, 4), (3, 2), (3, 2), (3, 2), (3, 2)]" in text
    assert "forward_h  == output[:, -1, :2]: True" in text
    assert "backward_h == output[:, 0, 2:]:  True" in text
    assert number(values["states_identity_error"]) < 1e-5
    assert number(values["states_max_c"]) > 1.0 > number(values["states_max_h"])
    # Peepholes: three diagonal vectors of `units` entries, checked against TensorFlow's own op.
    assert "peephole weights: {'wci': (2,), 'wcf': (2,), 'wco': (2,)}" in text
    assert number(re.search(r"largest difference from TensorFlow's step: (\S+)", text).group(1)) < 1e-5
    assert int(values["states_peephole_extra"]) == 3 * 2
    assert int(values["states_peephole_params"]) == SEED_LSTM_PARAMS + 3 * 2
    # Stateful in Keras 3: batch_input_shape is refused, the state is kept per row, the count unchanged.
    import keras

    stateful = keras.layers.LSTM(2, stateful=True)
    stateful(keras.Input(shape=(5, 4), batch_size=3))
    assert int(values["states_stateful_params"]) == stateful.count_params() == SEED_LSTM_PARAMS
    assert ast.literal_eval(values["states_stateful_state_shape"]) == tuple(stateful.states[0].shape) == (3, 2)
    assert "Unrecognized keyword arguments passed to LSTM: {'batch_input_shape'" in text
    assert "same chunk, second call == first: False" in text and "after reset_states() == first:   True" in text


def test_from_scratch():
    values = glued("from-scratch")
    assert number(values["scratch_worst_difference"]) < 1e-5
    assert int(values["scratch_comparisons"]) == 5
    assert "ValueError: x has 3 features per step" in outputs("from-scratch")


def test_family():
    text = outputs("family")
    values = glued("family")
    assert ast.literal_eval(values["family_gru_bias"]) == weight_shapes("gru", 4, 2)["bias"] == (2, 6)
    assert f"{count_params('gru', 4, 2)} | {param_formula('gru', 4, 2)}" in text
    assert f"{count_params('gru', 4, 2, reset_after=False)} | {param_formula('gru', 4, 2, reset_after=False)}" in text
    assert int(values["family_bidirectional_params"]) == 2 * count_params("lstm", 4, 2)
    assert "merge_mode='concat' output (None, 4)" in text and "merge_mode='sum'    output (None, 2)" in text
    assert f"formula with d = u1: {count_params('lstm', 8, 2)}" in text
    assert values["family_mixed_matching"] == values["family_mixed_layers"] == "4"
    # GRU across versions: the two defaults' counts, the default Keras reports, the bias rows.
    assert int(values["family_gru_count"]) == count_params("gru", 4, 2)
    assert int(values["family_gru_count_v1"]) == count_params("gru", 4, 2, reset_after=False)
    assert "GRU(reset_after=...) defaults to True" in text
    assert "is not compatible with provided weight shape (6,)" in text
    rows = dict(re.findall(r"candidate bias in bias\[(\d)\]: h = ([\d.]+)", text))
    half = 0.5  # 1 - z with z = sigmoid(0)
    assert abs(float(rows["0"]) - half * math.tanh(2.0)) < 1e-5  # input bias: added as it is
    assert abs(float(rows["1"]) - half * math.tanh(half * 2.0)) < 1e-5  # recurrent bias: scaled by r
    assert "The default one is based" in text and "set `reset_after=True`" in text
    # Bidirectional doubles the next layer's input term, not its bias.
    assert int(values["family_bi_dense_both_ways"]) == 2 * 8 * 1 + 1 < 2 * int(values["family_bi_dense_one_way"])
    assert int(values["family_bi_lstm_both_ways"]) == count_params("lstm", 16, 2)
    assert int(values["family_bi_lstm_one_way"]) == count_params("lstm", 8, 2)
    # ConvLSTM2D: 4F(kh·kw(C + F) + 1), the same on two image sizes and sequence lengths.
    conv = 4 * 3 * (3 * 3 * (2 + 3) + 1)
    assert values["family_conv_formula"].endswith(f"= {conv}'")
    assert values["family_conv_formula"] == f"'{conv_lstm_param_formula((3, 3), channels=2, filters=3)}'"
    assert int(values["family_conv_distinct_counts"]) == 1
    conv_rows = re.findall(r"frames of (\d+)×(\d+): Keras   (\[.*?\]) (\d+)\n\s+package (\[.*?\]) (\d+)", text)
    assert len({(height, width) for height, width, *_ in conv_rows}) == 2
    for _, _, shapes, count, package_shapes, package_count in conv_rows:
        assert shapes == package_shapes == "[(3, 3, 2, 12), (3, 3, 3, 12), (12,)]"
        assert int(count) == int(package_count) == conv
    # The recurrent convolution keeps the state's size: stride one, "same" padding, whatever the input's.
    assert ast.literal_eval(values["family_conv_state_shape"]) == (1, 4, 4, 3)  # (9 - 3) // 2 + 1 = 4
    assert "strides=strides, padding=\"same\"" in text
    # Stacking: the first layer hands on a sequence; without return_sequences the second refuses.
    assert ast.literal_eval(values["family_stack_first_output"]) == (None, 100, 8)
    assert "expected ndim=3, found ndim=2" in text and "layer 'second_lstm'" in text


def test_layers():
    import keras

    text = outputs("layers")
    values = glued("layers")
    # Dense after an LSTM: u·k + k, the seed's 3; TimeDistributed(Dense) is the same layer.
    assert int(values["layers_dense_seed"]) == SEED_DENSE_PARAMS == 2 * 1 + 1
    assert "Dense(5) after LSTM(2): kernel (2, 5) + bias (5,) = 2·5 + 5 = 15" in text
    assert int(values["layers_time_distributed_params"]) == SEED_DENSE_PARAMS
    assert number(values["layers_time_distributed_difference"]) == 0.0
    # Embedding: vocabulary × dimensions, whatever the sequence length and mask_zero.
    embedding = keras.layers.Embedding(1000, 16)
    embedding.build((None, 7))
    assert int(values["layers_embedding_count"]) == embedding.count_params() == 1000 * 16
    assert int(values["layers_embedding_distinct_counts"]) == 1
    assert int(values["layers_embedding_lstm_count"]) == count_params("lstm", 16, 32)
    assert values["layers_lstm_formula"] == f"'{param_formula('lstm')}'"
    # Masking: no parameters; masked steps repeat the previous output; the count is unchanged.
    masking = keras.layers.Masking()
    masking.build((None, 5, 1))
    assert int(values["layers_masking_params"]) == masking.count_params() == 0
    assert int(values["layers_masked_lstm_params"]) == count_params("lstm", 1, 2)
    assert "masked steps repeat step 2's output: True" in text
    assert "final h, c equal the unpadded 3-step run's: True" in text
    rows = re.findall(r"^step (\d): x = +(\S+) +output (\[.*?\])", text, re.M)
    assert [value for _, value, _ in rows][3:] == ["0.0", "0.0"] and rows[2][2] == rows[3][2] == rows[4][2]
    # Attention: each count computed here from Keras on an LSTM(2)'s sequence output.
    sequence = keras.Input(shape=(100, 2))
    expected = {}
    for key, layer in (("layers_attention_scaled", keras.layers.Attention(use_scale=True)),
                       ("layers_additive_attention", keras.layers.AdditiveAttention())):
        layer([sequence, sequence])
        expected[key] = layer.count_params()
    heads = keras.layers.MultiHeadAttention(num_heads=2, key_dim=3)
    heads(sequence, sequence)
    expected["layers_multi_head_attention"] = heads.count_params()
    assert expected == {"layers_attention_scaled": 1, "layers_additive_attention": 2, "layers_multi_head_attention": 68}
    for key, count in expected.items():
        assert int(values[key]) == count, key
    assert int(values["layers_attention_lstm"]) == SEED_LSTM_PARAMS
    assert text.count("| same") == 4 and "DIFFERENT" not in text




def test_frameworks():
    values = glued("frameworks")
    assert int(values["frameworks_keras_count"]) == SEED_LSTM_PARAMS
    assert int(values["frameworks_torch_count"]) == 64
    assert torch_param_formula(4, 2).endswith("= 64")
    assert number(values["frameworks_worst"]) < 1e-5
    text = outputs("frameworks")
    assert "[True, True, True]" in text
    assert f"PyTorch {torch_gate_order('lstm')}" in text and "('i', 'f', 'g', 'o')" in text
    # PyTorch's outputs: h_n keeps layers x directions first, even with batch_first=True.
    shapes = torch_output_shapes("lstm", batch=3, steps=100, hidden_size=2, batch_first=True)
    assert ast.literal_eval(values["frameworks_h_n_batch_first"]) == shapes["h_n"] == (1, 3, 2)
    assert str(shapes) in text
    assert str(torch_output_shapes("lstm", 3, 100, 2, num_layers=2, bidirectional=True, batch_first=True)) in text
    # The forget-gate bias: rows u..2u of every bias_ih, in every layer and direction.
    bias_ih = [name for name in torch_parameter_shapes("lstm", 4, 2, num_layers=2, bidirectional=True) if name.startswith("bias_ih")]
    assert int(values["frameworks_forget_arrays"]) == len(bias_ih) == 4
    for name in bias_ih:
        assert re.search(rf"{name}\s+\[0\. 0\. 1\. 1\. 0\. 0\. 0\. 0\.\]", text), name
    assert "forget gate rows: slice(2, 4, None)" in text
    assert "bias_ih_l0 converted from the question's model: [0. 0. 1. 1. 0. 0. 0. 0.]" in text
    # Porting a GRU: Keras z, r, h becomes PyTorch r, z, n; reset_after=False is refused.
    assert re.search(r"Keras gates\s+\('z', 'r', 'h'\)\s+bias\[0\]\s+\[1\. 1\. 2\. 2\. 3\. 3\.\]", text)
    assert re.search(r"PyTorch gates\s+\('r', 'z', 'n'\)\s+bias_ih_l0\s+\[2\. 2\. 1\. 1\. 3\. 3\.\]"
                     r"\s+bias_hh_l0\s+\[20\. 20\. 10\. 10\. 30\. 30\.\]", text)
    assert number(values["frameworks_reset_gap"]) == 3.0  # [[4, 0]] against [[1, 2]]
    assert re.search(r"ValueError: .*reset_after", text)
    # Why PyTorch counts more: every kind, Keras' real count beside PyTorch's parameter list.
    import keras

    torch_names = {"lstm": "nn.LSTM", "gru": "nn.GRU", "simple_rnn": "nn.RNN"}
    for kind, keras_class in (("lstm", keras.layers.LSTM), ("gru", keras.layers.GRU), ("simple_rnn", keras.layers.SimpleRNN)):
        layer = keras_class(2)
        layer.build((None, 100, 4))
        torch_total = sum(math.prod(shape) for shape in torch_parameter_shapes(kind, 4, 2).values())
        assert re.search(rf"{keras_class.__name__}\(2\) +3 arrays, +{layer.count_params()} parameters"
                         rf" \| {torch_names[kind]}\(4, 2\) +4 arrays, +{torch_total} parameters", text), kind
    assert int(values["frameworks_gru_count"]) == count_params("gru", 4, 2) == 48
    assert int(values["frameworks_rnn_arrays"]) == 4 and int(values["frameworks_simple_rnn_arrays"]) == 3
    assert "weight_ih_l1: (12, 6)" in text  # a bidirectional stack's second layer reads 2H = 6 features
    # ONNX: B is Wb then Rb; the converter's Keras bias (forget gate third in i, o, f, c) then zeros.
    assert "B[0, :4u]  Wb, the input bias     [0. 0. 0. 0. 1. 1. 0. 0.]" in text
    assert "B[0, 4u:]  Rb, the recurrent bias [0. 0. 0. 0. 0. 0. 0. 0.]" in text
    assert int(values["frameworks_onnx_bias_half"]) == 4 * 2


def keras_allows_cudnn(layer):
    """Keras' own verdict on a layer's settings (GPU aside), from the private code the pages must not import."""
    import importlib

    rnn = importlib.import_module("keras.src.backend.tensorflow.rnn")

    cell = layer.cell
    if hasattr(cell, "reset_after"):
        settings = rnn._do_gru_arguments_support_cudnn(
            cell.activation, cell.recurrent_activation, layer.unroll, cell.use_bias, cell.reset_after
        )
    else:
        settings = rnn._do_lstm_arguments_support_cudnn(cell.activation, cell.recurrent_activation, layer.unroll, cell.use_bias)
    # The layers' inner_loop adds these two before it tries cuDNN.
    return bool(settings) and not cell.recurrent_dropout and layer.use_cudnn in ("auto", True)


def test_pitfalls():
    import keras

    text = outputs("pitfalls")
    verdicts = re.findall(r"^((?:LSTM|GRU)\(.*?\))\s+(cuDNN possible|no cuDNN: .*)$", text, re.M)
    assert len(verdicts) >= 10
    for layer_code, verdict in verdicts:
        layer = eval(layer_code, {"LSTM": keras.layers.LSTM, "GRU": keras.layers.GRU})
        assert (verdict == "cuDNN possible") == keras_allows_cudnn(layer), (layer_code, verdict)
    assert "LSTM(2, dropout=0.5)" in dict(verdicts) and dict(verdicts)["LSTM(2, dropout=0.5)"] == "cuDNN possible"
    assert "GRU(2, reset_after=False)" in dict(verdicts)
    assert "use_cudnn='auto' ran (the generic loop)" in text
    assert "use_cudnn=True   ValueError:" in text and "use_cudnn=True was specified" in text
    assert len(re.findall(r"^use_cudnn=(?:'auto'|False) +\[\(4, 8\), \(2, 8\), \(8,\)\]$", text, re.M)) == 2
    assert "only the printout changed" not in (DOCS / "pitfalls.md").read_text(encoding="utf-8")
    # dropout and recurrent_dropout: no parameters; recurrent_dropout alone rules cuDNN out.
    for settings in ({}, {"dropout": 0.5}, {"recurrent_dropout": 0.5}):
        layer = keras.layers.LSTM(2, **settings)
        layer.build((None, 100, 4))
        assert layer.count_params() == SEED_LSTM_PARAMS
        label = "LSTM(2" + "".join(f", {key}={value}" for key, value in settings.items()) + ")"
        verdict = "cuDNN possible" if keras_allows_cudnn(layer) else "no cuDNN: recurrent_dropout"
        assert re.search(rf"^{re.escape(label)} .* {SEED_LSTM_PARAMS} \| inference repeatable: True \| {verdict}$", text, re.M), label
    values = glued("pitfalls")
    assert int(values["pitfalls_dropout_count"]) == SEED_LSTM_PARAMS
    assert int(values["pitfalls_dropout_distinct_counts"]) == 1


def test_no_page_imports_private_keras():
    # A reader who downloads a page's notebook inherits its imports: only public Keras on the pages.
    for page in PAGES:
        source = (DOCS / f"{page}.md").read_text(encoding="utf-8")
        assert not re.search(r"\bkeras\.(?:src\b|_[a-z])", source), f"{page} uses a private Keras module"


def test_old_answers():
    text = outputs("old-answers")
    values = glued("old-answers")
    # Keras 1: twelve arrays in the order i, c, f, o, holding the same 56 parameters.
    assert int(values["old_keras1_count"]) == 12
    assert int(values["old_keras1_params"]) == SEED_LSTM_PARAMS
    listed = re.findall(r"get_weights\(\)\[\s*(\d+)\]  ([WUb])_([icfo])  (\(.*?\))", text)
    assert [gate for _, _, gate, _ in listed[::3]] == ["i", "c", "f", "o"]
    shapes = weight_shapes("lstm", 4, 2)
    for _, source, _, shape in listed:
        full = shapes[{"W": "kernel", "U": "recurrent_kernel", "b": "bias"}[source]]
        assert ast.literal_eval(shape) == (*full[:-1], full[-1] // 4)
    assert "W_c  (4, 2)  = today's kernel[:, 4:6]" in text
    assert "equal to today's arrays: True" in text
    # TensorFlow 1: one (d + u, 4u) kernel, gates i, j, f, o, checked by TensorFlow's own cell.
    assert ast.literal_eval(values["old_tf1_kernel_shape"]) == (4 + 2, 4 * 2)
    assert number(values["old_tf1_difference"]) < 1e-5
    wrong_order = re.search(r"order i, f, c, o: largest difference from Keras ([\d.e+-]+)", text)
    assert float(wrong_order.group(1)) > 1e-2
    # hard_sigmoid: Keras 3's relu6(x + 3) / 6 against Keras 2's clip(0.2x + 0.5).
    assert abs(number(values["old_hard_sigmoid_gap"]) - 1 / 12) < 1e-3
    assert number(values["old_hard_sigmoid_output_gap"]) > 1e-3
    # Keras 3: Total params after fit = trainable + Adam's two slots per weight + iteration + learning rate.
    trainable, optimizer, total = (int(values[f"old_fit_{key}"]) for key in ("trainable", "optimizer", "total"))
    assert trainable == SEED_TOTAL and optimizer == 2 * SEED_TOTAL + 2 and total == trainable + optimizer
    assert re.search(rf"Total params: {total}\b", text) and re.search(rf"Optimizer params: {optimizer}\b", text)
    assert "0 (unbuilt)" in text and "layer 'sequential', but the layer isn't built" in text
    assert f"built: True | parameters: {SEED_TOTAL}" in text
    assert "Keras warns: Argument `input_length` is deprecated." in text and "built: False" in text
    assert "name 'kernel'             path 'lstm/lstm_cell/kernel'" in text
    # Keras 2 and 3 in one place: tf.keras is Keras 3, and the summary's form, read from the model.
    assert "tf.keras.layers.LSTM is keras.layers.LSTM: True" in text
    assert values["old_model_name"] == "'functional'" and values["old_input_layer_name"] == "'input_layer'"
    # ConvLSTM2D's recurrent_activation default: Keras 3 prints its own; tf_keras (Keras 2) kept hard_sigmoid.
    import inspect

    import keras

    for layer_class in (keras.layers.LSTM, keras.layers.GRU, keras.layers.ConvLSTM2D):
        default = inspect.signature(layer_class).parameters["recurrent_activation"].default
        assert f"{layer_class.__name__:10} recurrent_activation={default!r}" in text
    assert "in the file: layers/lstm/cell/vars/0 (4, 8)" in text


def test_exercises():
    text = outputs("exercises")
    given = {key.removeprefix("exercise_"): int(value) for key, value in glued("exercises").items()}
    lstm = count_params("lstm", given["text_features"], given["text_units"])
    assert f"Keras: {lstm} | formula: {lstm}" in text
    gru_u = weight_shapes("gru", given["gru_features"], given["gru_units"])["recurrent_kernel"]
    assert gru_u == (given["gru_units"], 3 * given["gru_units"])
    assert f"Keras: {gru_u} | formula: {gru_u}" in text
    bi = 2 * count_params("lstm", given["bi_features"], given["bi_units"])
    assert f"output: (None, {2 * given['bi_units']}) | params: {bi}" in text
    kernel = weight_shapes("lstm", given["stack_first"], given["stack_second"])["kernel"]
    assert f"Keras: {kernel} | formula: {kernel}" in text
    per_unit = (given["unit_units"], 4)
    assert f"unit 0's recurrent weights: {per_unit} = {4 * given['unit_units']}" in text


def test_watch():
    """The page embeds a real Keras LSTM and GRU for every size (tests/browser/test_watch.py drives them)."""
    text = outputs("watch")
    for kind, name in (("lstm", "LSTM"), ("gru", "GRU")):
        assert f"{name}(2): {weight_shapes(kind, 4, 2)}" in text
    values = glued("watch")
    assert int(values["watch_layers"]) == 2 * 8
    assert int(values["watch_numbers"]) == sum(count_params(kind, 4, units) for kind in ("lstm", "gru") for units in range(1, 9))
    assert '<script type="application/json" id="watch-weights">' in (ROOT / "_build" / "html" / "watch.html").read_text(encoding="utf-8")


def test_summary():
    # The seed's summary, quoted on the page character for character, explained by the build.
    source = (DOCS / "summary.md").read_text(encoding="utf-8")
    quoted = source.split('seed_summary = """\\\n', 1)[1].split('"""', 1)[0]
    assert quoted == SEED_SUMMARY.read_text(encoding="utf-8")
    assert quoted.count(f"{SEED_LSTM_PARAMS}") and f"Total params: {SEED_TOTAL}" in quoted
    values = glued("summary")
    assert int(values["summary_seed_units"]) == 2 and int(values["summary_seed_input_dim"]) == 4
    assert values["summary_seed_formula"] == f"'{param_formula('lstm', 4, 2)}'"
    assert values["summary_seed_formula"].endswith(f"= {SEED_LSTM_PARAMS}'")
    assert int(values["summary_seed_total"]) == SEED_TOTAL
    assert int(values["summary_gru_readings"]) == 2
    seed_output, keras3_output = [text for text in cell_outputs_text("summary") if text][:2]
    assert "input size 4 from the row above (input_1): kept only the readings with 4 features" in seed_output
    assert f"LSTM(2) on 4 features: {param_formula('lstm', 4, 2)}" in seed_output
    assert f"The rows add up to {SEED_TOTAL} = Total params." in seed_output
    assert "┏" in keras3_output  # the box table, printed by Keras 3 as the page was built
    for reset_after, input_dim in ((True, 8), (False, 9)):
        formula = param_formula("gru", input_dim, 3, reset_after=reset_after)
        assert f"GRU(3, reset_after={reset_after}) on {input_dim} features: {formula}" in keras3_output
    assert "reset_after=False was the default of standalone Keras up to 2.3" in keras3_output


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_outputs_are_clean(page):
    for stream in stream_outputs(page):
        assert not LOG_NOISE.search(stream), f"log noise in {page}: {stream[:300]}"
    for output in cell_outputs_text(page):
        assert not ANSI_ESCAPE.search(output), f"ANSI escape in {page}'s output: {output[:200]!r}"


def test_cli():
    import argparse

    from lstm_explained import explain_summary
    from lstm_explained.cli import build_parser, build_summary_parser

    text = outputs("cli")
    assert "$ python -m lstm_explained lstm --input-dim 4 --units 2\n" in text
    assert param_formula("lstm", input_dim=4, units=2) in text
    one_direction = count_params("gru", 3, 5, use_bias=False)
    assert f"= {one_direction}\n" in text
    assert f"bidirectional (Bidirectional): {one_direction} + {one_direction} = {2 * one_direction}" in text
    pasted = "Layer (type) Output Shape Param #\nencoder (LSTM) (None, 3) 72\nTotal params: 72\n"
    assert str(explain_summary(pasted)) in text
    assert text.count("[exit status 0]") == 4 and "[exit status 2]" in text
    error_lines = [line for line in text.splitlines() if "error:" in line]
    assert error_lines == [line for line in error_lines if line.endswith("(see --help)")] and len(error_lines) == 1
    assert int(glued("cli")["cli_error_status"]) == 2
    # Every option of the parser (and of its subcommands, if any) is in the generated table.
    parsers = [build_parser(), build_summary_parser()]
    for parser in parsers:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
            elif not isinstance(action, argparse._HelpAction):
                for option in action.option_strings or action.choices or ():
                    assert f"`{option}`" in text, f"{option} is missing from the CLI page"


def test_install():
    import importlib.metadata
    import platform

    values = glued("install")
    version = importlib.metadata.version("lstm-explained")
    assert values["install_wheel"] == f"'lstm_explained-{version}-py3-none-any.whl'"
    assert values["install_python"] == f"'{platform.python_version()}'"
    assert int(values["install_mismatches"]) == 0
    text = outputs("install")
    assert f"pip install lstm_explained-{version}-py3-none-any.whl" in text
    for name in ("numpy", "keras", "tensorflow-cpu"):
        assert f"| {importlib.metadata.version(name)} |" in text.replace(f"`{name}` | ", "| ")


def test_cell_diagrams_are_the_packages():
    """The diagrams on the pages are cell_diagram_svg's, byte for byte, for the question's layer."""
    from lstm_explained import cell_diagram_svg
    from tests.helpers import notebook_outputs

    def html(page):
        return "".join("".join(o.get("data", {}).get("text/html", "")) for outputs in notebook_outputs(page) for o in outputs)

    batch = ast.literal_eval(glued("weights")["weights_z_shape"])[0]
    expected = {
        "index": [cell_diagram_svg("lstm", 4, 2)],
        "weights": [cell_diagram_svg("lstm", 4, 2, batch=batch)],
        "family": [cell_diagram_svg("gru", 4, 2), cell_diagram_svg("gru", 4, 2, reset_after=False)],
    }
    for page, diagrams in expected.items():
        shown = html(page)
        assert shown.count('class="lstm-cell"') == len(diagrams), page
        for diagram in diagrams:
            assert diagram in shown, page
    assert all(f">{shape}<" in html("index") for shape in map(str, SEED_SHAPES))
    assert f">({batch}, 4)<" in html("weights") and ">bias (2, 6)<" in html("family")
