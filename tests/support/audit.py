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
    math: document.querySelectorAll('.math').length,
    typeset: document.querySelectorAll('mjx-container').length,
    math_errors: document.querySelectorAll('mjx-merror, .MathJax_Error').length,
    broken_images: [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
    code_blocks: document.querySelectorAll('div.highlight pre').length,
    keyword_color: keyword ? getComputedStyle(keyword).color : null,
    copy_buttons: document.querySelectorAll('button.copybtn').length,
    scroll_width: document.documentElement.scrollWidth,
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
            findings["network_requests"] = list(tab.network_requests)
            findings["console_errors"] = list(tab.console_errors)
            # Only the violations are reported, so axe need not gather the passing nodes (axe-core's
            # own advice for speed); every rule still runs on every element.
            violations = self.axe.run(page, options={"resultTypes": ["violations"]}).response["violations"]
            findings["serious"] = [describe(v) for v in violations if v["impact"] in FAILING_IMPACTS]
            return findings
        finally:
            tab.close()
