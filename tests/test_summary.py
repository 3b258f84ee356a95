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
from tests.summary_layouts import (
    CONV_MODELS, LAYOUT_MODELS, MODELS, ascii_box, bidirectional_first, built, capture, count_on_next_line, cut_right,
    embedding_bidirectional_stack, encoder_with_states, gru_first_in_sequential, prefixed, seed_model, square_box,
    without_rules_between_rows, without_top_border,
)

# One worker for these and the browser's twin tests (tests/browser/test_summary.py) under
# `make test`: the Keras models both print are then built once (summary_layouts.built).
pytestmark = pytest.mark.xdist_group("keras-summaries")

FIXTURES = Path(__file__).parent / "fixtures" / "summaries"
KIND_OF_CLASS = {"LSTM": "lstm", "GRU": "gru", "SimpleRNN": "simple_rnn"}


def reading_count(candidate):
    """A reading's count, recomputed from the package's formulas (and cuDNN's extra bias vector)."""
    if candidate.kernel_size is not None:
        kernel = 1
        for side in candidate.kernel_size:
            kernel *= side
        filters, channels = candidate.units, candidate.input_dim
        return 4 * (kernel * (channels + filters) * filters + filters)
    kind, extra = candidate.kind, 0
    if kind == "cudnn_lstm":  # an LSTM with a second bias vector of 4·units
        kind, extra = "lstm", 4 * candidate.units
    if kind == "cudnn_gru":  # a GRU with reset_after=True: its two bias rows are cuDNN's
        kind = "gru"
    per_direction = count_params(kind, candidate.input_dim, candidate.units,
                                 reset_after=candidate.reset_after is not False) + extra
    return (2 if candidate.bidirectional else 1) * per_direction


def conv_truth(layer):
    """(kind, filters, input channels, False, None, kernel_size, data_format) of a ConvLSTM layer."""
    cell = getattr(layer, "cell", layer)
    data_format = getattr(cell, "data_format", None) or layer.data_format
    shape = layer.input.shape  # (batch, time, ...) with the channels last or right after time
    channels = shape[-1] if data_format == "channels_last" else shape[2]
    kind = f"conv_lstm{len(cell.kernel_size)}d"
    return kind, cell.filters, int(channels), False, None, tuple(cell.kernel_size), data_format


def as_tuple(candidate):
    return (candidate.kind, candidate.units, candidate.input_dim, candidate.bidirectional, candidate.reset_after,
            candidate.kernel_size, candidate.data_format)


def truth(layer):
    """(kind, units, input_dim, bidirectional, reset_after, kernel_size, data_format) of a recurrent Keras layer, or None."""
    if type(layer).__name__.startswith("ConvLSTM"):
        return conv_truth(layer)
    bidirectional = type(layer).__name__ == "Bidirectional"
    inner = layer.forward_layer if bidirectional else layer
    cell = getattr(inner, "cell", None)
    name = type(cell).__name__.removesuffix("Cell") if cell is not None else type(inner).__name__
    kind = KIND_OF_CLASS.get(name)
    if kind is None:
        return None
    reset_after = bool(cell.reset_after) if kind == "gru" else None
    return kind, cell.units, int(layer.input.shape[-1]), bidirectional, reset_after, None, None


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


def check_report(model, text, *, rows_cut=False):
    """Every row of ``model`` is in the report of ``text``, with its count; every reading reproduces it; the truth is one.

    ``rows_cut``: the paste lost some rows' counts, which must then be named as unread lines.
    """
    report = explain_summary(text)
    if rows_cut:
        (model_report,) = report.models
        assert model_report.unread_lines and model_report.reconciled is False, str(report)
        assert all(f"'{line}'" in report.totals_note for line in model_report.unread_lines)
        return report
    recurrent_seen = 0
    for layer in model.layers:
        shown = shown_row(report, layer.name)
        assert shown.params == layer.count_params(), (layer.name, text)
        expected = truth(layer)
        assert shown.recurrent == (expected is not None), (layer.name, str(report))
        if expected is None:
            continue
        recurrent_seen += 1
        readings = [as_tuple(candidate) for candidate in shown.candidates]
        for candidate in shown.candidates:
            assert reading_count(candidate) == layer.count_params(), (layer.name, candidate)
        for candidate in shown.candidates:
            assert candidate.formula.endswith(f"= {grouped(layer.count_params())}")
        assert expected in readings, (layer.name, str(report))
        # The summary gives the input size unless the layer is the first row.
        first_row = report.layers[0].name == layer.name
        if not first_row:
            assert readings == [expected], (layer.name, str(report))
    assert recurrent_seen
    assert report.total_params == model.count_params()
    assert report.totals_note == f"The rows add up to {grouped(model.count_params())} = Total params."
    json.dumps(report.to_dict())  # JSON-ready
    return report


