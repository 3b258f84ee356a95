"""The hosted 404 page works at a site root and under a sub-path (a GitHub Pages project site).

The built folder is served over http by a static server on the loopback interface, at ``/`` and
at ``/sub/``, which answers a missing address with the site's 404.html as GitHub Pages and Read
the Docs do. Chromium may ask that server and nothing else.
"""

import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.request import urlopen

import pytest

from tests.helpers import HTML

MISSING = "no/such/page.html"


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site under ``prefix``; anything else gets 404.html with status 404."""

    def __init__(self, *args, prefix, **kwargs):
        self.prefix = prefix
        super().__init__(*args, directory=str(HTML), **kwargs)

    def translate_path(self, path):
        path = path.split("?", 1)[0]
        if not path.startswith(self.prefix):
            return str(HTML / "missing-on-purpose")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        if code != HTTPStatus.NOT_FOUND:
            return super().send_error(code, message, explain)
        body = (HTML / "404.html").read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(params=["/", "/sub/"], ids=["root", "sub-path"])
def site(request):
    """(base URL of the site, prefix) for a server on 127.0.0.1 serving _build/html at the prefix."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SiteHandler, prefix=request.param))
    server.timeout = 5
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{request.param}", request.param
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_the_server_answers_a_missing_address_with_the_404_page(site):
    base, _ = site
    assert urlopen(base + "index.html", timeout=5).status == 200
    with pytest.raises(Exception) as error:
        urlopen(base + MISSING, timeout=5)
    assert error.value.code == 404 and b"Page not found" in error.value.read()


def test_not_found_page_is_styled_and_its_links_reach_the_site(browser, site):
    base, prefix = site
    origin = base[: len(base) - len(prefix) + 1]  # http://127.0.0.1:port/
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    elsewhere = []
    page = context.new_page()
    # Watched, not routed: Chromium does not send a synchronous XHR (the page's root probe) through
    # Playwright's request interception. The page has nothing to fetch from anywhere else anyway.
    page.on("request", lambda request: request.url.startswith(origin) or elsewhere.append(request.url))
    try:
        response = page.goto(base + MISSING, wait_until="load")
        assert response.status == 404
        assert page.locator(".bd-article h1").inner_text().strip() == "Page not found"
        # The theme's stylesheet applied: its layout puts the article in a flex container.
        assert page.evaluate("() => getComputedStyle(document.querySelector('.bd-container')).display") == "flex"
        # Every stylesheet and script resolves inside the site and loads. (Chromium's preload scanner
        # also asks for them beside the missing address before the <base> exists: wasted, not used.)
        assets = page.eval_on_selector_all("link[rel=stylesheet], script[src]", "all => all.map(e => e.href || e.src)")
        assert assets and all(url.startswith(base) for url in assets), assets
        assert all(urlopen(url, timeout=5).status == 200 for url in assets)
        empty = page.evaluate("() => [...document.styleSheets].filter(sheet => !sheet.cssRules.length).map(s => s.href)")
        assert empty == [], f"stylesheets that did not load under {prefix}: {empty}"
        links = page.eval_on_selector_all(".bd-article a[href]", "links => links.map(a => a.href)")
        assert base + "index.html" in links and base + "api.html" in links, links
        page.goto(base + "index.html")
        assert page.title() and "Page not found" not in page.title()
        assert elsewhere == []
    finally:
        context.close()
