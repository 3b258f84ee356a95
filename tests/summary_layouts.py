"""Summaries in every layout people paste, printed now by real Keras 3 and tf_keras (test support).

Keras 3 draws its table with rich: the heavy box on a UTF-8 console, rich's square box on a legacy
Windows console (R's keras3 prints the same), and an ASCII box when the console cannot encode box
characters. The functions here make rich take each of those paths for real (a legacy console
detected, a cp1252 console, a narrow ``line_length``); the others make the edits a
copy makes to real output (a right border cut at a column, the top border not selected, rules
dropped, a prefix on every line, two summaries pasted together). Fixtures in
``tests/fixtures/summaries`` hold the layouts no installable version prints any more.
"""

import inspect
import io
import re
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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



def conv_lstm_stack(k):
    return k.Sequential([k.Input(shape=(10, 16, 16, 3)), k.layers.ConvLSTM2D(8, 3, padding="same", return_sequences=True),
                         k.layers.ConvLSTM2D(4, (5, 5))])


def conv_lstm_channels_first(k):
    return k.Sequential([
        k.Input(shape=(10, 3, 16, 16)),
        k.layers.ConvLSTM2D(8, 3, data_format="channels_first", padding="same", return_sequences=True),
        k.layers.ConvLSTM2D(4, 3, data_format="channels_first"),
    ])


def conv_lstm_1d_and_3d(k):
    inputs = k.Input(shape=(6, 20, 2), name="signal")
    volume = k.Input(shape=(4, 6, 6, 6, 1), name="volume")
    line = k.layers.ConvLSTM1D(5, 3)(inputs)
    cube = k.layers.ConvLSTM3D(2, 3)(volume)
    return k.Model([inputs, volume], [line, cube])


def encoder_with_states(k):
    inputs = k.Input(shape=(None, 71))
    outputs, hidden, cell = k.layers.LSTM(64, return_state=True)(inputs)
    return k.Model(inputs, [outputs, hidden, cell])


LAYOUT_MODELS = [seed_model, embedding_bidirectional_stack, two_branches, conv_lstm_stack, encoder_with_states]
CONV_MODELS = [conv_lstm_stack, conv_lstm_channels_first, conv_lstm_1d_and_3d]


_BUILT = {}


def built(k, build):
    """``build(k)``, built once per test process and Keras module, and printed from that one object in
    every layout and width (the unit and browser summary tests share a worker: tests/test_summary.py).
    Built right after ``clear_session``, so its layers get a fresh session's names."""
    key = (k.__name__, build)
    if key not in _BUILT:
        clear_session(k)
        _BUILT[key] = build(k)
    return _BUILT[key]


def clear_session(k):
    """Keras' global state reset (layer names start again), without the full garbage collection
    Keras 3 runs by default: a quarter of a second per call, and no name depends on it."""
    if "free_memory" in inspect.signature(k.backend.clear_session).parameters:
        k.backend.clear_session(free_memory=False)
    else:  # tf_keras
        k.backend.clear_session()


def capture(model, **options):
    """The summary as the user sees it: everything print_fn receives, joined."""
    lines = []
    model.summary(print_fn=lambda text, *args, **kwargs: lines.append(text), **options)
    return "\n".join(lines)



@contextmanager
def legacy_windows_console():
    """Make rich believe it writes to a legacy Windows console, where it draws its square box."""
    import rich.console

    original = rich.console.detect_legacy_windows
    rich.console.detect_legacy_windows = lambda: True
    try:
        yield
    finally:
        rich.console.detect_legacy_windows = original


def square_box(model, **options):
    """Keras 3's summary as a legacy Windows console (or R's keras3) shows it."""
    with legacy_windows_console():
        return capture(model, **options)


@contextmanager
def console_encoding(encoding):
    """Make rich believe it writes to a console that encodes ``encoding`` (it reads the encoding of
    sys.stdout, as it does on a Windows console in cp1252 or any console with PYTHONIOENCODING set)."""
    original = sys.stdout
    sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    try:
        yield
    finally:
        sys.stdout = original


def ascii_box(model, **options):
    """Keras 3's summary as a console that is not UTF-8 shows it (rich falls back to ASCII boxes);
    every character of it is one that console can print."""
    with console_encoding("cp1252"):
        text = capture(model, **options)
    text.encode("cp1252")
    return text


