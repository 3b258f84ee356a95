"""explain_summary on PyTorch printouts: print(model), torchinfo, torchsummary and pytorch-model-summary
output generated at test time from real modules, plus fixtures of what people pasted in public posts.

Every count must equal ``sum(p.numel() for p in module.parameters())``, and the true configuration
must be among the readings of a table.
"""

import contextlib
import io
import json

import pytest

from lstm_explained import explain_summary
from lstm_explained.summary_formats.torch import clean_paste, lightning_count_range, looks_like, parse_torch_printout
from lstm_explained.torch_readings import TorchModule, keras_equivalent, torch_count
from tests.helpers import require_module

from tests.support.torch_printouts import FIXTURES, KINDS, build, grid, printouts, wrapped


@pytest.fixture(scope="module")
def torch():
    module = require_module("torch", "install it with: .venv/bin/pip install -c constraints.txt -e '.[torch]'")
    module.manual_seed(0)
    return module






def module_of(kind, input_size, hidden_size, layers, bidirectional, proj_size, bias):
    return TorchModule(kind, input_size, hidden_size, layers, bidirectional, proj_size, bias)


def true_count(module):
    return sum(parameter.numel() for parameter in module.parameters())




def candidates(report, name=None):
    layers = [layer for layer in report.to_dict()["layers"] if layer["recurrent"] and (name is None or layer["name"] == name)]
    return [c for layer in layers for c in layer["candidates"]]


def as_reading(config):
    kind, input_size, hidden_size, layers, bidirectional, proj_size, bias = config
    return {"kind": kind, "input_dim": input_size, "units": hidden_size, "num_layers": layers,
            "bidirectional": bidirectional, "proj_size": proj_size, "bias": bias}


def matches(candidate, config):
    return all(candidate[key] == value for key, value in as_reading(config).items())


# -- The count, against real PyTorch ---------------------------------------------------------------

@pytest.mark.parametrize("config", list(grid()))
def test_count_equals_pytorch(torch, config):
    assert torch_count(module_of(*config)) == true_count(build(torch, *config))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("bias", [True, False])
def test_cell_count_equals_pytorch(torch, kind, bias):
    cell = getattr(torch.nn, KINDS[kind] + "Cell")(6, 3, bias=bias)
    assert torch_count(TorchModule(kind, 6, 3, bias=bias, cell=True)) == true_count(cell)


@pytest.mark.parametrize("config", [c for c in grid() if c[5] == 0])
def test_keras_equivalent_count(config):
    """The Keras count is a Keras formula: recomputed here from Keras' own layers."""
    keras = require_module("keras", "run 'make install'")
    kind, input_size, hidden_size, layers, bidirectional, _, bias = config
    model = keras.Sequential([keras.Input(shape=(None, input_size))])
    for _ in range(layers):
        layer = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU, "simple_rnn": keras.layers.SimpleRNN}[kind](
            hidden_size, use_bias=bias, return_sequences=True)
        model.add(keras.layers.Bidirectional(layer) if bidirectional else layer)
    assert keras_equivalent(module_of(*config))[0] == model.count_params()


# -- print(model) ------------------------------------------------------------------------------------

@pytest.mark.parametrize("config", list(grid()))
def test_print_model_of_every_configuration(torch, config):
    recurrent = build(torch, *config, batch_first=True)
    model = wrapped(torch, recurrent, (2 if config[4] else 1) * (config[5] or config[2]))
    report = explain_summary(repr(model))
    assert str(report).startswith("3 modules read from a PyTorch print(model) tree.")
    (found,) = candidates(report)
    assert matches(found, config) and found["framework"] == "torch"
    assert found["params"] == true_count(recurrent)
    assert f"hold {true_count(recurrent):,} parameters" in str(report)


