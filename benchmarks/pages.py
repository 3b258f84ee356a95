"""Measure what each built page costs a reader: bytes loaded and time to ready, offline in Chromium.

Run with `make bench` (after `make html`), or alone: `.venv/bin/python benchmarks/pages.py [folder]`
(another built site's folder, to compare; _build/html by default).
Every page of _build/html is opened from file:// with the network refused, in a fresh browser
context each time (nothing cached), three times for the time, in rounds over all pages; the table
shows the median. Targets (issue 24):
every page <= 1 MB loaded, ready <= 300 ms, and a page with no math loads no math engine.

- bytes loaded: the size on disk of every file the page asked for (HTML, CSS, scripts, fonts,
  images), each counted once.
- ready: from navigation start to the load event's end, or to the end of math typesetting when a
  runtime math engine (MathJax) typesets after load, whichever is later. Timed in loads of their
  own, with the context offline and nothing intercepted: the first load, which lists the files,
  routes every request through Playwright, and that round trip per file is not a reader's.
"""

import statistics
import sys
from typing import NamedTuple
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
RUNS = 3
MAX_BYTES = 1_000_000
MAX_READY_MS = 300
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MATH_ENGINES = ("mathjax", "tex-svg", "tex-chtml", "tex-mml", "katex")

# Notes when MathJax, if the page loads it, has finished typesetting (its startup promise).
WATCH_MATH = """
(() => {
  const watch = () => {
    const startup = window.MathJax && window.MathJax.startup;
    if (startup && startup.promise) {
      startup.promise.then(() => { window.__mathTypesetAt = performance.now(); });
    } else if (document.readyState !== "complete" || window.MathJax) {
      setTimeout(watch, 1);
    }
  };
  watch();
})();
"""

READY = """async () => {
  const startup = window.MathJax && window.MathJax.startup;
  if (startup) {
    while (!startup.promise) await new Promise((resolve) => setTimeout(resolve, 1));
    await startup.promise;
    while (window.__mathTypesetAt === undefined) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const navigation = performance.getEntriesByType("navigation")[0];
  return Math.max(navigation.loadEventEnd, window.__mathTypesetAt || 0);
}"""


class Row(NamedTuple):
    """One page's line of the table."""

    name: str
    size: int  # bytes loaded
    loads: list  # ms to ready, one per timed load, in ascending order
    engine: bool  # a math engine loaded
    has_math: bool

    @property
    def ready(self):
        return statistics.median(self.loads)


def built_pages():
    pages = sorted(path.name for path in HTML.glob("*.html"))
    if "index.html" not in pages:
        sys.exit("No built site in _build/html: run `make html` first.")
    return pages


def file_of(url):
    """The file on disk a file:// URL names (its ?digest= query left out), or None."""
    parts = urlsplit(url)
    return Path(unquote(parts.path)) if parts.scheme == "file" else None


def files_loaded(browser, name):
    """One cold load of one page, every request routed: (the files it loaded, network URLs refused)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    files = set()
    refused = []

    def route(route):
        path = file_of(route.request.url)
        if path is not None:
            files.add(path)
            route.continue_()
        elif route.request.url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.goto((HTML / name).as_uri(), wait_until="load")
    page.evaluate(READY)
    context.close()
    return files, refused


def time_to_ready(browser, name):
    """One cold load of one page, offline and not intercepted: ms from navigation start to ready."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    context.add_init_script(WATCH_MATH)
    page = context.new_page()
    page.goto((HTML / name).as_uri(), wait_until="load")
    ready = page.evaluate(READY)
    context.close()
    return ready


def weight(browser, name):
    """A page's weight: (bytes loaded, math engine loaded?)."""
    files, refused = files_loaded(browser, name)
    if refused:
        print(f"  warning: {name} asked the network for {refused}", file=sys.stderr)
    size = sum(path.stat().st_size for path in files if path.is_file())
    math = any(engine in path.name.lower() for path in files for engine in MATH_ENGINES)
    return size, math


def load_times(browser, names):
    """Each page's RUNS times to ready (ms), taken in rounds over all pages.

    Rounds rather than a page's loads back to back: this machine slows down for seconds at a
    time, and a slow spell then costs each page one load of its three, not one page all three.
    """
    times = {name: [] for name in names}
    for _ in range(RUNS):
        for name in names:
            times[name].append(time_to_ready(browser, name))
    return times


def main():
    from playwright.sync_api import sync_playwright

    global HTML
    if len(sys.argv) > 1:
        HTML = Path(sys.argv[1]).resolve()

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        names = built_pages()
        times = load_times(browser, names)
        for name in names:
            size, engine = weight(browser, name)
            has_math = (HTML / name).read_text(encoding="utf-8").count('class="math') > 0
            rows.append(Row(name, size, sorted(times[name]), engine, has_math))
        browser.close()

    print(f"\nEach page opened offline in Chromium, {RUNS} cold loads, median:\n")
    print("| page | KB loaded | ms to ready | its loads (ms) | has math | loads a math engine |")
    print("|---|---:|---:|---|---|---|")
    for row in rows:
        print(f"| {row.name} | {row.size / 1000:.0f} | {row.ready:.0f} | {' '.join(f'{load:.0f}' for load in row.loads)} "
              f"| {'yes' if row.has_math else 'no'} | {'yes' if row.engine else 'no'} |")
    heavy = [row.name for row in rows if row.size > MAX_BYTES]
    slow = [row.name for row in rows if row.ready > MAX_READY_MS]
    engine_without_math = [row.name for row in rows if row.engine and not row.has_math]
    print(f"\nlargest: {max(row.size for row in rows) / 1000:.0f} KB; slowest: {max(row.ready for row in rows):.0f} ms")
    print(f"every page <= {MAX_BYTES // 1000} KB: {'met' if not heavy else 'NOT met: ' + ', '.join(heavy)}")
    print(f"every page ready <= {MAX_READY_MS} ms: {'met' if not slow else 'NOT met: ' + ', '.join(slow)}")
    print("no math engine without math: "
          f"{'met' if not engine_without_math else 'NOT met: ' + ', '.join(engine_without_math)}")


if __name__ == "__main__":
    main()
