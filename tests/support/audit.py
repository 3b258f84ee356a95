"""One visit per built page and screen width, both colour modes read in it, every check read there.

Opening a page and running axe over it are the slow part of the browser tier; the tests of
``tests/browser/test_every_page.py`` read what one visit found instead of opening the page again
for each question they ask. A visit opens the page in one colour mode, checks it, switches the
browser's colour scheme and checks it again once the theme has followed and settled: the desktop
visit opens in dark and the phone visit in light, so each page's first paint is seen in both modes.
Each width has one tab that goes from page to page, as a reader following links does: every visit
is a fresh load of its page (with request interception on, Chromium caches no file, so each is
asked for again and recorded), and only the tab and its renderer process carry over, which spares
a new browser context per visit and, as V8 keeps what it compiled, most of axe's compile time.

axe runs every rule on every element, in one run per colour mode, with one exception: the colour
contrast of code, math and SVG drawings (LEAVE_TOKENS_TO_TOKEN_CONTRAST). Pygments wraps every token of code in a span (thousands on a source page), the build
writes every symbol of a formula as a MathML element (hundreds on the states page), and axe's
contrast rule costs one to three milliseconds per element; inside code blocks and formulas the
contrast is computed here instead, for every token, from the same computed colours
(TOKEN_CONTRAST), which takes a few milliseconds per page. Their colours are the page's own,
inherited or set per class, over the backgrounds of the boxes they sit in, which is all a walk up
the tree has to read. SVG text is painted with its fill, which axe does not read (it compares the
CSS colour with the page), so a drawing's labels are checked here against the shapes beneath them. In the
second colour mode of a visit the document is the same, so axe runs there the rules that colours
can change, and every rule on whatever the mode switch showed or hid (AXE_IN_THE_OTHER_MODE).
"""

from page_scripts import needs_diagram_script  # docs/_ext, on sys.path from the root conftest.py

