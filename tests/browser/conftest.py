"""Fixtures for the browser tier: one headless system Chromium per run, tabs that refuse the network.

Every test under tests/browser is marked `browser` and `site` here (the one marker mechanism for
these folders), so `make test-fast` leaves them out. The helpers themselves live in tests/support.
"""

from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.support.audit import PageAudit
from tests.support.browser import OfflinePage, launch_browser, module_page, sync_api

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.site)
            # Under `pytest -n` (make test), a page's checks run in one worker, so the visits they
            # share (tests/support/audit.py) are made once.
            page = getattr(item, "callspec", None) and item.callspec.params.get("name")
            if page:
                item.add_marker(pytest.mark.xdist_group(f"page:{page}"))


@pytest.fixture(scope="session")
def browser():
    with sync_api().sync_playwright() as playwright:
        browser = launch_browser(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def page_audit(browser):
    """What one visit to a built page found, per colour mode and screen width (cached for the run).
    Phone visits of diagram pages leave their screenshots in _build/screenshots/."""
    audit = PageAudit(browser, screenshots=ROOT / "_build" / "screenshots")
    yield audit
    audit.close()


@pytest.fixture
def offline(browser):
    """Opens offline tabs (``offline(mode="dark", phone=True)``) and closes them after the test."""
    tabs = []

    def open_tab(mode="light", phone=False):
        tab = OfflinePage(browser, mode, phone=phone)
        tabs.append(tab)
        return tab

    yield open_tab
    for tab in tabs:
        tab.close()


@pytest.fixture(scope="module")
def explainer(browser):
    """The summary page's box, open in an offline tab for a module's tests: ``(tab, page)``."""
    yield from module_page(browser, "summary")