@pytest.mark.parametrize("kind", KINDS)
def test_print_model_of_cells_nested_in_containers(torch, kind):
    cell_type = getattr(torch.nn, KINDS[kind] + "Cell")
    extra = {"nonlinearity": "relu"} if kind == "simple_rnn" else {}
    model = torch.nn.Sequential(
        torch.nn.Linear(3, 4),
        torch.nn.ModuleDict({"encoder": torch.nn.Sequential(cell_type(4, 5, bias=False, **extra), torch.nn.Dropout(0.1))}),
    )
    report = explain_summary(str(model))
    (found,) = candidates(report)
    assert found["module"] == f"nn.{KINDS[kind]}Cell" and found["params"] == true_count(model[1]["encoder"][0])
    assert [layer.name for layer in report.layers if layer.recurrent] == ["1.encoder.0"]
    if extra:
        assert "activation='relu'" in str(report)


def test_user_class_named_lstm_wrapping_a_gru_in_an_attribute_named_lstm(torch):
    class LSTM(torch.nn.Module):  # people do name their own wrapper LSTM
        def __init__(self):
            super().__init__()
            self.lstm = torch.nn.GRU(4, 3, batch_first=True)

    model = torch.nn.Sequential(LSTM(), torch.nn.Linear(3, 1))
    report = explain_summary(str(model))
    (found,) = candidates(report)
    assert found["kind"] == "gru" and found["params"] == true_count(model[0].lstm)
    assert "not nn.LSTM" in str(report)


def test_print_model_pasted_twice_with_prefix_and_lost_indentation(torch):
    model = wrapped(torch, torch.nn.LSTM(4, 2, num_layers=2), 2)
    text = "\n".join(f"# {line.strip()}" for line in (repr(model) + "\n" + repr(model)).split("\n"))
    report = explain_summary(text)
    assert len(report.layers) == 3 and candidates(report)[0]["params"] == true_count(model.rnn)


def test_print_model_collapsed_onto_one_line_with_markdown_escapes(torch):
    model = wrapped(torch, torch.nn.LSTM(4, 2, bidirectional=True), 4)
    text = " ".join(repr(model).replace("_", "\\_").split())
    (found,) = candidates(explain_summary(text))
    assert found["params"] == true_count(model.rnn) and found["bidirectional"]


def test_old_pytorch_reprs():
    """PyTorch 0.x printed 'Linear (10 -> 20)' and a space before every bracket."""
    text = (FIXTURES / "pytorch-0.2-print-model.txt").read_text(encoding="utf-8")
    report = explain_summary(text)
    found = candidates(report)
    assert [c["module"] for c in found] == ["nn.LSTM"]
    assert "Linear: in·out + out = 256·12 + 12 = 3,084" in str(report)
    assert found[0]["input_dim"] == 300 and found[0]["units"] == 256 and found[0]["num_layers"] == 2


# -- torchinfo ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def torchinfo():
    return require_module("torchinfo", "it is pinned in constraints.txt: run 'make install'")


@pytest.mark.filterwarnings("ignore:LSTM with projections is not supported with oneDNN")
@pytest.mark.parametrize("columns", [("output_size", "num_params"), ("input_size", "output_size", "num_params"), ("num_params",)])
@pytest.mark.parametrize("config", list(grid()))
def test_torchinfo_table(torch, torchinfo, config, columns):
    recurrent = build(torch, *config, batch_first=True)
    model = wrapped(torch, recurrent, (2 if config[4] else 1) * (config[5] or config[2]), embedding=True)
    table = str(torchinfo.summary(model, input_data=torch.zeros(1, 5, dtype=torch.long), col_names=columns, verbose=0))
    report = explain_summary(table)
    assert str(report).split("\n")[0] == "4 modules read from a torchinfo table."
    found = candidates(report)
    assert found and all(c["params"] == true_count(recurrent) for c in found)
    more = sum(layer["more_readings"] for layer in report.to_dict()["layers"])
    # proj_size readings are not listed; a table with no sizes can have more readings than are listed.
    assert any(matches(c, config) for c in found) or config[5] or more, (config, found)
    if "output_size" in columns and not config[5]:
        # The Embedding's width gives input_size and the output's last axis directions × hidden_size.
        assert all(c["input_dim"] == config[1] for c in found)
    assert "which agrees with Total params" in str(report)


