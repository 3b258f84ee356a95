"""The article header's sidebar buttons open the sidebars (docs/_static/sidebar_toggles.js): the
navigation and the page's contents as drawers on a phone, the navigation folded away on a wide
screen. The themes wire only the site header's buttons, which the site hides."""

import pytest

from tests.helpers import HTML, ROOT

SCREENSHOTS = ROOT / "_build" / "screenshots"
# What each drawer holds: a link to another chapter page, a link into this page.
DRAWERS = {"primary": "a[href='weights.html']", "secondary": "a[href='#the-model-rebuilt']"}


def visible_links(page, dialog, link):
    return page.locator(f"{dialog} {link}").locator("visible=true").count()


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("drawer", DRAWERS)
def test_phone_buttons_open_the_drawers(offline, drawer, mode):
    tab = offline(mode, phone=True)
    page = tab.open(HTML / "question.html")
    button = page.locator(f".bd-header-article .{drawer}-toggle")
    dialog = f"#pst-{drawer}-sidebar-modal"
    assert page.locator(f"{dialog}[open]").count() == 0
    button.tap()
    page.wait_for_selector(f"{dialog}[open]")
    assert visible_links(page, dialog, DRAWERS[drawer]) == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"drawer-{drawer}-360-{mode}.png")
    page.keyboard.press("Escape")
    page.wait_for_selector(f"{dialog}[open]", state="detached")
    # Focus goes back to the button that opened it, as the theme does for its own.
    assert page.evaluate("() => document.activeElement.matches('.bd-header-article .%s-toggle')" % drawer)
    tab.assert_clean("question.html")


def test_wide_button_folds_the_navigation_away_and_back(offline):
    tab = offline("light")
    page = tab.open(HTML / "question.html")
    sidebar = page.locator("#pst-primary-sidebar")
    article = page.locator(".bd-article-container")
    width = article.bounding_box()["width"]
    page.locator(".bd-header-article .primary-toggle").click()
    page.wait_for_function("() => document.querySelector('#pst-primary-sidebar').classList.contains('pst-sidebar-hidden')")
    page.wait_for_function(f"() => document.querySelector('.bd-article-container').getBoundingClientRect().width > {width}")
    assert not sidebar.is_visible() or sidebar.bounding_box()["width"] == 0 or sidebar.bounding_box()["x"] < 0
    page.locator(".bd-header-article .primary-toggle").click()
    page.wait_for_function("() => !document.querySelector('#pst-primary-sidebar').classList.contains('pst-sidebar-hidden')")
    assert page.locator("#pst-primary-sidebar-modal[open]").count() == 0
    tab.assert_clean("question.html")
