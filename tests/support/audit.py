"""One visit per built page, colour mode and screen width, with every check read in that one visit.

Opening a page and running axe over it are the slow part of the browser tier; the tests of
``tests/browser/test_every_page.py`` read what one visit found instead of opening the page again
for each question they ask.
"""

from tests.helpers import require_module
from tests.support.browser import OfflinePage

FAILING_IMPACTS = {"serious", "critical"}

# What the checks need to know about a settled page, read in one round trip.
FINDINGS = """() => {
  const screen = document.documentElement.clientWidth;
  const clipped = (element) => {
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX !== 'visible') return true;
    }
    return false;
  };
  const keyword = document.querySelector('div.highlight .k, div.highlight .kn');
  return {
    theme: document.documentElement.dataset.theme,
    // Math is MathML written by the build (docs/_ext/mathml.py): every formula a <math>, none an error.
    math: document.querySelectorAll('.math').length,
    converted: document.querySelectorAll('.math math').length,
    math_errors: document.querySelectorAll('.math merror').length,
    broken_images: [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
    code_blocks: document.querySelectorAll('div.highlight pre').length,
    keyword_color: keyword ? getComputedStyle(keyword).color : null,
    copy_buttons: document.querySelectorAll('button.copybtn').length,
    scroll_width: document.documentElement.scrollWidth,
    // Tables that scroll must take keyboard focus (axe's scrollable-region-focusable).
    unreachable_tables: [...document.querySelectorAll('table')]
      .map(t => t.closest('.pst-scrollable-table-container, .calc-table-scroll') || t)
      .filter(box => box.scrollWidth > box.clientWidth + 1 && box.tabIndex < 0)
      .map(box => box.className || box.tagName),
    // A formula wider than the screen starts at the left edge (none of it out of scrolling's reach).
    cut_math: [...document.querySelectorAll('div.math > math')]
      .filter(m => m.getBoundingClientRect().left < m.parentElement.getBoundingClientRect().left - 1).length,
    clipped_titles: [...document.querySelectorAll('.prev-next-area .prev-next-title')]
      .filter(t => t.scrollWidth > t.clientWidth + 1 || t.closest('a').scrollWidth > t.closest('a').clientWidth + 1)
      .map(t => t.textContent),
    empty_header: (() => {
      const header = document.querySelector('.bd-header');
      const height = header ? header.getBoundingClientRect().height : 0;
      return height > 0 && !header.querySelector('button, a') ? height : 0;
    })(),
    // The theme's icons are drawn: a mask over the text colour (docs/_ext/icons.py), not a script.
    blank_icons: [...document.querySelectorAll("i[class*='fa-']:not(.fa-stack)")]
      .filter(i => i.getClientRects().length &&
                   (i.getBoundingClientRect().width < 4 || getComputedStyle(i).maskImage === 'none'))
      .map(i => i.className),
    // The elements that stick out, so a failure says what to fix rather than only by how much.
    overflowing: [...document.querySelectorAll('body *')]
      .filter(element => element.getBoundingClientRect().right > screen + 1 && !clipped(element))
      .slice(0, 5)
      .map(element => `${element.tagName.toLowerCase()}.${element.className} ` +
                      `(right edge at ${Math.round(element.getBoundingClientRect().right)} px)`),
  };
}"""


def describe(violation):
    """One axe violation as a line per offending element: rule, impact, where, and axe's summary."""
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"][:5]:
        summary = (node.get("failureSummary") or "").replace("\n", " ")
        lines.append(f"    {' '.join(node['target'])}: {summary[:200]}")
    return "\n".join(lines)


class PageAudit:
    """Visits pages on demand and remembers what each visit found, for the whole test session."""

    def __init__(self, browser):
        self.browser = browser
        self.axe = require_module("axe_playwright_python.sync_playwright", "it is in the [test] extra: run 'make install'").Axe()
        self.found = {}

    def __call__(self, path, mode="light", phone=False):
        key = (path, mode, phone)
        if key not in self.found:
            self.found[key] = self._visit(path, mode, phone)
        return self.found[key]

    def _visit(self, path, mode, phone):
        tab = OfflinePage(self.browser, mode, phone=phone)
        try:
            page = tab.open(path)
            findings = page.evaluate(FINDINGS)
            # Read before axe runs: axe fetches the stylesheets itself, and Chromium logs each of
            # those fetches from file:// as a CORS error that the page never made.
            findings["requested"] = list(tab.requested)
            findings["network_requests"] = list(tab.network_requests)
            findings["console_errors"] = list(tab.console_errors)
            # Only the violations are reported, so axe need not gather the passing nodes (axe-core's
            # own advice for speed); every rule still runs on every element.
            violations = self.axe.run(page, options={"resultTypes": ["violations"]}).response["violations"]
            findings["serious"] = [describe(v) for v in violations if v["impact"] in FAILING_IMPACTS]
            return findings
        finally:
            tab.close()
