"""explain_summary on summaries printed at test time by Keras 3 and by tf_keras (Keras 2's layout).

Every reading must reproduce the printed count, the model's true configuration must be among the
readings, and it must be the only one when the summary gives the layer's input size.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lstm_explained import count_params, explain_summary
from lstm_explained.formulas import grouped
from tests.helpers import require_module

FIXTURES = Path(__file__).parent / "fixtures" / "summaries"
KIND_OF_CLASS = {"LSTM": "lstm", "GRU": "gru", "SimpleRNN": "simple_rnn"}


# -- The models: each builder takes a Keras module (keras or tf_keras) -----------------------------

def seed_model(k):
    inputs = k.Input(shape=(100, 4))
    return k.Model(inputs, k.layers.Dense(1)(k.layers.LSTM(2)(inputs)))


def sequential_lstm_no_input_row(k):
    return k.Sequential([k.Input(shape=(None, 7)), k.layers.LSTM(5), k.layers.Dense(3)])


def gru_both_modes(k):
    inputs = k.Input(shape=(20, 6))
    hidden = k.layers.GRU(8, return_sequences=True, reset_after=False)(inputs)
    return k.Model(inputs, k.layers.GRU(4, reset_after=True)(hidden))


def gru_first_in_sequential(k):
    return k.Sequential([k.Input(shape=(None, 9)), k.layers.GRU(3, reset_after=False), k.layers.Dense(1)])


def embedding_bidirectional_stack(k):
    return k.Sequential([
        k.Input(shape=(None,)), k.layers.Embedding(1000, 16),
        k.layers.Bidirectional(k.layers.LSTM(32, return_sequences=True)),
        k.layers.GRU(8), k.layers.Dense(1),
    ])


def simple_rnn_stack(k):
    return k.Sequential([
        k.Input(shape=(30, 3)), k.layers.SimpleRNN(5, return_sequences=True), k.layers.SimpleRNN(12),
    ])


def bidirectional_first(k):
    return k.Sequential([k.Input(shape=(None, 10)), k.layers.Bidirectional(k.layers.GRU(6, reset_after=False))])


def rnn_wrapper_and_time_distributed(k):
    inputs = k.Input(shape=(15, 5))
    hidden = k.layers.RNN(k.layers.LSTMCell(4), return_sequences=True)(inputs)
    hidden = k.layers.TimeDistributed(k.layers.Dense(3))(hidden)
    return k.Model(inputs, k.layers.Bidirectional(k.layers.SimpleRNN(2))(hidden))


def long_names(k):
    inputs = k.Input(shape=(12, 3), name="a_rather_long_input_layer_name")
    hidden = k.layers.Bidirectional(k.layers.LSTM(6, return_sequences=True), name="encoder_bidirectional_lstm")(inputs)
    return k.Model(inputs, k.layers.GRU(2, name="a_decoder_gru_with_a_very_long_name")(hidden))


def two_branches(k):
    words, signal = k.Input(shape=(None, 8), name="words"), k.Input(shape=(None, 3), name="signal")
    # A long name wraps the first column and the "Connected to" column onto one continuation line.
    merged = k.layers.Concatenate(name="concatenate_branches")([k.layers.LSTM(4)(words), k.layers.GRU(5)(signal)])
    return k.Model([words, signal], k.layers.Dense(2)(merged))


MODELS = [seed_model, sequential_lstm_no_input_row, gru_both_modes, gru_first_in_sequential,
          embedding_bidirectional_stack, simple_rnn_stack, bidirectional_first,
          rnn_wrapper_and_time_distributed, long_names, two_branches]


def capture(model, **options):
    """The summary as the user sees it: everything print_fn receives, joined."""
    lines = []
    model.summary(print_fn=lambda text, *args, **kwargs: lines.append(text), **options)
    return "\n".join(lines)


def truth(layer):
    """(kind, units, input_dim, bidirectional, reset_after) of a recurrent Keras layer, or None."""
    bidirectional = type(layer).__name__ == "Bidirectional"
    inner = layer.forward_layer if bidirectional else layer
    cell = getattr(inner, "cell", None)
    name = type(cell).__name__.removesuffix("Cell") if cell is not None else type(inner).__name__
    kind = KIND_OF_CLASS.get(name)
    if kind is None:
        return None
    reset_after = bool(cell.reset_after) if kind == "gru" else None
    return kind, cell.units, int(layer.input.shape[-1]), bidirectional, reset_after


@pytest.fixture(scope="module")
def keras_modules():
    """Keras 3 and tf_keras in one process: tf_keras is independent of TF_USE_LEGACY_KERAS."""
    assert os.environ.get("TF_USE_LEGACY_KERAS", "0") in ("", "0"), "unset TF_USE_LEGACY_KERAS: keras must be Keras 3"
    import keras

    tf_keras = require_module("tf_keras", "it is pinned in constraints.txt: run 'make install'")
    assert keras.__version__.startswith("3.") and tf_keras.__version__.startswith("2.")
    keras.utils.set_random_seed(0)
    return {"keras3": keras, "tf_keras": tf_keras}


def shown_row(report, name):
    """The report's row for a layer; Keras 3 cuts a long name with '…'."""
    rows = [row for row in report.layers if row.name == name or (row.name.endswith("…") and name.startswith(row.name[:-1]))]
    assert len(rows) == 1, (name, [row.name for row in report.layers])
    return rows[0]


