"""The API reference covers every public name, the pages link to it, and the 404 page works offline."""

from bs4 import BeautifulSoup

import lstm_explained
from tests.helpers import built_page

PUBLIC = [name for name in lstm_explained.__all__ if not name.startswith("__")]


def test_every_public_name_has_an_entry_with_signature_example_and_source():
    api = BeautifulSoup(built_page("api"), "html.parser")
    for name in PUBLIC:
        entry = api.find(id=f"lstm_explained.{name}")
        assert entry is not None, f"{name} has no entry on api.html"
        body = entry.find_next_sibling("dd")
        # viewcode links functions and classes to their code; a constant (GATE_ORDER) shows its value.
        if callable(getattr(lstm_explained, name)):
            assert entry.select_one(".viewcode-link"), f"{name}: no [source] link"
            assert entry.select(".sig-param"), f"{name}: no signature"
            assert ">>>" in body.get_text(), f"{name}: no example"


def test_general_index_lists_every_public_name():
    index = built_page("genindex")
    for name in PUBLIC:
        assert f'href="api.html#lstm_explained.{name}"' in index, f"{name} is not in the general index"


def test_pages_mentions_of_functions_link_to_their_entries():
    assert 'href="api.html#lstm_explained.split_gates"' in built_page("weights")
    assert 'href="api.html#lstm_explained.lstm_forward"' in built_page("from-scratch")
    assert 'href="api.html#lstm_explained.keras_to_torch"' in built_page("frameworks")
    # `count_params()` with no arguments is Keras' method there: not a link to ours.
    counting = BeautifulSoup(built_page("counting"), "html.parser")
    keras_method = [code for code in counting.select("p code") if code.get_text() == "count_params()"]
    assert keras_method and all(code.find_parent("a") is None for code in keras_method)


def test_not_found_page_links_are_relative_and_fixed_only_when_hosted():
    page = built_page("404")
    tree = BeautifulSoup(page, "html.parser")
    links = [element.get("href") or element.get("src") for element in tree.select("[href], [src]")]
    assert links and not [link for link in links if link.startswith("/") and not link.startswith("//")]
    assert "location.protocol.startsWith('http')" in page and "<base href=" in page
    assert page.index("location.protocol") < page.index("stylesheet"), "the base must come before the stylesheets"
