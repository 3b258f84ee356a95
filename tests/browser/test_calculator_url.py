"""The calculator reads its fields from its URL (the summary explainer's readings link to it so)."""

import pytest

from lstm_explained import count_params
from tests.helpers import HTML

pytestmark = pytest.mark.browser


def open_calculator(offline, query):
    tab = offline()
    tab.page.goto(f"{(HTML / 'calculator.html').as_uri()}?{query}", wait_until="load")
    return tab, tab.page


@pytest.mark.parametrize(
    "query, kind, input_dim, units, reset_after, bidirectional",
    [
        ("kind=gru&input_dim=14&units=16&reset_after=false", "gru", 14, 16, False, False),
        ("kind=simple_rnn&input_dim=3&units=5", "simple_rnn", 3, 5, True, False),
        ("kind=lstm&input_dim=300&units=300&bidirectional=true", "lstm", 300, 300, True, True),
    ],
)
def test_fields_come_from_the_url(offline, query, kind, input_dim, units, reset_after, bidirectional):
    tab, page = open_calculator(offline, query)
    assert page.input_value('[name="kind"]') == kind
    assert (page.input_value('[name="input_dim"]'), page.input_value('[name="units"]')) == (str(input_dim), str(units))
    assert page.is_checked('[name="bidirectional"]') == bidirectional
    expected = count_params(kind, input_dim, units, reset_after=reset_after, bidirectional=bidirectional)
    assert page.inner_text('[data-out="total"]').replace(",", "") == str(expected)
    assert tab.console_errors == [] and tab.network_requests == []


def test_values_the_form_cannot_hold_are_refused_as_typing_them_would_be(offline):
    tab, page = open_calculator(offline, "kind=convlstm&input_dim=-3&units=abc&reset_after=maybe")
    assert page.input_value('[name="kind"]') == "lstm"  # not an option: the default stays
    assert page.inner_text('[data-error="input_dim"]') == "Must be at least 1."
    assert page.inner_text('[data-error="units"]') == "Digits only, like 4."
    assert page.is_checked('[name="reset_after"]')
    assert tab.console_errors == []