def test_torchinfo_nested_rows_and_user_class(torch, torchinfo):
    class LSTM(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = torch.nn.GRU(6, 3, num_layers=2, batch_first=True)

        def forward(self, x):
            return self.lstm(x)[0]

    model = torch.nn.Sequential(torch.nn.Linear(4, 6), torch.nn.Sequential(LSTM(), torch.nn.Linear(3, 2)))
    table = str(torchinfo.summary(model, input_size=(1, 5, 4), verbose=0))
    report = explain_summary(table)
    found = candidates(report)
    assert found and all(c["params"] == true_count(model[1][0].lstm) for c in found)
    assert any(c["kind"] == "gru" and c["num_layers"] == 2 and c["input_dim"] == 6 for c in found)
    assert "not nn.LSTM" in str(report)
    pasted = "\n".join("% " + " ".join(line.split()) for line in (table + "\n" + table).split("\n"))
    assert explain_summary(pasted).to_dict()["layers"] == report.to_dict()["layers"]


# -- torchsummary, pytorch-model-summary -----------------------------------------------------------------

@pytest.mark.parametrize("config", [c for c in grid() if c[0] != "lstm" and c[3] == 1])
def test_torchsummary_zero_is_called_a_bug_and_the_true_count_given(torch, config):
    torchsummary = require_module("torchsummary", "it is pinned in constraints.txt: run 'make install'")
    recurrent = build(torch, *config, batch_first=True)
    width = (2 if config[4] else 1) * config[2]
    model = wrapped(torch, recurrent, width, front=3)
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        torchsummary.summary(model, input_size=(5, 3), device="cpu")
    table = printed.getvalue()
    assert f"{KINDS[config[0]]}-2" in table  # the tool printed the row (with its 0) for this test to mean anything
    report = explain_summary(table)
    assert str(report).startswith("3 modules read from a torchsummary table.")
    text = str(report)
    assert "known bug of torchsummary 1.5.1" in text
    if config[6]:  # the true count, read from the shapes, for num_layers=1 with bias
        assert any(c["params"] == true_count(recurrent) and matches(c, config) for c in candidates(report))


@pytest.mark.filterwarnings("ignore:LSTM with projections is not supported with oneDNN")
@pytest.mark.parametrize("show_input", [False, True])
@pytest.mark.parametrize("config", [c for c in grid() if c[3] <= 2])
def test_pytorch_model_summary_table(torch, config, show_input):
    pms = require_module("pytorch_model_summary", "it is pinned in constraints.txt: run 'make install'")
    recurrent = build(torch, *config, batch_first=True)
    width = (2 if config[4] else 1) * (config[5] or config[2])
    model = wrapped(torch, recurrent, width)
    table = pms.summary(model, torch.zeros(1, 5, config[1]), show_input=show_input)
    report = explain_summary(table)
    assert str(report).split("\n")[0] == "2 modules read from a pytorch-model-summary table."
    found = candidates(report)
    assert all(c["params"] == true_count(recurrent) for c in found)
    if show_input and config[5]:  # an input shape alone cannot tell a projection
        assert "readings with proj_size are not listed" in str(report)
    else:
        assert any(matches(c, config) for c in found), (table, found)
    if not show_input:  # h_n's shape gives hidden_size, directions and num_layers: one reading per bias setting at most
        assert len(found) <= 2 and {(c["units"], c["num_layers"], c["bidirectional"]) for c in found} == {
            (config[2], config[3], config[4])}


# -- Lightning, torch-summary 1.4 and posts: fixtures --------------------------------------------------

def test_lightning_rounding_is_lightnings():
    """lightning_count_range inverts Lightning's get_human_readable_count (copied below from 2.x)."""
    import math

    def human(number):
        labels = [" ", "K", "M", "B", "T"]
        digits = int(math.floor(math.log10(number)) + 1 if number > 0 else 1)
        groups = min(int(math.ceil(digits / 3)), len(labels))
        shift = -3 * (groups - 1)
        scaled = number * (10**shift)
        index = groups - 1
        if index < 1 or scaled >= 100:
            return f"{int(scaled):,d} {labels[index]}".strip()
        return f"{scaled:,.1f} {labels[index]}"

    for number in list(range(0, 20_000, 7)) + list(range(99_000, 1_300_000, 997)):
        low, high = lightning_count_range(human(number))
        assert low <= number <= high, (number, human(number))


def test_lightning_table():
    report = explain_summary((FIXTURES / "lightning-2.2k.txt").read_text(encoding="utf-8"))
    text = str(report)
    assert text.startswith("3 modules read from a Lightning ModelSummary table.")
    found = candidates(report)
    assert found and all(2150 <= c["params"] <= 2250 for c in found)
    assert all(c["num_layers"] == 1 and not c["bidirectional"] and c["bias"] for c in found)
    # Every configuration inside the rounding: hidden sizes 1 to 23, each with its input sizes.
    assert {c["units"] for c in found} >= {20, 22}


def test_fixtures_from_posts():
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert looks_like(text), path.name
        report = explain_summary(text)
        assert candidates(report), path.name
        json.dumps(report.to_dict())


def test_clean_paste_and_parse_refusals():
    assert clean_paste("% a\n% b") == "a\nb"
    with pytest.raises(ValueError, match="not a PyTorch printout"):
        parse_torch_printout("nothing to see")


def test_keras_summaries_are_not_read_as_torch():
    assert not looks_like("lstm (LSTM)                 (None, 2)                 56")
    report = explain_summary("lstm (LSTM)                 (None, 2)                 56")
    assert report.to_dict()["layers"][0]["candidates"][0]["framework"] == "keras"


# -- One corpus for the browser's twin (tests/browser/test_torch_summary.py) -------------------------



def test_printout_corpus_is_explained(torch):
    for name, text in printouts(torch).items():
        report = explain_summary(text)
        assert "framework" in json.dumps(report.to_dict()), name


def test_torch_summary_1_4_table():
    """torch-summary 1.4.5 prints torchinfo's layout with -1 for the batch and no root row."""
    report = explain_summary((FIXTURES / "torch-summary-1.4.5-lstm.txt").read_text(encoding="utf-8"))
    assert str(report).startswith("3 modules read from a torch-summary 1.4 table.")
    (found,) = candidates(report)
    assert matches(found, ("lstm", 4, 3, 2, True, 0, True)) and found["params"] == 480 and found["keras_params"] == 432
    assert str(report).endswith("The modules add up to 503, which agrees with Total params 503.")


def test_torchkeras_table():
    report = explain_summary((FIXTURES / "torchkeras-4.0.5-gru.txt").read_text(encoding="utf-8"))
    (found,) = candidates(report)
    # The GRU's count (7,296) is PyTorch's own, printed by torchkeras from named_parameters().
    assert matches(found, ("gru", 8, 16, 2, True, 0, True)) and found["keras_params"] == found["params"] == 7296


def test_lightning_table_pasted_from_markdown_with_prefix():
    text = (FIXTURES / "lightning-2.2k.txt").read_text(encoding="utf-8")
    pasted = "\n".join(f"# {line}" for line in text.replace("_", "\\_").split("\n"))
    read, original = explain_summary(pasted).to_dict(), explain_summary(text).to_dict()
    # The same answer, and the report says which prefix it took off every line.
    assert read.pop("format") == f"{original.pop('format')}, every line behind '#'"
    assert read == original


def test_command_line_reads_a_print_model(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "model.txt"
    path.write_text((FIXTURES / "post-bilstm-notebook.txt").read_text(encoding="utf-8"), encoding="utf-8")
    shown = subprocess.run([sys.executable, "-m", "lstm_explained", "summary", str(path), "--json"],
                           capture_output=True, text=True, check=True)
    (found,) = [c for layer in json.loads(shown.stdout)["layers"] for c in layer["candidates"]]
    assert found["framework"] == "torch" and found["params"] == 99_328 and found["keras_params"] == 98_816
    assert found["num_layers"] == 1 and found["proj_size"] == 0 and found["bias"] is True
