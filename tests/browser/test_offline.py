"""The site offline, beyond single pages (tests/browser/test_every_page.py): icons, search, the
colour-mode switch and the downloads, all from file:// with the network blocked."""

import pytest

from tests.helpers import HTML, ROOT

SCREENSHOTS = ROOT / "_build" / "screenshots"


def test_icons_and_fonts_are_local(offline):
    tab = offline()
    page = tab.open(HTML / "question.html")
    # The theme's icons are masks in the local _static/icons.css (docs/_ext/icons.py), not a script.
    icons = page.eval_on_selector_all(
        ".article-header-buttons i[class*='fa-']", "icons => icons.map(i => getComputedStyle(i).maskImage)"
    )
    assert icons and all(mask.startswith('url("data:image/svg+xml') for mask in icons), icons
    assert tab.network_requests == []


# The page's colour theme when the parser reaches <body>: what its first layout is styled with.
THEME_AT_BODY = """
new MutationObserver((changes, observer) => {
  if (document.body) {
    window.themeAtBody = document.documentElement.dataset.theme;
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


@pytest.mark.parametrize("system", ["light", "dark"])
def test_first_layout_has_the_readers_colours(offline, system):
    """On a first visit the theme's own script resolves "auto" only once it runs, after the body:
    docs/_templates/layout.html does it in the head, so the first layout already has the reader's
    colours (no white flash in dark mode, no second styling of the page). A mode the reader chose
    with the theme's button wins over the system's, as the theme's script decides."""
    tab = offline(system)
    tab.context.add_init_script(THEME_AT_BODY)
    page = tab.open(HTML / "index.html")
    assert page.evaluate("() => [window.themeAtBody, document.documentElement.dataset.theme]") == [system, system]
    chosen = "light" if system == "dark" else "dark"
    page.evaluate("mode => localStorage.setItem('mode', mode)", chosen)
    page.reload(wait_until="load")
    assert page.evaluate("() => [window.themeAtBody, document.documentElement.dataset.theme]") == [chosen, chosen]
    tab.assert_clean("index.html")


def test_search_finds_recurrent_kernel(offline):
    tab = offline()
    page = tab.page
    page.goto((HTML / "search.html").as_uri() + "?q=recurrent_kernel", wait_until="load")
    page.wait_for_selector("#search-results ul.search li")
    # Results arrive one by one (the API entries first): wait for the pages, not only the first hit.
    page.wait_for_function(
        "() => [...document.querySelectorAll('#search-results ul.search li a')]"
        ".some(a => /weights|question/i.test(a.textContent))",
    )
    results = page.locator("#search-results ul.search li a").all_inner_texts()
    assert any("weights" in text.lower() or "question" in text.lower() for text in results), results
    assert tab.network_requests == [] and tab.console_errors == []


def test_dark_mode_switch_and_screenshots(offline):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab = offline()
    page = tab.open(HTML / "index.html")
    page.evaluate("() => document.documentElement.dataset.mode = 'light'")
    page.evaluate("() => localStorage.setItem('mode', 'light')")
    page.reload(wait_until="load")
    tab.settle()
    assert page.evaluate("() => document.documentElement.dataset.theme") == "light"
    page.screenshot(path=SCREENSHOTS / "index-light.png", full_page=True)
    light_background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    # The colour-mode switch is a menu: open it, choose Dark.
    page.locator("button.theme-switch-button:visible").first.click()
    page.locator("button.theme-change-button[data-mode='dark']:visible").first.click()
    tab.mode = "dark"
    tab.settle()  # the theme switched and its colour transitions have finished
    dark_background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert dark_background != light_background
    page.screenshot(path=SCREENSHOTS / "index-dark.png", full_page=True)
    assert tab.network_requests == [] and tab.console_errors == []


def test_downloads_offer_md_and_ipynb(offline):
    tab = offline()
    page = tab.open(HTML / "question.html")
    links = page.eval_on_selector_all(".dropdown-download-buttons a", "links => links.map(a => a.getAttribute('href'))")
    assert any(link.endswith("question.md") for link in links), links
    assert any(link.endswith("question.ipynb") for link in links), links
    for link in links:
        assert (HTML / link).exists(), link
