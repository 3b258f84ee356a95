"""PyTorch printouts made now by every installed printer, shared by the package's tests
(tests/test_torch_summary.py) and the browser's twin (tests/browser/test_torch_summary.py)."""

import contextlib
import io
import itertools
from pathlib import Path

from tests.helpers import require_module

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "torch"
KINDS = {"lstm": "LSTM", "gru": "GRU", "simple_rnn": "RNN"}


def grid():
    """(kind, input_size, hidden_size, num_layers, bidirectional, proj_size, bias): the configurations tested."""
    for kind, layers, bidirectional, bias in itertools.product(KINDS, (1, 2, 3), (False, True), (True, False)):
        yield kind, 3 + layers, 2 + layers, layers, bidirectional, 0, bias
    for layers, bidirectional in itertools.product((1, 2), (False, True)):
        yield "lstm", 5, 4, layers, bidirectional, 2, True


def build(torch, kind, input_size, hidden_size, layers, bidirectional, proj_size, bias, **extra):
    settings = {"num_layers": layers, "bidirectional": bidirectional, "bias": bias, **extra}
    if proj_size:
        settings["proj_size"] = proj_size
    return getattr(torch.nn, KINDS[kind])(input_size, hidden_size, **settings)


def wrapped(torch, recurrent, width, *, embedding=False, front=None):
    """A model around one recurrent module: (Embedding or Linear) -> recurrent -> Linear on its output."""

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            if embedding:
                self.embedding = torch.nn.Embedding(50, recurrent.input_size)
            if front:
                self.embedding = torch.nn.Linear(front, recurrent.input_size)

            self.rnn = recurrent
            self.fc = torch.nn.Linear(width, 1)

        def forward(self, x):
            if embedding or front:
                x = self.embedding(x)
            output = self.rnn(x)[0]
            return self.fc(output)

    return Net()


def printouts(torch):
    """name -> PyTorch printout: the fixtures, and printouts of real modules made now by every installed tool."""
    import warnings

    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.txt"))}
    torchinfo = require_module("torchinfo", "it is pinned in constraints.txt: run 'make install'")
    torchsummary = require_module("torchsummary", "it is pinned in constraints.txt: run 'make install'")
    pms = require_module("pytorch_model_summary", "it is pinned in constraints.txt: run 'make install'")
    for config in grid():
        if config[3] == 3 and config[0] != "lstm":
            continue
        label = "-".join(str(part) for part in config)
        recurrent = build(torch, *config, batch_first=True)
        width = (2 if config[4] else 1) * (config[5] or config[2])
        model = wrapped(torch, recurrent, width, embedding=True)
        texts[f"print-{label}"] = repr(model)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "LSTM with projections")
            data = torch.zeros(1, 5, dtype=torch.long)
            texts[f"torchinfo-{label}"] = str(torchinfo.summary(model, input_data=data, verbose=0))
            texts[f"torchinfo-params-only-{label}"] = str(torchinfo.summary(model, input_data=data, verbose=0,
                                                                           col_names=("num_params",)))
            front = wrapped(torch, recurrent, width, front=3)
            texts[f"pms-{label}"] = pms.summary(front, torch.zeros(1, 5, 3), show_input=False)
            if config[0] != "lstm":
                with contextlib.redirect_stdout(io.StringIO()) as printed:
                    torchsummary.summary(front, input_size=(5, 3), device="cpu")
                texts[f"torchsummary-{label}"] = printed.getvalue()
    cells = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.LSTMCell(4, 5, bias=False),
                                torch.nn.RNNCell(4, 5, nonlinearity="relu"), torch.nn.GRUCell(4, 2))
    texts["print-cells"] = repr(cells)
    texts["print-twice-prefixed"] = "\n".join(f"# {line.strip()}" for line in (repr(cells) + "\n" + repr(cells)).split("\n"))
    texts["print-collapsed-escaped"] = " ".join(repr(cells).replace("_", "\\_").split())
    table = texts["torchinfo-lstm-5-4-2-True-0-True"]
    texts["torchinfo-collapsed-twice"] = "\n".join("% " + " ".join(line.split()) for line in (table + "\n" + table).split("\n"))
    texts["lightning-1.5M"] = texts["lightning-2.2k.txt"].replace("2.2 K", "1.5 M").replace("21    ", "513   ")
    texts["bare-lstm"] = "LSTM(4, 2)"
    texts["torchinfo-user-class-no-shapes"] = (
        "Layer (type:depth-idx)   Param #\n====\nNet   --\n├─LSTM: 1-1   --\n│    └─GRU: 2-1   48\nTotal params: 48")
    return texts