def check_report(model, text):
    report = explain_summary(text)
    recurrent_seen = 0
    for layer in model.layers:
        shown = shown_row(report, layer.name)
        assert shown.params == layer.count_params(), (layer.name, text)
        expected = truth(layer)
        assert shown.recurrent == (expected is not None), (layer.name, str(report))
        if expected is None:
            continue
        recurrent_seen += 1
        readings = [(c.kind, c.units, c.input_dim, c.bidirectional, c.reset_after) for c in shown.candidates]
        for kind, units, input_dim, bidirectional, reset_after in readings:
            per_direction = count_params(kind, input_dim, units, reset_after=reset_after is not False)
            assert (2 if bidirectional else 1) * per_direction == layer.count_params()
        for candidate in shown.candidates:
            assert candidate.formula.endswith(f"= {grouped(layer.count_params())}")
        assert expected in readings, (layer.name, str(report))
        # The summary gives the input size unless the layer is the first row.
        first_row = report.layers[0].name == layer.name
        if not first_row:
            assert readings == [expected], (layer.name, str(report))
    assert recurrent_seen
    assert report.total_params == model.count_params()
    assert report.totals_note == f"The rows add up to {model.count_params():,} = Total params."
    json.dumps(report.to_dict())  # JSON-ready
    return report


@pytest.mark.parametrize("build", MODELS, ids=lambda build: build.__name__)
@pytest.mark.parametrize("version", ["keras3", "tf_keras"])
def test_real_summaries(keras_modules, version, build):
    k = keras_modules[version]
    k.backend.clear_session()  # the same layer names (and so the same layout) in every run
    model = build(k)
    check_report(model, capture(model))
    if version == "keras3":
        check_report(model, capture(model, line_length=60))  # a narrow table wraps and cuts names


def test_tf_keras_wraps_type_names_and_both_are_read(keras_modules):
    text = capture(embedding_bidirectional_stack(keras_modules["tf_keras"]))
    # The layout the reader must undo: the type cut at the column, its end on the next line.
    assert re.search(r"\(Bidirecti\w*  +\(None.*\n +\w*al\) *\n", text), text
    layer = explain_summary(text).layers[1]
    assert layer.type == "Bidirectional" and [c.kind for c in layer.candidates] == ["lstm"]


def test_keras3_optimizer_params_are_explained(keras_modules):
    import numpy as np

    k = keras_modules["keras3"]
    model = seed_model(k)
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.zeros((2, 100, 4)), np.zeros((2, 1)), verbose=0)
    text = capture(model)
    assert "Optimizer params" in text
    report = explain_summary(text)
    rows = sum(layer.params for layer in report.layers)
    assert rows == model.count_params() < report.total_params
    assert f"Total params {report.total_params:,} also counts {report.total_params - rows:,} optimizer variables" in report.totals_note


def test_gru_without_input_size_shows_both_reset_after_readings(keras_modules):
    report = explain_summary(capture(gru_first_in_sequential(keras_modules["keras3"])))
    gru = report.layers[0]
    assert [(c.reset_after, c.input_dim) for c in gru.candidates] == [(True, 8), (False, 9)]
    assert "reset_after=False was the default of standalone Keras 2" in str(report)


def test_wrapper_without_input_size_shows_every_kind_that_fits(keras_modules):
    report = explain_summary(capture(bidirectional_first(keras_modules["keras3"])))
    kinds = {(c.kind, c.reset_after) for c in report.layers[0].candidates}
    assert ("gru", False) in kinds and len(kinds) >= 2
    assert "merge_mode='concat'" in str(report)


# -- Layouts no installable version prints any more: fixtures in their exact layout -------------

def test_old_keras_types_cut_at_the_column():
    report = explain_summary((FIXTURES / "old-keras-truncated.txt").read_text(encoding="utf-8"))
    lstm, bidirectional, time_distributed = report.layers
    assert [(c.kind, c.units, c.input_dim) for c in lstm.candidates] == [("lstm", 32, 4)]
    assert bidirectional.type == "Bidirection" and bidirectional.recurrent
    assert [(c.kind, c.units, c.input_dim, c.bidirectional) for c in bidirectional.candidates] == [("lstm", 32, 32, True)]
    assert time_distributed.type == "TimeDis" and not time_distributed.recurrent
    assert "'Bidirection' is read as Bidirectional" in str(report)
    assert report.total_params == sum(layer.params for layer in report.layers)