def cut_right(text, column):
    """Every line cut at ``column`` characters, as a terminal that narrow or a careless copy leaves it."""
    return "\n".join(line[:column].rstrip() for line in text.splitlines())


def without_top_border(text):
    """The table as copied from its header's first word: no title, no top border, no leading '┃ '."""
    lines = text.splitlines()
    header = next(index for index, line in enumerate(lines) if "Layer (type)" in line)
    first = re.sub(r"^\s*[┃│|]\s?", "", lines[header])
    return "\n".join([first, *lines[header + 1:]])


def without_rules_between_rows(text):
    """The box with no rule between its rows (the header's rule and the borders stay)."""
    lines = text.splitlines()
    return "\n".join(line for line in lines if not re.match(r"^\s*[├|]-*[─-]+[┼+]", line))


def count_on_next_line(text, row_start):
    """The row starting with ``row_start`` with its count moved onto a line of its own, as a narrow web page wraps it."""
    lines = []
    for line in text.splitlines():
        match = re.match(r"^(\s*" + re.escape(row_start) + r".*?\S)\s+(\d[\d,]*)\s*$", line)
        if match:
            lines.extend([match.group(1), " " * (len(match.group(1)) + 2) + match.group(2)])
        else:
            lines.append(line)
    return "\n".join(lines)


def prefixed(text, prefix):
    """Every line behind ``prefix``, as notebooks and R's knitr print output ('## ', '#> ', '# ')."""
    return "\n".join(f"{prefix}{line}" if line else prefix.rstrip() for line in text.splitlines())


FIXTURES = ROOT / "tests" / "fixtures" / "summaries"


def summary_corpus(keras, tf_keras):
    """name -> summary text: the fixtures, and the models in every layout (the package/browser twin test's input)."""
    keras.utils.set_random_seed(0)
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.txt"))}
    for build in (*MODELS, *CONV_MODELS, encoder_with_states):
        for version, module in (("keras3", keras), ("tf_keras", tf_keras)):
            texts[f"{version}-{build.__name__}"] = capture(built(module, build))
        model = built(keras, build)
        texts[f"keras3-narrow-{build.__name__}"] = capture(model, line_length=60)
        texts[f"keras3-45-{build.__name__}"] = capture(model, line_length=45)
        texts[f"keras3-square-{build.__name__}"] = square_box(model, line_length=45)
        texts[f"keras3-cut-80-{build.__name__}"] = cut_right(capture(model, line_length=88), 80)
        texts[f"keras3-no-top-{build.__name__}"] = without_top_border(capture(model))
        texts[f"keras3-no-rules-{build.__name__}"] = without_rules_between_rows(capture(model, line_length=45))
        texts[f"keras3-prefixed-{build.__name__}"] = prefixed(capture(model), "    ## ")
    texts.update({f"keras3-ascii-{build.__name__}": ascii_box(built(keras, build)) for build in LAYOUT_MODELS})
    texts["tf_keras-count-on-next-line"] = count_on_next_line(capture(built(tf_keras, gru_first_in_sequential)), "gru")
    texts["tf_keras-prefixed-#>"] = prefixed(capture(built(tf_keras, embedding_bidirectional_stack)), "#> ")
    texts["two-in-one"] = texts["keras3-seed_model"] + "\n\n" + texts["tf_keras-gru_both_modes"]
    clear_session(keras)
    texts["keras3-unbuilt"] = capture(keras.Sequential([keras.layers.LSTM(8), keras.layers.Dense(1)]))
    texts["bare-row"] = "lstm_6 (LSTM) (None, 3) 72"
    texts["no-reading"] = "gru (GRU) (None, 3) 1000"
    texts["no-units"] = "lstm (LSTM) (None, 0) 72\nbidirectional (Bidirectional) multiple 40\ngru (GRU) ? 0 (unbuilt)"
    texts["unknown-recurrent"] = "qrnn (QRNN) (None, 8) 100\nbatch_normalization_1 (Batch (None, 8) 32\nfoo (Zzz (None, 3) 12"
    texts["unread-line"] = "lstm (LSTM) (None, 2) 56\ndense (Dense) None 3\nTotal params: 59"
    texts["windows-line-ends"] = texts["old-keras-gru.txt"].replace("\n", "\r\n")
    return texts
