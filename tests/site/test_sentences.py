"""The sentences issue 22 found wrong are gone from the built pages, and what replaced them is there.

Each test names the issue's item it covers. The pages are read as a reader sees them: the text of
the built HTML's article, whitespace collapsed, or the outputs the build executed.
"""

import ast
import inspect
import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import DOCS, HTML, NOTEBOOK_PAGES, PAGES, built_page, cell_outputs_text, executed_notebook, glued, require_module


@cache
def article(page):
    """The built page's article, parsed."""
    soup = BeautifulSoup(built_page(page), "html.parser")
    return soup.select_one("article") or soup


def prose(page):
    """The article's text as a reader sees it: code cells left out, whitespace collapsed."""
    copy = BeautifulSoup(str(article(page)), "html.parser")
    for cell in copy.select("div.cell, div.highlight, pre"):
        cell.decompose()
    text = " ".join(copy.get_text().split())
    # The theme's smart quotes, back to the ones the sources type.
    return text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')


def outputs(page):
    return "\n".join(cell_outputs_text(page))


# (item, page, a phrase that was wrong and must not come back)
GONE = [
    (1, "index", "twice as wide as that idea predicts"),
    (3, "pitfalls", "On a GPU, with the TensorFlow backend, Keras runs"),
    (4, "old-answers", 'Keras 2.3 and TensorFlow 2 switched to "sigmoid"'),
    (5, "family", "standalone Keras 2, and tf.keras in TensorFlow 1, default to"),
    (5, "family", "Standalone Keras 2 and TensorFlow 1 defaulted"),
    (7, "counting", "An LSTM has (1) parameters"),
    (7, "summary", "has (1) parameters"),
    (8, "weights", "Keras does not keep twelve small arrays"),
    (10, "from-scratch", "trained-shape"),
    (13, "api", "never imports TensorFlow; only explain does"),
    (13, "api", "the one function that needs TensorFlow"),
    (13, "install", "the pages also need TensorFlow."),
    (15, "calculator", "the drawing of the cell update as you type"),
    (16, "summary", "like (Bidirection)"),
    (16, "summary", "cut to (Bidirection)"),
]


@pytest.mark.parametrize(("item", "page", "phrase"), GONE, ids=[f"{item}-{page}" for item, page, _ in GONE])
def test_wrong_sentence_is_gone(item, page, phrase):
    assert phrase not in prose(page), f"issue 22 item {item}: {page} still says {phrase!r}"


# (item, page, what a reader now reads instead)
NOW = [
    (1, "index", "the recurrent kernel has twice as many rows as that idea predicts"),
    (3, "pitfalls", "not only with the TensorFlow backend"),
    (4, "old-answers", "ConvLSTM1D, ConvLSTM2D and ConvLSTM3D kept hard_sigmoid"),
    (5, "family", "standalone Keras up to Keras 2.3"),
    (5, "family", "Keras 2.4 to Keras 2.15"),
    (6, "frameworks", "With batch_first=True, output is (batch, steps,"),
    (6, "frameworks", "and they equal output[-1, :, :u] and output[0, :, u:]"),
    (8, "weights", "are how Keras 1 stored them"),
    (9, "exercises", "a bias per column (a default GRU has two"),
    (10, "from-scratch", "nothing here is trained"),
    (13, "api", "importing Keras loads the framework of its backend"),
    (13, "install", "Keras needs the framework of its backend"),
    (15, "calculator", "the calculator redraws the shapes, the gate blocks, the count and the drawing of the cell at every keystroke"),
    (16, "summary", "cut at the column (old Keras prints Bidirection for Bidirectional)"),
    (18, "weights", "three sigmoid gates and a candidate"),
]


@pytest.mark.parametrize(("item", "page", "phrase"), NOW, ids=[f"{item}-{page}" for item, page, _ in NOW])
def test_corrected_sentence_is_there(item, page, phrase):
    assert phrase in prose(page), f"issue 22 item {item}: {page} does not say {phrase!r}"


def test_cli_optional_positional_is_not_marked_required():
    """Item 2: the table generator marks an argument required only when argparse requires it."""
    from lstm_explained.cli import build_summary_parser

    optional = [action for action in build_summary_parser()._actions
                if not action.option_strings and action.nargs in ("?", "*")]
    assert optional, "the summary command's file argument is optional (nargs='?')"
    rows = {" ".join(row.get_text(" ").split()) for row in article("cli").select("tr")}
    for action in optional:
        row = next(row for row in rows if row.startswith(action.dest))
        assert "required" not in row and "standard input" in row, row


def test_cudnn_backends_are_read_from_the_installed_keras():
    """Item 3: the page's verdict per backend matches the installed Keras' own sources."""
    import keras

    text = outputs("pitfalls")
    backends = Path(inspect.getsourcefile(keras.layers.LSTM)).parents[2] / "backend"
    for name in ("tensorflow", "jax", "torch", "numpy"):
        source = (backends / name / "rnn.py").read_text(encoding="utf-8")
        has_path = "_cudnn_lstm" in source or "jax.experimental.rnn" in source
        verdict = "has a cuDNN path" if has_path else "no cuDNN path"
        assert re.search(rf"{name} +backend: {verdict}", text), name
    # The second bias slot that Keras fills with zeros, quoted from each GPU backend.
    assert "full_bias = tf.concat((tf.zeros_like(bias), bias), 0)" in text
    assert "b_hh = jnp.zeros_like(b_ih)" in text and "bias_hh = torch.zeros(" in text


