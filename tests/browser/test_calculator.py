"""The in-browser calculator, driven in Chromium, against lstm_explained (its first implementation)."""

import itertools

import pytest

from lstm_explained import cell_diagram_svg, count_params, param_formula, weight_shapes
from lstm_explained.formulas import grouped
from lstm_explained.gates import gate_columns
from tests.helpers import HTML, svg_texts
from tests.support.browser import OfflinePage, module_page

KINDS = ["lstm", "gru", "simple_rnn"]
# Every kind at every size with and without bias and bidirectional; reset_after only for the GRU,
# the one layer it changes.
SIZES = [(1, 1), (4, 2), (300, 64), (7, 129)]
CONFIGURATIONS = [
    (kind, input_dim, units, use_bias, reset_after, bidirectional)
    for kind, (input_dim, units), use_bias, reset_after, bidirectional in itertools.product(
        KINDS, SIZES, [True, False], [True, False], [False, True]
    )
    if kind == "gru" or reset_after  # reset_after only changes a GRU; don't repeat the others
]


@pytest.fixture(scope="module")
def calculator(browser):
    yield from module_page(browser, "calculator")


def set_inputs(page, kind, input_dim, units, use_bias=True, reset_after=True, bidirectional=False):
    page.select_option("#calc-kind", kind)
    page.fill("#calc-input-dim", str(input_dim))
    page.fill("#calc-units", str(units))
    for name, value in (("use-bias", use_bias), ("bidirectional", bidirectional)):
        page.set_checked(f"#calc-{name}", value)
    if kind == "gru":
        page.set_checked("#calc-reset-after", reset_after)


def shown(page, name):
    return page.inner_text(f'[data-out="{name}"]').strip()


def test_every_input_has_its_visible_label(calculator):
    _, page = calculator
    for label in ("Layer", "Input features", "Units", "Use bias", "Reset after", "Bidirectional"):
        element = page.get_by_label(label, exact=True)
        assert element.count() == 1 and element.is_visible(), label
        assert page.locator(f"label:text-is('{label}')").is_visible()


@pytest.mark.parametrize("kind, input_dim, units, use_bias, reset_after, bidirectional", CONFIGURATIONS)
def test_matches_the_package(calculator, kind, input_dim, units, use_bias, reset_after, bidirectional):
    _, page = calculator
    set_inputs(page, kind, input_dim, units, use_bias, reset_after, bidirectional)
    shapes = weight_shapes(kind, input_dim, units, use_bias=use_bias, reset_after=reset_after)
    blocks = ", ".join(f"{gate} {start}:{stop}" for gate, (start, stop) in gate_columns(kind, units).items())
    for name in ("kernel", "recurrent_kernel", "bias"):
        if name in shapes:
            assert shown(page, f"{name}-shape") == str(shapes[name])
            assert shown(page, f"{name}-blocks") == blocks
        else:
            assert shown(page, f"{name}-shape") == "none (use_bias off)"
    assert shown(page, "formula") == param_formula(kind, input_dim, units, use_bias=use_bias, reset_after=reset_after)
    per_direction = count_params(kind, input_dim, units, use_bias=use_bias, reset_after=reset_after)
    directions = 2 if bidirectional else 1
    assert shown(page, "total") == grouped(directions * per_direction)
    # The drawing: every label, in order, is what the package draws for the same sizes.
    drawn = page.eval_on_selector_all(".calc-diagram svg text", "all => all.map(t => t.textContent)")
    assert drawn == svg_texts(cell_diagram_svg(kind, input_dim, units, use_bias=use_bias, reset_after=reset_after))
    assert page.is_visible(".calc-bidirectional-note") == bidirectional
    assert page.is_disabled("#calc-reset-after") == (kind != "gru")


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Enter a whole number of at least 1."),
        ("0", "Must be at least 1."),
        ("-3", "Must be at least 1."),
        ("2.5", "Must be a whole number, like 4."),
        ("abc", "Digits only, like 4."),
        ("1e3", "Digits only, like 4."),
        ("1e9", "Digits only, like 4."),
        ("100001", "Too large: at most 100,000."),
        ("99999999999999999999", "Too large: at most 100,000."),
    ],
)
@pytest.mark.parametrize("field", ["input-dim", "units"])
def test_bad_input_shows_a_message_and_keeps_the_last_result_dimmed(calculator, field, text, message):
    _, page = calculator
    set_inputs(page, "lstm", 4, 2)
    page.fill(f"#calc-{field}", text)
    assert page.inner_text(f"#calc-{field}-error").strip() == message
    assert page.get_attribute(f"#calc-{field}", "aria-invalid") == "true"
    assert page.is_visible(".calc-result") and "calc-stale" in page.get_attribute(".calc-result", "class")
    assert shown(page, "total") == str(count_params("lstm", 4, 2))  # the last good result, dimmed
    assert "NaN" not in page.inner_text(".lstm-calculator")
    page.fill(f"#calc-{field}", "3")  # recovers as soon as the input is good again
    assert "calc-stale" not in page.get_attribute(".calc-result", "class")
    assert page.inner_text(f"#calc-{field}-error").strip() == ""


def test_follows_dark_mode(offline):
    """Opened in light mode, then the reader's system switches to dark: the drawing follows."""
    tab = offline("light")
    page = tab.open(HTML / "calculator.html")
    colors = {}
    for mode in ("light", "dark"):
        if mode != tab.mode:
            tab.switch_mode(mode)
        assert page.evaluate("() => document.documentElement.dataset.theme") == mode
        colors[mode] = page.eval_on_selector(".calc-diagram svg text", "e => getComputedStyle(e).fill")
    assert colors["light"] != colors["dark"]


def test_linked_from_the_landing_page():
    assert 'href="calculator.html"' in (HTML / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def calculator_on_a_phone(browser):
    tab = OfflinePage(browser, phone=True)
    yield tab.open(HTML / "calculator.html")
    tab.assert_clean("calculator.html at 360 px")
    tab.close()


@pytest.mark.parametrize("kind, input_dim, units", [("lstm", 4, 2), ("gru", 100000, 100000), ("simple_rnn", 7, 129)])
def test_fits_a_phone_screen(calculator_on_a_phone, kind, input_dim, units):
    page = calculator_on_a_phone
    set_inputs(page, kind, input_dim, units, bidirectional=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    # The drawing may be wider (full size, readable: tests/browser/test_phone_readability.py); its box is not.
    assert page.locator(".calc-diagram-svg").bounding_box()["width"] <= 360
