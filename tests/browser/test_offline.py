"""Every built page, opened from file:// with the network blocked, renders completely."""

import pytest

from tests.helpers import HTML, ROOT

BUILT_PAGES = sorted(
    path.relative_to(HTML).as_posix() for path in HTML.glob("**/*.html") if "_static" not in path.parts
)
SCREENSHOTS = ROOT / "_build" / "screenshots"


def test_the_site_was_built():
    assert "index.html" in BUILT_PAGES and len(BUILT_PAGES) >= 10, "build the site first: make html"


@pytest.mark.browser
@pytest.mark.parametrize("name", BUILT_PAGES)
def test_page_renders_offline(offline, name):
    tab = offline()
    page = tab.open(HTML / name)
    assert tab.network_requests == [], f"{name} asked the network for {tab.network_requests}"
    assert tab.console_errors == [], f"{name} logged console errors: {tab.console_errors}"
    # Math is MathML written by the build (docs/_ext/mathml.py): every formula is a <math>, none an error.
    assert page.locator(".math math").count() == page.locator(".math").count(), f"{name}: math not converted"
    assert page.locator(".math merror").count() == 0, f"{name}: a MathML error"
    widths = page.eval_on_selector_all("img", "images => images.map(i => [i.src, i.complete ? i.naturalWidth : -1])")
    broken = [src for src, width in widths if width <= 0]
    assert not broken, f"{name}: images that did not load: {broken}"
    if page.locator("div.highlight pre").count():
        # Pygments' classes are styled by the local stylesheet: keywords are coloured, not black.
        color = page.eval_on_selector("div.highlight .k, div.highlight .kn", "e => getComputedStyle(e).color")
        assert color not in ("rgb(0, 0, 0)", "rgb(33, 37, 41)"), f"{name}: code is not highlighted ({color})"
        assert page.locator("button.copybtn").count() > 0, f"{name}: no copy buttons"


@pytest.mark.browser
def test_icons_and_fonts_are_local(offline):
    tab = offline()
    page = tab.open(HTML / "question.html")
    # The theme's icons are masks in the local _static/icons.css (docs/_ext/icons.py), not a script.
    icons = page.eval_on_selector_all(
        ".article-header-buttons i[class*='fa-']", "icons => icons.map(i => getComputedStyle(i).maskImage)"
    )
    assert icons and all(mask.startswith('url("data:image/svg+xml') for mask in icons), icons
    assert tab.network_requests == []


@pytest.mark.browser
def test_search_finds_recurrent_kernel(offline):
    tab = offline()
    page = tab.page
    page.goto((HTML / "search.html").as_uri() + "?q=recurrent_kernel", wait_until="load")
    page.wait_for_selector("#search-results ul.search li", timeout=15000)
    # Results arrive one by one (the API entries first): wait for the pages, not only the first hit.
    page.wait_for_function(
        "() => [...document.querySelectorAll('#search-results ul.search li a')]"
        ".some(a => /weights|question/i.test(a.textContent))", timeout=15000,
    )
    results = page.locator("#search-results ul.search li a").all_inner_texts()
    assert any("weights" in text.lower() or "question" in text.lower() for text in results), results
    assert tab.network_requests == [] and tab.console_errors == []


@pytest.mark.browser
def test_dark_mode_switch_and_screenshots(offline):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab = offline()
    page = tab.open(HTML / "index.html")
    page.evaluate("() => document.documentElement.dataset.mode = 'light'")
    page.evaluate("() => localStorage.setItem('mode', 'light')")
    page.reload(wait_until="load")
    assert page.evaluate("() => document.documentElement.dataset.theme") == "light"
    page.screenshot(path=SCREENSHOTS / "index-light.png", full_page=True)
    light_background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    # The colour-mode switch is a menu: open it, choose Dark.
    page.locator("button.theme-switch-button:visible").first.click()
    page.locator("button.theme-change-button[data-mode='dark']:visible").first.click()
    page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'")
    dark_background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert dark_background != light_background
    page.screenshot(path=SCREENSHOTS / "index-dark.png", full_page=True)
    assert tab.network_requests == [] and tab.console_errors == []


@pytest.mark.browser
def test_downloads_offer_md_and_ipynb(offline):
    tab = offline()
    page = tab.open(HTML / "question.html")
    links = page.eval_on_selector_all(".dropdown-download-buttons a", "links => links.map(a => a.getAttribute('href'))")
    assert any(link.endswith("question.md") for link in links), links
    assert any(link.endswith("question.ipynb") for link in links), links
    for link in links:
        assert (HTML / link).exists(), link
