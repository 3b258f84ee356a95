"""A headless system Chromium, and tabs that refuse the network and wait for the state they check.

A page is "ready" here when what a reader would see has stopped changing, not after a fixed delay:
the load event, MathJax's typesetting, the web fonts, the theme's colour mode, and every CSS
transition or animation that was running. The last one is the flake of issue 25: the theme's
first paint has `data-theme="auto"`, which matches none of its palettes, so its buttons start in
the browser's default black; its script then sets `dark`, and Bootstrap's `.btn` fades the colour
for 0.15 s. axe, run inside those 0.15 s, read black text on the dark background (1.12:1).

Every tab plays CSS transitions and animations 100 times faster (the Chrome DevTools Protocol's
Animation.setPlaybackRate, DevTools' own animation speed control). They still run, from the same
start to the same end, and the waits above still wait for them to finish: only the ~0.3 s a colour
switch spends fading, which no check looks at, is not spent on every visit.
"""

import os
import shutil

from tests.helpers import HTML, require, require_module

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
ANIMATION_SPEED = 100
PHONE = {"width": 360, "height": 780}

# Resolves once everything a reader sees has settled (see the module docstring). Animations that
# never end (a spinner) are not waited for. Each round reads the animations' state afresh, which
# also catches transitions that a finished one starts; their `finished` promises are not relied on:
# Chromium can leave one unresolved after the transition has ended (seen on the copy buttons after
# a colour-mode switch). A page still animating after 10 s fails, naming what is moving.
SETTLE = """async (theme) => {
  if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
    await window.MathJax.startup.promise;
  }
  await document.fonts.ready;
  const finite = (animation) => {
    const timing = animation.effect && animation.effect.getComputedTiming();
    return !timing || Number.isFinite(timing.endTime);
  };
  const started = performance.now();
  for (;;) {
    const running = document.getAnimations().filter(a => a.playState === "running" && finite(a));
    if (running.length === 0) break;
    if (performance.now() - started > 10000) {
      const what = running.map(a => `${a.animationName || a.transitionProperty} on .${a.effect.target.className}`);
      throw new Error(`still animating after 10 s: ${what.join(", ")}`);
    }
    await new Promise(resolve => setTimeout(resolve, 16));
  }
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return document.documentElement.dataset.theme;
}"""


def chromium_path():
    """The system Chromium, or the one named by $LSTM_EXPLAINED_CHROMIUM."""
    return os.environ.get("LSTM_EXPLAINED_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def launch_browser(playwright):
    """Chromium with the flags this machine needs; a clear failure (on CI) when there is none."""
    try:
        return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    except Exception as error:  # noqa: BLE001 - Playwright raises its own Error for a missing browser
        require(False, "Chromium", f"install it with 'apt-get install chromium' (.ci/run does, as root): {error}")


def sync_api():
    return require_module("playwright.sync_api", "it is in the [test] extra: run 'make install'")


class OfflinePage:
    """A browser tab that refuses the network and records what it tried and what went wrong.

    ``mode`` is the colour scheme the browser reports ("light" or "dark"): the theme follows it,
    as it does for a reader whose system is set so. ``phone`` opens a 360 px mobile viewport.
    """

    def __init__(self, browser, mode="light", phone=False):
        if phone:
            options = {"viewport": PHONE, "is_mobile": True, "has_touch": True}
        else:
            options = {"viewport": DESKTOP}
        self.mode = mode
        self.context = browser.new_context(color_scheme=mode, **options)
        # Every wait is for a state; this is only how long a broken page may take to say so.
        self.context.set_default_timeout(30_000)
        self.page = self.context.new_page()
        devtools = self.context.new_cdp_session(self.page)
        devtools.send("Animation.enable")
        devtools.send("Animation.setPlaybackRate", {"playbackRate": ANIMATION_SPEED})
        self.requested = []  # every URL the page asked for, local or not
        self.network_requests = []  # the ones refused: anything not file:, data:, blob: or about:
        self.console_errors = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        self.page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))

    def _route(self, route):
        url = route.request.url
        self.requested.append(url)
        if url.startswith(("file://", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.network_requests.append(url)
            route.abort()

    def open(self, path, query=""):
        """Open a built file and return the page once it has settled in this tab's colour mode."""
        self.page.goto(path.as_uri() + query, wait_until="load")
        return self.settle()

    def open_next(self, path, mode):
        """Open another built file in this tab, as a reader following a link, with the browser set
        to ``mode`` first; what the tab recorded (requests, errors) starts again with it."""
        self.requested.clear()
        self.network_requests.clear()
        self.console_errors.clear()
        if mode != self.mode:
            self.page.emulate_media(color_scheme=mode)
            self.mode = mode
        return self.open(path)

    def settle(self):
        """Wait until the theme shows this tab's mode and nothing on the page is still changing."""
        if self.page.evaluate("() => !!document.querySelector('html[data-theme]')"):
            self.page.wait_for_function("mode => document.documentElement.dataset.theme === mode", arg=self.mode)
        self.page.evaluate(SETTLE, self.mode)
        return self.page

    def switch_mode(self, mode):
        """Switch the browser's colour scheme, as a reader's system does, and wait for the page to follow."""
        self.page.emulate_media(color_scheme=mode)
        self.mode = mode
        return self.settle()

    def assert_clean(self, what):
        assert self.network_requests == [], f"{what} asked the network for {self.network_requests}"
        assert self.console_errors == [], f"{what} logged console errors: {self.console_errors}"

    def close(self):
        self.context.close()


def module_page(browser, name):
    """A built page open in an offline tab for a module's tests (a generator for a module fixture).

    Yields ``(tab, page)``; after the module's tests, the page must have asked the network for
    nothing and logged no error.
    """
    tab = OfflinePage(browser)
    page = tab.open(HTML / f"{name}.html")
    yield tab, page
    tab.assert_clean(f"{name}.html")
    tab.close()


# The browser's summary explainer, as the summary page's box calls it: its {text, json} or its error.
EXPLAIN = """text => {
  try { return {result: window.lstmExplainSummary(text)}; }
  catch (error) { return {error: error.message}; }
}"""


def assert_explained_alike(page, corpus):
    """Every text of ``corpus`` (name -> text) gets the package's explanation in the browser too."""
    import json

    from lstm_explained import explain_summary

    for name, text in corpus.items():
        shown = page.evaluate(EXPLAIN, text)
        assert "error" not in shown, (name, shown)
        report = explain_summary(text)
        assert shown["result"]["text"] == str(report), name
        assert shown["result"]["json"] == json.loads(json.dumps(report.to_dict())), name


def assert_refused_alike(page, text):
    """The browser refuses ``text`` with the package's one-line message; returns the message."""
    from lstm_explained import explain_summary

    try:
        explain_summary(text)
    except ValueError as raised:
        message = str(raised)
    else:
        raise AssertionError(f"the package explained {text[:60]!r}")
    assert page.evaluate(EXPLAIN, text) == {"error": message}
    return message