@pytest.mark.parametrize("build", MODELS, ids=lambda build: build.__name__)
@pytest.mark.parametrize("version", ["keras3", "tf_keras"])
def test_real_summaries(keras_modules, version, build):
    model = built(keras_modules[version], build)
    check_report(model, capture(model))
    if version == "keras3":
        check_report(model, capture(model, line_length=60))  # a narrow table wraps and cuts names


# Keras 3's other boxes and widths, and the edits a copy makes, on real output (tests/summary_layouts.py).
KERAS3_LAYOUTS = {
    "heavy-45-wrapped-header": lambda model: capture(model, line_length=45),
    "square-box": square_box,
    "square-box-45": lambda model: square_box(model, line_length=45),
    "right-border-cut": lambda model: cut_right(capture(model, line_length=81), 80),
    "no-top-border": lambda model: without_top_border(capture(model)),
    "no-rules-between-rows": lambda model: without_rules_between_rows(capture(model)),
    "no-rules-45": lambda model: without_rules_between_rows(capture(model, line_length=45)),
    "prefix-##": lambda model: prefixed(capture(model), "## "),
    "prefix-#>-square": lambda model: prefixed(square_box(model), "#> "),
    "prefix-R-indented-##": lambda model: prefixed(capture(model, line_length=60), "    ## "),
}


@pytest.mark.parametrize("build", LAYOUT_MODELS, ids=lambda build: build.__name__)
@pytest.mark.parametrize("layout", KERAS3_LAYOUTS)
def test_keras3_layouts(keras_modules, layout, build):
    model = built(keras_modules["keras3"], build)
    report = check_report(model, KERAS3_LAYOUTS[layout](model))
    if layout.startswith("prefix"):
        assert "every line behind '#" in report.layout
    if "square" in layout:
        assert "square box" in report.layout


def test_keras3_ascii_box_from_a_cp1252_console(keras_modules):
    for build in LAYOUT_MODELS:
        text = ascii_box(built(keras_modules["keras3"], build))
        assert "+---" in text and "│" not in text and "┃" not in text, text
        report = check_report(built(keras_modules["keras3"], build), text)
        assert "ASCII box" in report.layout


def test_keras3_counts_cut_at_80_columns_are_named_not_guessed(keras_modules):
    model = embedding_bidirectional_stack(keras_modules["keras3"])
    text = cut_right(capture(model, line_length=88), 80)  # Keras 3's 88-column table loses its counts' last digits
    report = check_report(model, text, rows_cut=True)
    counts = {layer.name: layer.count_params() for layer in model.layers}
    assert all(layer.params == counts[layer.name] for layer in report.layers), str(report)  # none guessed
    assert "could not be read" in report.totals_note and "used twice" not in report.totals_note


def test_keras3_unbuilt_model_says_how_to_build_it(keras_modules):
    keras = keras_modules["keras3"]
    model = keras.Sequential([keras.layers.LSTM(8), keras.layers.Dense(1)])
    report = explain_summary(capture(model))
    assert [layer.built for layer in report.layers] == [False, False]
    assert all("0 (unbuilt)" in layer.notes[-1] and "keras.Input(shape=" in layer.notes[-1] for layer in report.layers)
    assert report.layers[0].recurrent and report.layers[0].candidates == ()
    assert "not built yet" in report.totals_note and "model.build(" in report.totals_note
    assert report.to_dict()["models"][0]["built"] is False


@pytest.mark.parametrize("build", CONV_MODELS, ids=lambda build: build.__name__)
@pytest.mark.parametrize("version", ["keras3", "tf_keras"])
def test_conv_lstm_summaries(keras_modules, version, build):
    model = built(keras_modules[version], build)
    report = check_report(model, capture(model))
    conv = [layer for layer in report.layers if layer.candidates and layer.candidates[0].kernel_size]
    assert conv and all(candidate.to_dict()["kernel_size"] == list(candidate.kernel_size)
                        for layer in conv for candidate in layer.candidates)


@pytest.mark.parametrize("version", ["keras3", "tf_keras"])
def test_encoder_with_states_prints_a_list_of_shapes(keras_modules, version):
    model = built(keras_modules[version], encoder_with_states)
    check_report(model, capture(model))


def test_tf_keras_count_wrapped_onto_its_own_line(keras_modules):
    model = built(keras_modules["tf_keras"], gru_first_in_sequential)
    text = count_on_next_line(capture(model), "gru")
    assert re.search(r"gru \(GRU\) +\(None, 3\)\n +\d+\n", text), text
    check_report(model, text)


