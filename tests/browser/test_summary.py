"""The in-browser summary explainer, driven in Chromium, against lstm_explained (its first implementation).

One corpus (fixtures in the layouts no installable version prints, the seed's summary, and
summaries printed now by Keras 3 and tf_keras) goes through both; text and JSON must be equal.
"""

import pytest

from lstm_explained import explain_summary
from lstm_explained.formulas import grouped
from tests.helpers import HTML, require_module
from tests.summary_layouts import FIXTURES, summary_corpus
from tests.support.browser import assert_explained_alike, assert_refused_alike

# In the unit tests' worker under `make test` (tests/test_summary.py): the models are built once.
pytestmark = pytest.mark.xdist_group("keras-summaries")

NOT_SUMMARIES = [
    "",
    "How is the Param # of my LSTM calculated?",
    "a\x00b",
    "│ lstm (LSTM) │ (None, 2) │ 56 │",
    "Layer (type) Output Shape Param #\nTotal params: 0",
    "lstm (LSTM) (None, 3) 72\n" * 10_000,
]


@pytest.fixture(scope="module")
def corpus():
    """name -> summary text: every fixture, and every model in every layout, printed now."""
    keras = require_module("keras", "it is installed by 'make install'")
    tf_keras = require_module("tf_keras", "it is pinned in constraints.txt: run 'make install'")
    return summary_corpus(keras, tf_keras)


def test_same_explanation_as_the_package(explainer, corpus):
    _, page = explainer
    assert len(corpus) >= 100
    assert_explained_alike(page, corpus)


@pytest.mark.parametrize("text", NOT_SUMMARIES)
def test_same_refusal_as_the_package(explainer, text):
    _, page = explainer
    assert_refused_alike(page, text)


CARDS = """() => [...document.querySelectorAll('.summary-output .summary-card')].map((card) => ({
  title: card.querySelector('.summary-card-title').innerText,
  facts: card.querySelector('.summary-card-facts').innerText,
  notes: [...card.querySelectorAll('.summary-notes li')].map((item) => item.innerText),
  readings: [...card.querySelectorAll('.summary-readings tbody tr')].map((row) => ({
    layer: row.cells[0].innerText, input: row.cells[1].innerText, formula: row.cells[2].innerText,
    link: row.querySelector('a') ? row.querySelector('a').getAttribute('href') : null,
  })),
}))"""


def shown_cards(page):
    return page.evaluate(CARDS)


def expected_link(candidate):
    """The calculator's URL for a reading it can draw, as the page must write it."""
    if candidate.kind not in ("lstm", "gru", "simple_rnn"):
        return None
    link = f"calculator.html?kind={candidate.kind}&input_dim={candidate.input_dim}&units={candidate.units}"
    if candidate.reset_after is not None:
        link += f"&reset_after={str(candidate.reset_after).lower()}"
    return link + ("&bidirectional=true" if candidate.bidirectional else "")


def check_cards(page, report):
    """The page shows the package's report: a card per row, its notes, its readings, each linked."""
    cards = shown_cards(page)
    assert len(cards) == len(report.layers)
    for card, layer in zip(cards, report.layers):
        assert card["title"] == f"{layer.name} ({layer.type})" if layer.type else layer.name
        assert card["facts"].endswith(f"{grouped(layer.params)} parameter{'s' if layer.params != 1 else ''}"), card
        assert card["notes"] == list(layer.notes)
        assert len(card["readings"]) == len(layer.candidates)
        for shown, candidate in zip(card["readings"], layer.candidates):
            assert shown["layer"] == candidate.describe().split(" on ")[0]
            assert shown["input"].replace("input features: ", "").replace("input channels: ", "") == grouped(candidate.input_dim)
            # The package's formula, its count with the site's thousands separators (above 9,999).
            assert shown["formula"] == candidate.formula
            assert shown["link"] == expected_link(candidate)
    verdicts = page.evaluate("() => [...document.querySelectorAll('.summary-output .summary-verdict')].map((p) => p.innerText)")
    assert verdicts[-len(report.models):] == [model.totals_note for model in report.models]


def test_the_box_explains_what_is_pasted(explainer):
    _, page = explainer
    box = page.get_by_label("Paste a model summary", exact=True)
    assert box.count() == 1 and box.is_visible()
    # It opens with the question's summary, already explained.
    check_cards(page, explain_summary(box.input_value()))
    box.fill("just prose, no table")
    assert page.inner_text(".summary-error").strip().startswith("not a Keras model summary: no row like")
    assert box.get_attribute("aria-invalid") == "true" and not page.is_visible(".summary-output")
    for name in ("old-keras-truncated.txt", "so-60353094-cudnn-vs-lstm.txt", "keras-12257-convlstm2d-cut-shapes.txt",
                 "seq2seq-return-state-cut-shape.txt"):
        text = (FIXTURES / name).read_text(encoding="utf-8")
        box.fill(text)
        assert page.inner_text(".summary-error").strip() == ""
        check_cards(page, explain_summary(text))


def test_a_reading_opens_the_calculator_with_its_sizes(explainer):
    tab, page = explainer
    box = page.get_by_label("Paste a model summary", exact=True)
    box.fill("gru (GRU) (None, 16) 1584")  # GRU(16) on 15 features (reset_after=True) or 16 (False)
    links = [reading["link"] for card in shown_cards(page) for reading in card["readings"]]
    assert links == ["calculator.html?kind=gru&input_dim=15&units=16&reset_after=true",
                     "calculator.html?kind=gru&input_dim=16&units=16&reset_after=false"]
    page.click(f'a[href="{links[1]}"]')
    page.wait_for_load_state("load")
    assert page.url.endswith(links[1])
    assert page.input_value('[name="kind"]') == "gru" and page.input_value('[name="input_dim"]') == "16"
    assert page.input_value('[name="units"]') == "16" and not page.is_checked('[name="reset_after"]')
    assert page.inner_text('[data-out="total"]') == "1584"
    page.go_back()
    page.wait_for_load_state("load")


def test_linked_from_the_landing_and_counting_pages():
    for page in ("index", "counting"):
        assert 'href="summary.html"' in (HTML / f"{page}.html").read_text(encoding="utf-8"), page
