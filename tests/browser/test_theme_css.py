"""The theme's purged stylesheets (docs/_ext/theme_css.py) style the site exactly as the theme's own.

Each test brings a page into a state the theme's scripts create (a dropdown open, a tooltip shown,
the search dialog, a sidebar drawer on a phone, a hidden cell shown, search results). There, no
selector the purge dropped may match anything; and every element's computed style (its ::before
and ::after too) is read with the site's stylesheets, then again once the same page, in the same
state, has loaded the theme's own stylesheets in their place: any difference fails. The page
audit checks every page as it loads (test_every_page.py).
"""

import pytest

from tests.helpers import HTML
from tests.support.audit import PURGED_MATCHING
from tests.support.browser import OfflinePage
from tests.support.theme_css import ORIGINALS, droppable_properties, dropped_selectors, original

# Every element's computed style, with its ::before and ::after, kept in the page by the first call
# ("site") and compared there by the second ("theme"): up to 20 differences, each with the element
# and the properties that differ. Read: the properties a droppable rule declares, shorthands as
# their longhands (tests/support/theme_css.py; reading every property takes four times as long).
STYLES = """([round, declared]) => {
  const properties = new Set();
  for (const name of declared) {
    const probe = document.createElement("div").style;
    if (!name.startsWith("--")) probe.setProperty(name, "inherit");
    if (probe.length) for (let index = 0; index < probe.length; index++) properties.add(probe[index]);
    else properties.add(name);
  }
  const read = () => [...document.querySelectorAll("*")].flatMap((element) =>
    [null, "::before", "::after"].map((pseudo) => {
      const style = getComputedStyle(element, pseudo);
      if (pseudo && style.getPropertyValue("content") === "none") return { name: "(no box)", values: {} };
      const values = {};
      for (const property of properties) values[property] = style.getPropertyValue(property);
      const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") +
        [...element.classList].map((name) => "." + name).join("") + (pseudo || "");
      return { name, values };
    }));
  if (round === "site") {
    window.siteStyles = read();
    return window.siteStyles.length;
  }
  const theme = read();
  if (theme.length !== window.siteStyles.length) return [`${window.siteStyles.length} styled boxes, then ${theme.length}`];
  const differences = [];
  theme.forEach(({ name, values }, index) => {
    const site = window.siteStyles[index].values;
    const changed = Object.keys({ ...values, ...site }).filter((property) => values[property] !== site[property]);
    if (changed.length && differences.length < 20) {
      differences.push(`${name}: ` + changed.slice(0, 4).map((property) => `${property} ${site[property]} (theme: ${values[property]})`).join("; "));
    }
  });
  return differences;
}"""

# Has each purged stylesheet's <link> fetch it again, with a query: "site" loads the built file,
# "theme" is answered with the theme's own text (by a route, at the same address, so relative url()s
# resolve alike). Resolves once all have applied. Both readings follow such a reload: a value the
# browser resolves from layout (an auto margin beside an open menu) reads differently before one.
LOAD_STYLESHEETS = """async ([names, query]) => {
  const links = [...document.querySelectorAll('link[rel="stylesheet"]')]
    .filter((link) => names.some((name) => link.href.split("?")[0].endsWith("/_static/" + name)));
  await Promise.all(links.map((link) => new Promise((loaded, failed) => {
    link.addEventListener("load", loaded, { once: true });
    link.addEventListener("error", () => failed(new Error(`${link.href} did not load`)), { once: true });
    setTimeout(() => failed(new Error(`${link.href}: no load event in 10 s`)), 10000);
    link.href = link.href.split("?")[0] + "?" + query;
  })));
  document.getAnimations().forEach((animation) => animation.finish());
  return links.length;
}"""


def answer_with(text):
    """A route handler that serves a stylesheet's text."""
    return lambda route: route.fulfill(body=text, content_type="text/css")


def compare_with_the_theme(tab):
    """Read the page's styles, load the theme's own stylesheets into it, and return the differences."""
    page = tab.page
    # The pointer leaves the page: what is under it changes while the stylesheets reload, and a
    # hover style read once but not twice would be a difference that is not the stylesheets'.
    page.mouse.move(-10, -10)
    page.wait_for_function("() => document.querySelectorAll(':hover').length === 0")
    for name in ORIGINALS:
        page.route(f"**/_static/{name}?theme", answer_with(original(name)))
    assert page.evaluate(LOAD_STYLESHEETS, [list(ORIGINALS), "site"]) == len(ORIGINALS)
    declared = droppable_properties()
    assert page.evaluate(STYLES, ["site", declared]) > 100
    assert page.evaluate(LOAD_STYLESHEETS, [list(ORIGINALS), "theme"]) == len(ORIGINALS)
    return page.evaluate(STYLES, ["theme", declared])


def left_out_yet_matching(page):
    """The dropped selectors that match an element in the page's present state (see the page audit)."""
    purged = page.evaluate(PURGED_MATCHING, dropped_selectors())
    assert purged["unparsed"] == []
    return purged["matching"]


# The theme's own states: menus, a tooltip and the search dialog on its smallest page (184 elements:
# reading every computed style of a long page takes seconds), a phone's two drawers on a page with
# contents: (page, phone?, what to click, what opens, what to focus, what shows). The tooltip is
# shown by focus, as a keyboard reader sees it: the pointer leaves the page before the styles are read.
THEME_STATES = {
    "colour menu and tooltip": ("404.html", False, ".theme-switch-button", ".dropdown-menu.show", ".search-button__button", ".tooltip.show"),
    "search dialog": ("404.html", False, ".search-button__button", "#pst-search-dialog[open]", None, None),
    "site navigation drawer": ("question.html", True, ".primary-toggle", "#pst-primary-sidebar-modal[open]", None, None),
    "contents drawer": ("question.html", True, ".secondary-toggle", "#pst-secondary-sidebar-modal[open]", None, None),
}


@pytest.mark.parametrize("state", THEME_STATES)
def test_theme_states_styled_as_by_the_theme(browser, state):
    name, phone, click, opened, focus, shown = THEME_STATES[state]
    tab = OfflinePage(browser, "dark", phone=phone)
    page = tab.open(HTML / name)
    page.locator(click).locator("visible=true").first.click()
    page.wait_for_selector(opened)
    if focus:
        page.locator(focus).locator("visible=true").first.focus()
        page.wait_for_selector(shown)
    assert left_out_yet_matching(page) == []
    assert compare_with_the_theme(tab) == []
    tab.assert_clean(name)
    tab.close()


def test_a_content_page_styled_as_by_the_theme(browser):
    """Code, outputs, an admonition, tables, math, a hidden cell shown and the download menu open."""
    tab = OfflinePage(browser, "light")
    page = tab.open(HTML / "weights.html")
    page.locator("details.hide summary").first.click()
    page.locator(".dropdown-download-buttons .dropdown-toggle").click()
    page.wait_for_selector(".dropdown-download-buttons .dropdown-menu.show")
    assert left_out_yet_matching(page) == []
    assert compare_with_the_theme(tab) == []
    tab.assert_clean("weights.html")
    tab.close()


def test_search_results_match_nothing_left_out(browser):
    """The results searchtools.js writes into the search page."""
    tab = OfflinePage(browser, "light")
    page = tab.open(HTML / "search.html", query="?q=recurrent+kernel")
    page.wait_for_function("() => document.querySelectorAll('#search-results ul.search li').length > 3")
    assert left_out_yet_matching(page) == []
    tab.assert_clean("search.html")
    tab.close()