def test_two_summaries_in_one_paste_are_reconciled_alone(keras_modules):
    first, second = seed_model(keras_modules["keras3"]), gru_first_in_sequential(keras_modules["tf_keras"])
    report = explain_summary(capture(first) + "\n\n" + prefixed(capture(second), ""))
    assert [model.total_params for model in report.models] == [first.count_params(), second.count_params()]
    assert [model.reconciled for model in report.models] == [True, True] and report.reconciled is True
    assert [len(model.layers) for model in report.models] == [len(first.layers), len(second.layers)]
    assert str(report).startswith("2 models in one paste")
    data = report.to_dict()
    assert [layer["model"] for layer in data["layers"]] == [0] * len(first.layers) + [1] * len(second.layers)


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
    assert f"Total params {grouped(report.total_params)} also counts {grouped(report.total_params - rows)} optimizer variables" in report.totals_note


def test_gru_without_input_size_shows_both_reset_after_readings(keras_modules):
    report = explain_summary(capture(gru_first_in_sequential(keras_modules["keras3"])))
    gru = report.layers[0]
    assert [(c.reset_after, c.input_dim) for c in gru.candidates] == [(True, 8), (False, 9)]
    assert "reset_after=False was the default of standalone Keras up to 2.3" in str(report)


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


def test_cudnn_lstm_and_lstm_pasted_together_from_stack_overflow():
    # Stack Overflow 60353094: the same Bidirectional(...(300)) on 300 features, CuDNNLSTM then LSTM.
    report = explain_summary((FIXTURES / "so-60353094-cudnn-vs-lstm.txt").read_text(encoding="utf-8"))
    cudnn, plain = (model.layers[1] for model in report.models)
    assert [as_tuple(c) for c in cudnn.candidates] == [("cudnn_lstm", 300, 300, True, None, None, None)]
    assert [as_tuple(c) for c in plain.candidates] == [("lstm", 300, 300, True, None, None, None)]
    assert cudnn.params - plain.params == 2 * 4 * 300  # cuDNN's second bias vector, in both directions
    assert "two bias vectors per gate" in " ".join(cudnn.notes)
    assert "Bidirectional(CuDNNLSTM(300)) on 300 features" in str(report)


@pytest.mark.parametrize("kind, printed, units, input_dim", [("cudnn_lstm", "CuDNNLSTM", 512, 512),
                                                             ("cudnn_gru", "CuDNNGRU", 64, 10)])
def test_cudnn_rows_in_old_keras_layout(kind, printed, units, input_dim):
    gates = 4 if kind == "cudnn_lstm" else 3
    count = gates * (units * input_dim + units * units + 2 * units)
    text = (f"input_1 (InputLayer)         (None, 100, {input_dim})          0\n"
            f"cu_dnn_1 ({printed})     (None, {units})                {count}\n"
            f"bidirectional_1 (Bidirection (None, {2 * units})          {2 * count}")
    first, second = explain_summary(text).layers[1:]
    assert [as_tuple(c) for c in first.candidates] == [(kind, units, input_dim, False, None, None, None)]
    assert (kind, units, input_dim, True, None, None, None) in [as_tuple(c) for c in second.candidates]
    assert all(reading_count(c) == count for c in first.candidates)


def test_seq2seq_encoder_whose_output_shape_was_cut_against_its_count():
    report = explain_summary((FIXTURES / "seq2seq-return-state-cut-shape.txt").read_text(encoding="utf-8"))
    encoder = report.layers[2]
    assert (encoder.name, encoder.params) == ("lstm_1", 281600)
    assert [as_tuple(c) for c in encoder.candidates] == [("lstm", 256, 18, False, None, None, None)]
    assert "cut at the column" in encoder.notes[0] and report.reconciled is True


def test_conv_lstm_2d_channels_first_rows_cut_at_the_column():
    # keras-team/keras#12257: ConvLSTM2D(16, 3) on a channels_first input of 1 channel, shapes cut.
    report = explain_summary((FIXTURES / "keras-12257-convlstm2d-cut-shapes.txt").read_text(encoding="utf-8"))
    conv = report.layers[2]
    assert [as_tuple(c) for c in conv.candidates] == [("conv_lstm2d", 16, 1, False, None, (3, 3), "channels_first")]
    for later in report.layers[3:]:
        assert ("conv_lstm2d", 16, 1, False, None, (3, 3), "channels_first") in [as_tuple(c) for c in later.candidates]
        assert all(reading_count(c) == 9856 for c in later.candidates)