from tests.helpers import HTML, require_module
from tests.support.browser import OfflinePage
from tests.support.theme_css import dropped_selectors

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
      .map(i => i.className)
      // An admonition title's icon is its ::after (docs/_ext/icons.py): a mask, a box to paint it in, no glyph.
      .concat([...document.querySelectorAll('.admonition > .admonition-title')]
        .filter(title => title.getClientRects().length)
        .filter(title => {
          const icon = getComputedStyle(title, '::after');
          return !icon.maskImage.startsWith('url(') || parseFloat(icon.width) < 4 || icon.content !== '""';
        })
        .map(title => `${title.parentElement.className} > admonition-title::after`)),
    // Cell diagrams at their rendered size: the smallest label (font size times the SVG's scale), and
    // the frames that scroll a diagram too wide for the screen (keyboard-reachable, with a hint).
    smallest_label: (() => {
      const sizes = [...document.querySelectorAll('svg.lstm-cell text, svg.lstm-cell tspan')]
        .filter((text) => text.textContent.trim() && text.getClientRects().length)
        .map((text) => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a);
      return sizes.length ? Math.min(...sizes) : null;
    })(),
    unhinted_diagram_frames: [...document.querySelectorAll('.diagram-frame.diagram-scrolls')]
      .filter(frame => frame.getAttribute('tabindex') !== '0' || !frame.previousElementSibling ||
                       !frame.previousElementSibling.classList.contains('diagram-hint') || frame.previousElementSibling.hidden)
      .length,
    // Tables drawn as blocks are wider than their columns: an empty bordered strip on a wide screen.
    block_tables: [...document.querySelectorAll('.bd-article table')]
      .filter(t => getComputedStyle(t).display !== 'table').map(t => t.className),
    shown_diagram_hints: [...document.querySelectorAll('.diagram-hint')].filter(h => h.checkVisibility()).length,
    // Each cell diagram as a reader meets it: its labels, its name and description, the frame it is
    // drawn in, and the colour of its labels against what is behind them.
    diagrams: [...document.querySelectorAll('svg.lstm-cell')].map((svg) => {
      const frame = svg.parentElement.getBoundingClientRect();
      const box = svg.getBoundingClientRect();
      const label = svg.querySelector('text');
      let backdrop = 'rgb(255, 255, 255)';
      for (let node = svg; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') { backdrop = colour; break; }
      }
      const title = document.getElementById((svg.getAttribute('aria-labelledby') || '').split(' ')[0]);
      const description = svg.querySelector('desc');
      return {
        texts: [...svg.querySelectorAll('text')].map(t => t.textContent),
        shown: svg.checkVisibility({visibilityProperty: true}) && box.width > 0 && box.height > 0,
        name: title ? title.textContent : null,
        description_words: description ? description.textContent.split(/\\s+/).filter(Boolean).length : 0,
        frame: {x: frame.x, width: frame.width},
        label_fill: label ? getComputedStyle(label).fill : null,
        backdrop,
      };
    }),
    // The elements that stick out, so a failure says what to fix rather than only by how much.
    overflowing: [...document.querySelectorAll('body *')]
      .filter(element => element.getBoundingClientRect().right > screen + 1 && !clipped(element))
      .slice(0, 5)
      .map(element => `${element.tagName.toLowerCase()}.${element.className} ` +
                      `(right edge at ${Math.round(element.getBoundingClientRect().right)} px)`),
  };
}"""


# The elements whose colour contrast TOKEN_CONTRAST checks instead of axe: code blocks, formulas and
# SVG drawings (the cell diagrams and the plots of the watch page).
TOKENS = ["div.highlight", "math", "svg"]

# WCAG's contrast ratio for every text-bearing element inside a code block or a formula: its
# computed colour over the first opaque background behind it (semi-transparent ones blended on the
# way); and for every text of an SVG drawing, what it is painted with (its fill, not its CSS colour,
# which is all axe reads) over the shapes painted before it under its middle, over the page's
# background. Returns the distinct (colour, background) pairs under 4.5:1, as axe's color-contrast
# would report them.
TOKEN_CONTRAST = """() => {
  // Computed colours come as rgb()/rgba() (0-255), or as color(srgb ...) (0-1) from color-mix().
  const rgba = (value) => {
    const parts = value.match(/[\\d.]+/g).map(Number);
    const scale = value.startsWith('color(srgb') ? 255 : 1;
    return [parts[0] * scale, parts[1] * scale, parts[2] * scale, parts.length > 3 ? parts[3] : 1];
  };
  const over = (top, bottom) => top.slice(0, 3).map((c, i) => c * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const background = (element) => {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reduceRight((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = (colour) => {
    const [r, g, b] = colour.slice(0, 3).map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const shown = (element) => element.checkVisibility({visibilityProperty: true, opacityProperty: true});
  // An SVG element's paint (fill), its own and its groups' opacity folded in; null if not a colour.
  const paint = (element, svg) => {
    const style = getComputedStyle(element);
    if (!style.fill.startsWith('rgb') && !style.fill.startsWith('color(')) return null;
    const colour = rgba(style.fill);
    colour[3] *= parseFloat(style.fillOpacity);
    for (let node = element; node && node !== svg.parentElement; node = node.parentElement) {
      colour[3] *= parseFloat(getComputedStyle(node).opacity);
    }
    return colour;
  };
  const low = new Map();
  let checked = 0;
  const check = (what, fore, back) => {
    checked += 1;
    const [light, dark] = [luminance(over(fore, back)), luminance(back)].sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < 4.5) {
      const key = `${what} on rgb(${back.slice(0, 3).map(Math.round)})`;
      low.set(key, Math.min(ratio, low.get(key) || Infinity));
    }
  };
  for (const element of document.querySelectorAll('div.highlight pre, div.highlight pre *, math, math *')) {
    const ownText = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!ownText || !element.getClientRects().length) continue;
    const colour = getComputedStyle(element).color;
    check(`${element.className || element.tagName.toLowerCase()}: ${colour}`, rgba(colour), background(element));
  }
  for (const text of document.querySelectorAll('svg text')) {
    if (!text.textContent.trim() || !text.getClientRects().length || !shown(text)) continue;
    const svg = text.ownerSVGElement;
    const what = `svg text.${text.getAttribute('class') || ''} "${text.textContent.trim().slice(0, 12)}": ${getComputedStyle(text).fill}`;
    const fore = paint(text, svg);
    if (!fore) { low.set(`${what} (not a colour)`, 0); checked += 1; continue; }
    const box = text.getBBox();
    const middle = new DOMPoint(box.x + box.width / 2, box.y + box.height / 2).matrixTransform(text.getScreenCTM());
    let back = background(svg);
    for (const shape of svg.querySelectorAll('rect, circle, ellipse, path, polygon')) {
      if (shape.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_PRECEDING) break;  // painted above
      if (!shown(shape) || !shape.isPointInFill(middle.matrixTransform(shape.getScreenCTM().inverse()))) continue;
      const fill = paint(shape, svg);
      if (fill) back = over(fill, back);
    }
    check(what, fore, back);
  }
  return {checked, low: [...low].map(([what, ratio]) => `${what} (${ratio.toFixed(2)}:1)`)};
}"""

# axe's colour-contrast rule told to leave code blocks, formulas and drawings to TOKEN_CONTRAST:
# its own test of which elements it applies to (its `matches`), with "not inside one of them" put in
# front. Every other rule runs everywhere. (A rule can only be narrowed this way, through axe's
# configure; the rule object itself is axe's internal `_audit`, so a missing rule fails loudly.)
LEAVE_TOKENS_TO_TOKEN_CONTRAST = f"""() => {{
  if (window.__contrastLeavesTokens) return;
  const contrast = axe._audit.rules.find((rule) => rule.id === 'color-contrast');
  if (!contrast) throw new Error('axe has no color-contrast rule');
  const applies = contrast.matches;
  const tokens = {", ".join(TOKENS)!r};
  axe.configure({{rules: [{{id: 'color-contrast',
    matches: (node, virtualNode, context) => !node.closest(tokens) && applies(node, virtualNode, context)}}]}});
  window.__contrastLeavesTokens = true;
}}"""

# Every rule on the whole page, in one run. Only violations are gathered (axe-core's advice for
# speed). `preload: false`: axe would fetch the stylesheets again itself, which Chromium refuses
# from file:// (logging a CORS error the page never made), so it learns nothing from them here
# anyway. It also notes which elements are shown, for the second colour mode (AXE_IN_THE_OTHER_MODE).
SHOWN = """() => [...document.querySelectorAll('body *')].filter(
  (element) => element.checkVisibility({visibilityProperty: true, opacityProperty: true}))"""

AXE_OPTIONS = "{resultTypes: ['violations'], preload: false}"

AXE_EVERY_RULE = f"""async () => {{
  ({LEAVE_TOKENS_TO_TOKEN_CONTRAST})();
  const violations = (await axe.run(document, {AXE_OPTIONS})).violations;
  window.__shownInFirstMode = new Set(({SHOWN})());
  return violations;
}}"""

# The same page in the other colour mode: the document is the same, only the theme's colours (and
# what it shows per mode) changed. So axe runs its colour rules (its `cat.color` tag) over the page
# again, and every other rule over the elements whose visibility changed with the mode (a logo or
# an icon drawn for one mode only). A rule about names, roles or structure has nothing else new to
# find; TOKEN_CONTRAST checks the tokens' colours in both modes.
AXE_IN_THE_OTHER_MODE = f"""async () => {{
  ({LEAVE_TOKENS_TO_TOKEN_CONTRAST})();
  const options = {AXE_OPTIONS};
  const colour = new Set(axe.getRules(['cat.color']).map((rule) => rule.ruleId));
  const off = (ids) => Object.fromEntries([...ids].map((id) => [id, {{enabled: false}}]));
  const others = axe.getRules().map((rule) => rule.ruleId).filter((id) => !colour.has(id));
  const violations = (await axe.run(document, {{...options, rules: off(others)}})).violations;
  const before = window.__shownInFirstMode;
  const now = ({SHOWN})();
  const shownNow = new Set(now);
  const changed = now.filter((element) => !before.has(element))
    .concat([...before].filter((element) => !shownNow.has(element) && element.isConnected));
  if (changed.length) {{
    violations.push(...(await axe.run({{include: changed}}, {{...options, rules: off(colour)}})).violations);
  }}
  return {{violations, changed: changed.length}};
}}"""


# Which of the selectors the theme's stylesheet purge dropped (tests/support/theme_css.py) match an
# element of the page, and which the browser cannot parse (the check would be blind to those).
PURGED_MATCHING = """(selectors) => {
  const matching = [], unparsed = [];
  for (const selector of selectors) {
    try {
      if (document.querySelector(selector)) matching.push(selector);
    } catch (error) {
      unparsed.push(selector);
    }
  }
  return {matching, unparsed};
}"""


def _stem(path):
    """A built page's name for a screenshot file: ``_modules/x.html`` -> ``_modules-x``."""
    return path.relative_to(HTML).as_posix().removesuffix(".html").replace("/", "-")


def describe(violation):
    """One axe violation as a line per offending element: rule, impact, where, and axe's summary."""
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"][:5]:
        summary = (node.get("failureSummary") or "").replace("\n", " ")
        lines.append(f"    {' '.join(node['target'])}: {summary[:200]}")
    return "\n".join(lines)


class PageAudit:
    """Visits pages on demand and remembers what each visit found, for the whole test session.

    ``screenshots``: a folder where each phone visit of a page that shows a cell diagram (or of the
    calculator) leaves a full-page picture per colour mode, ``phone-<page>-<mode>.png``, and every
    visit of a page with a diagram a picture of its first one, ``diagram-<page>-<width>-<mode>.png``.
    """

    MODES = ("light", "dark")

    def __init__(self, browser, screenshots=None):
        self.browser = browser
        self.axe_script = require_module("axe_playwright_python.sync_playwright", "it is in the [test] extra: run 'make install'").Axe().axe_script
        self.screenshots = screenshots
        self.found = {}
        self.tabs = {}  # phone? -> the one tab that visits every page at that width

    def __call__(self, path, mode="light", phone=False):
        key = (path, phone)
        if key not in self.found:
            self.found[key] = self._visit(path, phone)
        return self.found[key][mode]

    def _visit(self, path, phone):
        first, second = ("light", "dark") if phone else ("dark", "light")
        if phone not in self.tabs:
            self.tabs[phone] = OfflinePage(self.browser, first, phone=phone)
        tab = self.tabs[phone]
        page = tab.open_next(path, first)
        found = {first: self._read(tab, page, path, phone, first_mode=True)}
        tab.switch_mode(second)
        found[second] = self._read(tab, page, path, phone, first_mode=False)
        return found

    def close(self):
        for tab in self.tabs.values():
            tab.close()
        self.tabs.clear()

    def _read(self, tab, page, path, phone, first_mode):
        findings = page.evaluate(FINDINGS)
        findings["requested"] = list(tab.requested)
        findings["network_requests"] = list(tab.network_requests)
        findings["console_errors"] = list(tab.console_errors)
        if page.evaluate("() => typeof window.axe === 'undefined'"):
            page.evaluate(self.axe_script)
        if first_mode:
            findings["purged_selectors"] = page.evaluate(PURGED_MATCHING, dropped_selectors())
            violations = page.evaluate(AXE_EVERY_RULE)
        else:
            other = page.evaluate(AXE_IN_THE_OTHER_MODE)
            violations, findings["visibility_changed"] = other["violations"], other["changed"]
        findings["serious"] = [describe(v) for v in violations if v["impact"] in FAILING_IMPACTS]
        findings["token_contrast"] = page.evaluate(TOKEN_CONTRAST)
        # The accessible name Chromium computes for each diagram finds it as an image.
        findings["diagram_images_named"] = [page.get_by_role("img", name=d["name"]).count() for d in findings["diagrams"] if d["name"]]
        if findings["diagrams"] and self.screenshots:
            self.screenshots.mkdir(parents=True, exist_ok=True)
            width = tab.page.viewport_size["width"]
            page.locator("svg.lstm-cell").first.screenshot(path=str(self.screenshots / f"diagram-{_stem(path)}-{width}-{tab.mode}.png"))
            page.evaluate("() => window.scrollTo(0, 0)")
        if phone and self.screenshots and needs_diagram_script(path.read_text(encoding="utf-8")):
            self.screenshots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(self.screenshots / f"phone-{_stem(path)}-{tab.mode}.png"), full_page=True)
        return findings