def test_conv_lstm_kept_hard_sigmoid_in_keras_2():
    """Item 4: what the page says of tf.keras 2, checked in the tf_keras package (Keras 2 today)."""
    tf_keras = require_module("tf_keras", "make install adds it (pinned, --no-deps)")
    for name in ("ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"):
        default = inspect.signature(getattr(tf_keras.layers, name)).parameters["recurrent_activation"].default
        assert default == "hard_sigmoid", name
    assert inspect.signature(tf_keras.layers.LSTM).parameters["recurrent_activation"].default == "sigmoid"


def test_summary_explainer_dates_the_old_gru_default():
    """Item 5, in the summary explainer (Python and its browser twin say the same)."""
    from lstm_explained.summary_readings import RESET_AFTER_DEFAULTS

    assert "standalone Keras up to 2.3" in RESET_AFTER_DEFAULTS
    # The browser's reader takes its sentences from the data file the build generates.
    generated = (HTML / "_static" / "lstm-explained-data.js").read_text(encoding="utf-8")
    assert RESET_AFTER_DEFAULTS.split("; ")[1] in generated


def test_same_counts_link_to_the_question_summary():
    """Item 11: "the same counts as in the summary the learner pasted" links to where it is shown."""
    paragraph = next(p for p in article("question").select("p") if "the same counts" in p.get_text())
    links = [a["href"] for a in paragraph.select("a[href]")]
    assert "summary.html#the-question-s-own-summary" in links
    assert article("summary").select_one("#the-question-s-own-summary"), "the anchor the link points to"


HIDDEN = ("remove-input", "remove-cell", "hide-input", "hide-cell")


def names_assigned(source):
    tree = ast.parse(source)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def names_imported(source):
    return {(alias.asname or alias.name).split(".")[0] for node in ast.walk(ast.parse(source))
            if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}