@pytest.mark.parametrize("printed", ["QRNN", "IndRNN", "PeepholeLSTMCell", "ConvGRU2D", "LSTMCell"])
def test_an_unknown_recurrent_type_is_not_called_not_recurrent(printed):
    layer = explain_summary(f"rnn_layer ({printed}) (None, 8) 100").layers[0]
    assert layer.recurrent and layer.candidates == ()
    assert layer.notes == (f"a recurrent layer this tool cannot count yet ({printed}): its count is not read back into sizes",)


def test_words_a_learner_would_trip_on():
    one = explain_summary("input_1 (InputLayer) (None, 5, 1) 0\nlstm (LSTM) (None, 2) 32")
    assert "LSTM(2) on 1 feature:" in str(one) and "1 features" not in str(one)
    cut = explain_summary("batch_normalization_1 (Batch (None, 5, 8) 32\nfoo_1 (Zzz (None, 3) 12")
    assert "'Batch' is read as BatchNormalization" in str(cut)
    assert "'Zzz' starts no type this tool knows, so it is read as an unknown layer" in str(cut)
    assert "read as )" not in str(cut) and "read as  " not in str(cut)
    fewer = explain_summary("lstm (LSTM) (None, 2) 56\nTotal params: 100")
    assert "44 less than Total params 100" in fewer.totals_note and "used twice" not in fewer.totals_note
    unread = explain_summary("lstm (LSTM) (None, 2) 56\ndense (Dense) None 3\nTotal params: 59")
    assert "1 line that looks like a row could not be read: 'dense (Dense) None 3'" in unread.totals_note
    assert unread.to_dict()["models"][0]["unread_lines"] == ["dense (Dense) None 3"]
    more = explain_summary("lstm (LSTM) (None, 2) 56\nlstm (LSTM) (None, 2) 56\nTotal params: 56")
    assert "used twice" in more.totals_note
    assert more.to_dict()["models"][0]["difference"] == -56 and more.reconciled is False
    gru = explain_summary("gru (GRU) (None, 3) 117")
    assert "standalone Keras up to 2.3" in str(gru) and "Keras 2.4 to 2.15 is tf.keras" in str(gru)
    old_keras = explain_summary((FIXTURES / "keras-12257-convlstm2d-cut-shapes.txt").read_text(encoding="utf-8"))
    assert old_keras.layout == "Keras 1 or 2 text table"


def test_json_carries_everything_the_text_says():
    text = (FIXTURES / "seq2seq-return-state-cut-shape.txt").read_text(encoding="utf-8")
    report = explain_summary(text)
    data = report.to_dict()
    assert data["reconciled"] is True and data["layout"] == report.layout
    (model,) = data["models"]
    assert model == {
        "name": "model_1", "layout": report.layout, "total_params": 579355, "trainable_params": 579355,
        "non_trainable_params": 0, "optimizer_params": None, "rows_total": 579355, "difference": 0,
        "reconciled": True, "built": True, "unread_lines": [], "totals_note": report.totals_note,
    }
    for layer, shown in zip(data["layers"], report.layers):
        assert layer["notes"] == list(shown.notes) and layer["model"] == 0
        for note in shown.notes:
            assert note in str(report)


def test_a_bare_collapsed_row():
    layer = explain_summary("lstm_6 (LSTM) (None, 3) 72").layers[0]
    assert layer.to_dict() == {
        "name": "lstm_6", "type": "LSTM", "output_shape": "(None, 3)", "params": 72, "recurrent": True,
        "built": True, "notes": ["units = 3: the output's last axis"],
        "candidates": [{"framework": "keras", "kind": "lstm", "units": 3, "input_dim": 2, "bidirectional": False,
                        "reset_after": None, "formula": "4 × (3·2 + 3·3 + 3) = 72", "kernel_size": None,
                        "data_format": None}],
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


# -- Structure: the kind is checked where it enters, never once per row ----------------------------

def test_explain_summary_checks_no_kind_per_row(monkeypatch):
    """explain_summary takes no kind argument, so it runs check_kind zero times, however many rows."""
    import sys as modules_sys

    from lstm_explained import _checks

    calls = []
    real = _checks.check_kind

    def counting(kind):
        calls.append(kind)
        return real(kind)

    for module in list(modules_sys.modules.values()):
        if getattr(module, "__name__", "").startswith("lstm_explained") and getattr(module, "check_kind", None) is real:
            monkeypatch.setattr(module, "check_kind", counting)
    rows = "\n".join(f"rnn_{index} (SimpleRNN) (None, 4) 36" for index in range(20))
    report = explain_summary(rows + "\nlstm (LSTM) (None, 2) 56\nbidirectional (Bidirectional) (None, 4) 112")
    assert len(report.layers) == 22 and report.layers[-1].candidates
    assert calls == []
