"""axe-core over every built page, in light and dark mode: no serious or critical violation.

axe-core is the engine browsers' own accessibility audits use; `axe-playwright-python` bundles a
copy, so the check runs offline. Minor and moderate findings are reported by axe but not failed
on here; serious and critical ones (contrast, missing names, broken ARIA) fail the test.
"""

import pytest

from tests.browser.test_offline import BUILT_PAGES
from tests.helpers import HTML, require_module

pytestmark = pytest.mark.browser

FAILING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    module = require_module("axe_playwright_python.sync_playwright", "it is in the [test] extra: run 'make install'")
    return module.Axe()


def describe(violation):
    """One violation as a line per offending element: rule, impact, where, and axe's own summary."""
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"][:5]:
        summary = (node.get("failureSummary") or "").replace("\n", " ")
        lines.append(f"    {' '.join(node['target'])}: {summary[:200]}")
    return "\n".join(lines)


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("name", BUILT_PAGES)
def test_no_serious_accessibility_violations(offline, axe, name, mode):
    tab = offline(mode)
    page = tab.open(HTML / name)
    assert page.evaluate("() => document.documentElement.dataset.theme") == mode
    results = axe.run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not serious, f"{name} ({mode} mode):\n" + "\n".join(describe(v) for v in serious)
