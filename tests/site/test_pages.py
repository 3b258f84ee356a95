"""Each page's key figures, read from what the build executed, checked against Keras and the package.

A change in Keras or in lstm_explained that alters any of these fails here, even where the
prose does not repeat the number.
"""

import ast
import re

import pytest

from lstm_explained import count_params, param_formula, torch_output_shapes, weight_shapes
from lstm_explained.frameworks import torch_param_formula
from lstm_explained.torch_shapes import torch_gate_order, torch_parameter_shapes
from tests.helpers import ANSI_ESCAPE, LOG_NOISE, NOTEBOOK_PAGES, cell_outputs_text, glued, stream_outputs

# The numbers the question printed with Keras 2 (see shared/seed): the oracle for the first pages.
SEED_LSTM_PARAMS, SEED_DENSE_PARAMS, SEED_TOTAL = 56, 3, 59
SEED_SHAPES = [(4, 8), (2, 8), (8,)]


def outputs(page):
    return "\n".join(cell_outputs_text(page))


def number(text):
    return float(text.strip("'\""))


def test_every_page_executes_and_is_checked_here():
    checked = {name.removeprefix("test_").replace("_", "-") for name in globals() if name.startswith("test_")}
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
    assert values["question_model_name"] == "'functional'"
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
    assert "[(3, 3, 2, 12), (3, 3, 3, 12), (12,)]" in text
    assert values["family_mixed_all_match"] == "True"


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


def test_pitfalls():
    text = outputs("pitfalls")
    assert "tf.keras.layers.LSTM is keras.layers.LSTM: True" in text
    assert re.search(r"defaults\s+cuDNN possible: True", text)
    for change in ("activation='relu'", "unroll=True", "use_bias=False"):
        assert re.search(rf"{re.escape(change)}\s+cuDNN possible: False", text)
    assert text.count("[(4, 8), (2, 8), (8,)]") == 2  # use_cudnn="auto" and False


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


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_outputs_are_clean(page):
    for stream in stream_outputs(page):
        assert not LOG_NOISE.search(stream), f"log noise in {page}: {stream[:300]}"
    for output in cell_outputs_text(page):
        assert not ANSI_ESCAPE.search(output), f"ANSI escape in {page}'s output: {output[:200]!r}"


def test_cli():
    import argparse

    from lstm_explained.cli import build_parser

    text = outputs("cli")
    assert f"$ python -m lstm_explained lstm --input-dim 4 --units 2\n" in text
    assert param_formula("lstm", input_dim=4, units=2) in text
    assert f"total: {2 * count_params('gru', 3, 5, use_bias=False)} parameters" in text
    assert text.count("[exit status 0]") == 3 and "[exit status 2]" in text
    error_lines = [line for line in text.splitlines() if "error:" in line]
    assert error_lines == [line for line in error_lines if line.endswith("(see --help)")] and len(error_lines) == 1
    assert int(glued("cli")["cli_error_status"]) == 2
    # Every option of the parser (and of its subcommands, if any) is in the generated table.
    parsers = [build_parser()]
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