def test_old_keras_gru_defaults_to_reset_after_false():
    report = explain_summary((FIXTURES / "old-keras-gru.txt").read_text(encoding="utf-8"))
    readings = [[(c.kind, c.input_dim, c.reset_after) for c in layer.candidates] for layer in report.layers]
    assert readings == [[], [("gru", 100, False)], [("gru", 32, False)], []]
    assert "words × dimensions = 20000 × 100 = 2,000,000" in str(report)


@pytest.mark.parametrize("name", ["web-collapsed.txt", "web-one-line.txt"])
def test_web_copies_with_collapsed_whitespace(name):
    report = explain_summary((FIXTURES / name).read_text(encoding="utf-8"))
    for layer in report.layers:
        if layer.recurrent:
            assert len(layer.candidates) == 1
    assert report.totals_note.endswith("= Total params.")


def test_a_bare_collapsed_row():
    layer = explain_summary("lstm_6 (LSTM) (None, 3) 72").layers[0]
    assert layer.to_dict() == {
        "name": "lstm_6", "type": "LSTM", "output_shape": "(None, 3)", "params": 72, "recurrent": True,
        "candidates": [{"kind": "lstm", "units": 3, "input_dim": 2, "bidirectional": False,
                        "reset_after": None, "formula": "4 × (3·2 + 3·3 + 3) = 72"}],
    }


@pytest.mark.parametrize("shape", ["(None, 0)", "(None, None)", "multiple", "?"])
def test_units_that_cannot_be_read_are_said(shape):
    layer = explain_summary(f"lstm (LSTM) {shape} 72").layers[0]
    assert layer.recurrent and layer.candidates == ()
    assert "no size on its last axis" in layer.notes[-1]


def test_a_count_no_reading_reproduces_says_so():
    report = explain_summary("lstm (LSTM) (None, 3) 73")
    assert report.layers[0].candidates == ()
    assert "no LSTM with use_bias=True reproduces 73" in str(report)


# -- Text that is not a summary -----------------------------------------------------------------

@pytest.mark.parametrize(
    "text, message",
    [
        ("", "the text is empty"),
        ("   \n\t\n", "the text is empty"),
        ("How is the Param # of my LSTM calculated? I have 56 of them.", "no row like"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the input is binary"),
        (b"\xff\xd8\xff\xe0 JFIF \x80\x81", "the input is binary"),
        ("│ lstm (LSTM) │ (None, 2) │ 56 │", "its header row"),
        ("lstm (LSTM) (None, 3) 72\n" * 10_000, "far longer than any summary"),
    ],
)
def test_not_a_summary_is_one_clear_error(text, message):
    with pytest.raises(ValueError, match=message) as raised:
        explain_summary(text)
    assert "\n" not in str(raised.value)


# -- The command line ---------------------------------------------------------------------------

def run(*args, stdin=b""):
    return subprocess.run([sys.executable, "-m", "lstm_explained", "summary", *args], input=stdin, capture_output=True)


def test_cli_reads_a_file_and_stdin_alike():
    path = FIXTURES / "old-keras-truncated.txt"
    from_file, from_stdin = run(str(path)), run("-", stdin=path.read_bytes())
    assert from_file.returncode == 0 and from_file.stderr == b""
    assert from_file.stdout == from_stdin.stdout == run(stdin=path.read_bytes()).stdout
    assert from_file.stdout.decode() == str(explain_summary(path.read_text(encoding="utf-8"))) + "\n"


def test_cli_json_is_the_report_dict():
    path = FIXTURES / "old-keras-gru.txt"
    result = run(str(path), "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == explain_summary(path.read_text(encoding="utf-8")).to_dict()


def test_cli_reads_utf16_from_powershell():
    text = (FIXTURES / "web-collapsed.txt").read_text(encoding="utf-8")
    result = run(stdin=text.encode("utf-16"))
    assert result.returncode == 0 and b"LSTM(3) on 2 features" in result.stdout


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        ([], b"", "the text is empty"),
        (["-"], b"just some prose, no table", "no row like"),
        ([], bytes(range(256)), "the input is binary"),
        (["/no/such/summary.txt"], b"", "cannot read '/no/such/summary.txt'"),
        ([str(FIXTURES)], b"", "cannot read"),
        (["--bogus"], b"", "unrecognized arguments: --bogus"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(args, stdin, message):
    result = run(*args, stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == b""
    error = result.stderr.decode()
    assert error.count("\n") == 1 and message in error and "Traceback" not in error
