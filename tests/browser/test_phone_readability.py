"""Readable on a phone (360 CSS px) and light to load: diagrams, tables, the calculator, the footer.

Issue 24. The smallest label of every cell diagram, as rendered, is at least 11 CSS px at 360 px
(the pages' diagrams and the calculator's at the smallest and largest sizes it accepts); wide
tables and diagrams scroll in boxes the keyboard can reach; axe finds nothing serious at 360 px
in light and dark mode; no page loads Font Awesome's script or a math engine; the calculator keeps
its last good result through a bad field. Screenshots of each diagram page at 360 px, light and
dark, are written to _build/screenshots/ for a person to look at.
"""

import pytest

from tests.helpers import BUILT_PAGES, HTML, ROOT
from tests.support.browser import PHONE, OfflinePage

SCREENSHOTS = ROOT / "_build" / "screenshots"
READABLE_PX = 11
DIAGRAM_PAGES = sorted(
    name for name in BUILT_PAGES
    if '<svg xmlns="http://www.w3.org/2000/svg" class="lstm-cell"' in (HTML / name).read_text(encoding="utf-8")
)
# The calculator accepts sizes from 1 to 100,000 (docs/_static/calculator.js).
CALCULATOR_EXTREMES = [(kind, size) for kind in ("lstm", "gru", "simple_rnn") for size in (1, 100000)]

# Each diagram label's size on screen: its font size times the scale the SVG is drawn at.
SMALLEST_LABEL = """() => {
  const sizes = [...document.querySelectorAll('svg.lstm-cell text, svg.lstm-cell tspan')]
    .filter((text) => text.textContent.trim() && text.getClientRects().length)
    .map((text) => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a);
  return sizes.length ? Math.min(...sizes) : null;
}"""


def phone_tab(browser, mode="light"):
    return OfflinePage(browser, mode, phone=True)


@pytest.fixture
def phone(browser):
    tabs = []

    def open_page(name, mode="light", quiet=True):
        tab = phone_tab(browser, mode)
        tabs.append((tab, quiet))
        page = tab.open(HTML / name)
        assert page.evaluate("() => document.documentElement.dataset.theme") == mode
        return tab, page

    yield open_page
    for tab, quiet in tabs:
        assert tab.network_requests == [], tab.network_requests
        assert not quiet or tab.console_errors == [], tab.console_errors
        tab.close()


def test_there_are_diagram_pages():
    assert len(DIAGRAM_PAGES) >= 3, DIAGRAM_PAGES


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("name", DIAGRAM_PAGES)
def test_diagram_labels_are_readable_at_360_px(page_audit, name, mode):
    found = page_audit(HTML / name, mode, phone=True)
    assert found["smallest_label"] is not None, f"{name}: no diagram label found"
    assert found["smallest_label"] >= READABLE_PX, f"{name}: a diagram label is {found['smallest_label']:.1f} px at 360 px"
    # A diagram wider than the screen scrolls in a box the keyboard can reach, with a line saying so.
    assert found["unhinted_diagram_frames"] == 0, f"{name}: a scrolling diagram without focus or hint"
    assert found["scroll_width"] <= PHONE["width"]


def test_fit_to_screen_and_back(phone):
    _, page = phone(DIAGRAM_PAGES[0])
    hint = page.locator(".diagram-hint").first
    assert hint.is_visible()
    hint.get_by_role("button", name="Fit to screen").click()
    assert page.evaluate(SMALLEST_LABEL) < READABLE_PX  # fitted: the whole diagram, small
    hint.get_by_role("button", name="View full size").click()
    assert page.evaluate(SMALLEST_LABEL) >= READABLE_PX


@pytest.mark.parametrize("name", DIAGRAM_PAGES)
def test_diagrams_are_not_changed_on_a_wide_screen(page_audit, name):
    found = page_audit(HTML / name)
    assert found["shown_diagram_hints"] == 0
    assert found["smallest_label"] >= READABLE_PX


@pytest.mark.parametrize("kind, size", CALCULATOR_EXTREMES)
def test_calculator_diagram_labels_are_readable_at_360_px(phone, kind, size):
    _, page = phone("calculator.html")
    page.select_option("#calc-kind", kind)
    page.fill("#calc-input-dim", str(size))
    page.fill("#calc-units", str(size))
    page.wait_for_function(f"() => document.querySelector('.calc-diagram svg title').textContent.includes('{size} units')")
    smallest = page.evaluate(SMALLEST_LABEL)
    assert smallest >= READABLE_PX, f"{kind} {size}: a label is {smallest:.1f} px"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_calculator_keeps_its_result_through_a_bad_field(phone):
    _, page = phone("calculator.html")
    page.fill("#calc-input-dim", "300")
    page.fill("#calc-units", "64")
    total = page.inner_text('[data-out="total"]')
    page.locator(".calc-total").scroll_into_view_if_needed()
    # Where the result sits in the page (filling a field scrolls to it: the page's offset, not the view's).
    where = "() => ['.calc-total', '.calc-diagram'].map(s => document.querySelector(s).getBoundingClientRect().top + scrollY)"
    before = page.evaluate(where)
    for bad in ("", "1e9", "abc"):
        page.fill("#calc-units", bad)
        assert page.is_visible(".calc-result") and page.inner_text('[data-out="total"]') == total
        assert page.evaluate("() => getComputedStyle(document.querySelector('.calc-result')).opacity") < "1"
        assert page.inner_text("#calc-units-error").strip()
        after = page.evaluate(where)
        assert all(abs(a - b) < 1 for a, b in zip(after, before)), f"the page moved for {bad!r}: {before} -> {after}"
    page.fill("#calc-units", "1e9")
    assert page.inner_text("#calc-units-error").strip() == "Digits only, like 4."
    page.fill("#calc-units", "64")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.calc-result')).opacity") == "1"


def test_calculator_result_at_realistic_sizes_fits_a_phone(phone):
    _, page = phone("calculator.html")
    page.fill("#calc-input-dim", "300")
    page.fill("#calc-units", "64")
    # No gate pair is broken over two lines, and no header cell is cut.
    broken = page.eval_on_selector_all(".calc-pair", "pairs => pairs.filter(p => p.getClientRects().length > 1).map(p => p.textContent)")
    assert broken == []
    cut = page.eval_on_selector_all(".calc-result th", "cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent)")
    assert cut == []
    table = page.locator(".calc-table-scroll")
    assert table.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the result table scrolls at 300 features, 64 units"
    assert page.inner_text('[data-out="total"]') == "93,440"
    assert page.inner_text(".calc-formula-label") == "Parameters"
    page.set_checked("#calc-bidirectional", True)
    assert page.inner_text(".calc-formula-label") == "Parameters per direction"
    assert page.inner_text('[data-out="total"]') == "186,880"


@pytest.mark.parametrize("name", BUILT_PAGES)
def test_narrow_tables_leave_no_empty_strip_on_a_wide_screen(page_audit, name):
    strips = page_audit(HTML / name)["block_tables"]
    assert strips == [], f"{name}: tables drawn as blocks, wider than their columns: {strips}"


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("name", DIAGRAM_PAGES + ["calculator.html"])
def test_screenshot_at_360_px(page_audit, name, mode):
    # The phone visit of a diagram page leaves its pictures in _build/screenshots (tests/support/audit.py).
    page_audit(HTML / name, mode, phone=True)
    path = SCREENSHOTS / f"phone-{name.removesuffix('.html')}-{mode}.png"
    assert path.exists(), f"no screenshot of {name} at 360 px in {mode} mode"
    assert path.stat().st_size > 10_000