def names_loaded(source):
    return {node.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_visible_code_uses_only_visible_names(page):
    """Item 12: a reader who copies the code shown can run it: no name comes from a removed cell.

    Cells whose input is removed (remove-input, remove-cell) are invisible; a value or function they
    alone define must not be read by a cell the reader sees. (Imports may stay in the removed set-up,
    which the downloaded notebook keeps; a collapsed cell, hide-input, is one click away.)
    """
    invisible, visible = set(), set()
    leaks = []
    for cell in executed_notebook(page)["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("%"))
        tags = cell.get("metadata", {}).get("tags", [])
        if {"remove-input", "remove-cell"} & set(tags):
            # Imports may stay in the removed set-up (the downloaded notebook keeps them); values may not.
            invisible |= names_assigned(source) - names_imported(source) - visible
            continue
        leaks += sorted((names_loaded(source) & invisible) - names_assigned(source))
        visible |= names_assigned(source)
    assert not leaks, f"{page}: visible code reads names defined only in removed cells: {leaks}"


BARE_REF = re.compile(r"\{ref\}`([^`<]+)`")


@pytest.mark.parametrize("page", PAGES)
def test_no_bare_ref_in_prose(page):
    """Item 14: every {ref} link has its own words ({ref}`words <label>`).

    The rule chosen is the strict one: a bare {ref}`label` drops the target's title into the
    sentence ("Add up the three arrays of Take the weights apart gate by gate"), so none is allowed
    in running prose; the only exception is Sphinx's index, whose title is the noun "Index".
    """
    source = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    source = re.sub(r"^(`{3,}).*?^\1", "", source, flags=re.M | re.S)  # code blocks and cells
    bare = [label for label in BARE_REF.findall(source) if label != "genindex"]
    assert not bare, f"{page}: bare {{ref}} links (give each its own words): {bare}"


def test_bare_ref_rule_catches_a_title_dropped_into_a_sentence():
    sample = "Add up the three arrays of {ref}`weights`, as {ref}`the counting page <counting>` does."
    assert BARE_REF.findall(sample) == ["weights"]


# Keras' default names carry a session-wide counter (lstm_6, forward_lstm_12): they change with
# everything that ran before, so they never belong in a page's output.
AUTO_NAME = re.compile(
    r"\b(?:lstm|gru|simple_rnn|conv_lstm\d?d|bidirectional|forward_lstm|backward_lstm|forward_gru|backward_gru"
    r"|dense|embedding|masking|attention|additive_attention|multi_head_attention|time_distributed"
    r"|input_layer|functional|sequential|lstm_cell|gru_cell)_\d+\b"
)


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_no_auto_numbered_layer_names_in_outputs(page):
    """Item 17: layers are named, or the session cleared, before any output shows a name."""
    found = sorted({match for text in cell_outputs_text(page) for match in AUTO_NAME.findall(text)})
    assert not found, f"{page} shows auto-numbered layer names: {found}"


def test_auto_name_pattern_catches_the_reported_names():
    assert AUTO_NAME.findall("lstm_6/lstm_cell/kernel bidirectional_6/forward_lstm_12 lstm/lstm_cell") == [
        "lstm_6", "bidirectional_6", "forward_lstm_12"]


def test_four_gates_and_three_sigmoid_gates_are_reconciled():
    """Item 18: the weights page says once that "four gates" are three sigmoid gates and a candidate."""
    text = prose("weights")
    introduced = text.index("three sigmoid gates and a candidate")
    assert text.index("In Keras' names") > introduced  # where the weights are introduced
    assert "three sigmoid gates" in prose("states")


def test_question_page_opens_with_the_answer_not_a_traceback():
    """Item 19: the first output on the question page is the model, not an error; the lesson stays."""
    cells = [cell for cell in executed_notebook("question")["cells"] if cell["cell_type"] == "code" and cell.get("outputs")]
    first = cells[0]["outputs"]
    assert not any(output.get("output_type") == "error" for output in first)
    assert "Total params" in "\n".join(cell_outputs_text("question")[:3])
    assert "NameError: name 'x' is not defined" in outputs("question")


def figure_cells(page):
    for cell in executed_notebook(page)["cells"]:
        if cell["cell_type"] != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data or "lstm-cell" in "".join(data.get("text/html", "")):
                yield cell
                break


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_no_code_cell_sits_above_a_figure(page):
    """Structure: a figure's code is collapsed (hide-input) or removed, so the figure comes first."""
    for cell in figure_cells(page):
        tags = set(cell.get("metadata", {}).get("tags", []))
        assert tags & {"hide-input", "remove-input", "remove-cell"}, f"{page}: {''.join(cell['source'])[:80]!r}"


def test_landing_page_order():
    """Structure: one sentence, the cell diagram and the three answers, the tools as cards, then the story."""
    page = article("index")
    first_paragraph = page.select_one("section > p")
    assert first_paragraph.get_text().count(". ") == 0 and first_paragraph.get_text().strip().endswith(".")
    html = str(page)
    diagram, answers = html.index('class="lstm-cell"'), html.index("The three answers")
    cards, story = html.index("sd-card"), html.index("The question’s story") if "The question’s story" in html else html.index("The question's story")
    assert diagram < answers < cards < story
    links = {a["href"].split("#")[0] for a in page.select(".sd-card a[href], a.sd-stretched-link[href]")}
    assert {"calculator.html", "summary.html"} <= links


def test_keras_2_and_3_is_explained_in_one_place():
    """Structure: the comparison lives on the old-answers page, traps first; the others link to it."""
    headings = [h.get_text(" ", strip=True) for h in article("old-answers").select("h2, h3")]
    start = next(i for i, h in enumerate(headings) if h.startswith("Keras 2 and Keras 3"))
    traps = headings[start + 1:start + 5]
    assert traps[0].startswith("“Total params” after fit") or traps[0].startswith('"Total params" after fit'), traps
    assert headings[start + 5].startswith("What changed in form only"), headings
    for page in ("question", "pitfalls", "layers"):
        hrefs = [a["href"] for a in article(page).select("a[href]")]
        assert "old-answers.html#keras-2-and-3" in hrefs, page


def test_family_is_split_in_two():
    """Structure: the recurrent family on one page, the layers around an LSTM on another."""
    family = [h.get_text(" ", strip=True) for h in article("family").select("h2")]
    around = [h.get_text(" ", strip=True) for h in article("layers").select("h2")]
    assert not any(word in " ".join(family) for word in ("Embedding", "TimeDistributed", "Masking", "Attention"))
    for word in ("Embedding", "TimeDistributed", "Masking", "Attention"):
        assert any(word in heading for heading in around), word
    assert any("ConvLSTM2D" in heading for heading in family) and any("GRU" in heading for heading in family)


def test_pytorch_counts_are_real_modules():
    """Answer "why PyTorch counts more": the page's counts equal real nn.LSTM, nn.GRU and nn.RNN."""
    torch = require_module("torch", "pip install -c constraints.txt -e '.[torch]'")
    values = glued("frameworks")

    def total(module):
        return sum(parameter.numel() for parameter in module.parameters())

    # Counted on the page from real modules, not from the package's converter.
    source = (DOCS / "frameworks.md").read_text(encoding="utf-8")
    assert 'torch.nn.LSTM(4, 2)' in source and "torch_modules[kind].parameters()" in source
    assert int(values["frameworks_torch_count"]) == total(torch.nn.LSTM(4, 2)) == 64
    assert int(values["frameworks_gru_count"]) == total(torch.nn.GRU(4, 2))
    assert int(values["frameworks_rnn_arrays"]) == len(list(torch.nn.RNN(4, 2).parameters()))
    stack = torch.nn.LSTM(4, 3, num_layers=2, bidirectional=True)
    assert f"weight_ih_l1: {tuple(stack.weight_ih_l1.shape)}" in outputs("frameworks")
