"""The in-browser summary explainer, driven in Chromium, against lstm_explained (its first implementation).

One corpus (fixtures in the layouts no installable version prints, the seed's summary, and
summaries printed now by Keras 3 and tf_keras) goes through both; text and JSON must be equal.
"""

import json

import pytest

from lstm_explained import explain_summary
from tests.helpers import HTML, require_module
from tests.support.browser import module_page
from tests.test_summary import FIXTURES, MODELS, capture

NOT_SUMMARIES = [
    "",
    "How is the Param # of my LSTM calculated?",
    "a\x00b",
    "│ lstm (LSTM) │ (None, 2) │ 56 │",
    "Layer (type) Output Shape Param #\nTotal params: 0",
    "lstm (LSTM) (None, 3) 72\n" * 10_000,
]
EXPLAIN = """text => {
  try { return {result: window.lstmExplainSummary(text)}; }
  catch (error) { return {error: error.message}; }
}"""


@pytest.fixture(scope="module")
def corpus():
    """name -> summary text."""
    import keras

    tf_keras = require_module("tf_keras", "it is pinned in constraints.txt: run 'make install'")
    keras.utils.set_random_seed(0)
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.txt"))}
    for build in MODELS:
        texts[f"keras3-{build.__name__}"] = capture(build(keras))
        texts[f"keras3-narrow-{build.__name__}"] = capture(build(keras), line_length=60)
        texts[f"tf_keras-{build.__name__}"] = capture(build(tf_keras))
    texts["bare-row"] = "lstm_6 (LSTM) (None, 3) 72"
    texts["no-reading"] = "gru (GRU) (None, 3) 1000"
    texts["no-units"] = "lstm (LSTM) (None, 0) 72\nbidirectional (Bidirectional) multiple 40\ngru (GRU) ? 0 (unbuilt)"
    texts["windows-line-ends"] = texts["old-keras-gru.txt"].replace("\n", "\r\n")
    return texts


@pytest.fixture(scope="module")
def explainer(browser):
    yield from module_page(browser, "summary")


def test_same_explanation_as_the_package(explainer, corpus):
    _, page = explainer
    assert len(corpus) >= 30
    for name, text in corpus.items():
        shown = page.evaluate(EXPLAIN, text)
        assert "error" not in shown, (name, shown)
        report = explain_summary(text)
        assert shown["result"]["text"] == str(report), name
        assert shown["result"]["json"] == json.loads(json.dumps(report.to_dict())), name


@pytest.mark.parametrize("text", NOT_SUMMARIES)
def test_same_refusal_as_the_package(explainer, text):
    _, page = explainer
    with pytest.raises(ValueError) as raised:
        explain_summary(text)
    assert page.evaluate(EXPLAIN, text) == {"error": str(raised.value)}


def test_the_box_explains_what_is_pasted(explainer):
    _, page = explainer
    box = page.get_by_label("Paste a model summary", exact=True)
    assert box.count() == 1 and box.is_visible()
    # It opens with the question's summary, already explained.
    assert page.inner_text(".summary-output") == str(explain_summary(box.input_value()))
    box.fill("just prose, no table")
    assert page.inner_text(".summary-error").strip().startswith("not a Keras model summary: no row like")
    assert box.get_attribute("aria-invalid") == "true" and not page.is_visible(".summary-output")
    text = (FIXTURES / "old-keras-truncated.txt").read_text(encoding="utf-8")
    box.fill(text)
    assert page.inner_text(".summary-error").strip() == ""
    assert page.inner_text(".summary-output") == str(explain_summary(text))


def test_linked_from_the_landing_and_counting_pages():
    for page in ("index", "counting"):
        assert 'href="summary.html"' in (HTML / f"{page}.html").read_text(encoding="utf-8"), page
