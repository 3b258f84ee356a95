"""A headless system Chromium, driven by Playwright, with every non-file:// request blocked.

Every test here is marked `browser` (and reads the built site), so `make test-fast` leaves them out.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import HTML, require, require_module

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.site)


def chromium_path():
    """The system Chromium, or the one named by $LSTM_EXPLAINED_CHROMIUM."""
    return os.environ.get("LSTM_EXPLAINED_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def launch(playwright):
    executable = chromium_path()
    try:
        # With no system Chromium, Playwright's own build, where 'playwright install' could fetch one.
        return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception as error:  # noqa: BLE001 - Playwright raises its own Error for a missing browser
        require(False, "Chromium", f"install it with 'apt-get install chromium' (.ci/run does, as root): {error}")


@pytest.fixture(scope="session")
def browser():
    sync_api = require_module("playwright.sync_api", "it is in the [test] extra: run 'make install'")
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


class OfflinePage:
    """A browser tab that refuses the network and records what it tried and what went wrong."""

    def __init__(self, browser, color_scheme="light"):
        self.context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.network_requests = []
        self.console_errors = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        self.page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file://", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.network_requests.append(url)
            route.abort()

    def open(self, path):
        self.page.goto(path.as_uri(), wait_until="load")
        # MathJax typesets after load; wait until it says it is done (pages without math have none).
        self.page.wait_for_function(
            "() => !window.MathJax || (window.MathJax.startup && window.MathJax.startup.promise)"
        )
        self.page.evaluate("() => window.MathJax && window.MathJax.startup.promise.then(() => true)")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def offline(browser):
    tabs = []

    def open_tab(color_scheme="light"):
        tab = OfflinePage(browser, color_scheme)
        tabs.append(tab)
        return tab

    yield open_tab
    for tab in tabs:
        tab.close()


def offline_page(browser, name):
    """A built page open in an offline tab for a module's tests (a generator for a fixture).

    Yields ``(tab, page)``; after the module's tests, the page must have asked the network for
    nothing and logged no error.
    """
    tab = OfflinePage(browser)
    page = tab.open(HTML / f"{name}.html")
    yield tab, page
    assert tab.network_requests == [], tab.network_requests
    assert tab.console_errors == [], tab.console_errors
    tab.close()
