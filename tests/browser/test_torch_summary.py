"""The in-browser reader of PyTorch printouts, driven in Chromium, against lstm_explained (its first implementation).

One corpus (tests/test_torch_summary.py's printouts: fixtures from posts and tools, and print(model),
torchinfo, torchsummary and pytorch-model-summary output of real modules made now) goes through both;
the text and the JSON must be equal, as must the one-line refusals.
"""

import pytest

from lstm_explained import explain_summary
from tests.helpers import require_module
from tests.support.browser import assert_explained_alike, assert_refused_alike
from tests.support.torch_printouts import printouts

NOT_PRINTOUTS = [
    "Layer (type:depth-idx)                   Param #\n=====\nTotal params: 0",
    "  | Name | Type | Params\n-----\n",
]


@pytest.fixture(scope="module")
def corpus():
    torch = require_module("torch", "install it with: .venv/bin/pip install -c constraints.txt -e '.[torch]'")
    torch.manual_seed(0)
    return printouts(torch)


def test_same_explanation_as_the_package(explainer, corpus):
    _, page = explainer
    assert len(corpus) >= 100
    assert_explained_alike(page, corpus)


@pytest.mark.parametrize("text", NOT_PRINTOUTS)
def test_same_refusal_as_the_package(explainer, text):
    _, page = explainer
    assert assert_refused_alike(page, text).startswith("not a PyTorch printout")


def test_the_one_box_reads_a_pasted_print_model(explainer):
    _, page = explainer
    box = page.get_by_label("Paste a model summary", exact=True)
    text = "Net(\n  (lstm): LSTM(4, 2, num_layers=2, bidirectional=True)\n  (fc): Linear(in_features=4, out_features=1, bias=True)\n)"
    box.fill(text)
    assert page.inner_text(".summary-error").strip() == ""
    shown = page.inner_text(".summary-output")
    assert shown == str(explain_summary(text))
    assert shown.startswith("3 modules read from a PyTorch print(model) tree.")
