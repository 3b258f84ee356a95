"""Every built page, opened from file:// with the network blocked: it renders completely, it has
no serious accessibility violation in either colour mode, on a desktop or a phone screen, and it is
never wider than a phone.

Each page is visited once per colour mode and screen width (tests/support/audit.py); the tests
below read what that visit found. axe-core is the engine browsers' own accessibility audits use;
`axe-playwright-python` bundles a copy, so the check runs offline. Minor and moderate findings are
not failed on here; serious and critical ones (contrast, missing names, broken ARIA) are.
"""

import page_scripts  # docs/_ext, on sys.path from the root conftest.py
import pytest

from tests.helpers import BUILT_PAGES, HTML

PHONE_WIDTH = 360
SCREENS = {"desktop": False, "phone": True}


def file_names(found):
    """The names of the files a visit asked for (no folder, no ?digest= query)."""
    return {url.split("?")[0].rsplit("/", 1)[-1] for url in found["requested"]}


def test_the_site_was_built():
    assert "index.html" in BUILT_PAGES and len(BUILT_PAGES) >= 10, "build the site first: make html"


@pytest.mark.parametrize("name", BUILT_PAGES)
def test_page_renders_offline(page_audit, name):
    found = page_audit(HTML / name)
    assert found["network_requests"] == [], f"{name} asked the network for {found['network_requests']}"
    assert found["console_errors"] == [], f"{name} logged console errors: {found['console_errors']}"
    # Only files of its own site: so the same files, unzipped anywhere (tests/browser/test_dist.py), load alike.
    outside = [url for url in found["requested"] if url.startswith("file:") and not url.startswith(HTML.as_uri() + "/")]
    assert outside == [], f"{name} asked for files outside the site: {outside}"
    # Every visit asks for every file again (the audit's tab goes from page to page, and a cached file
    # would be missing from what the checks below read).
    assert {name.rsplit("/", 1)[-1], "pydata-sphinx-theme.css", "bootstrap.js"} <= file_names(found), f"{name}: files not asked for"
    assert found["converted"] == found["math"], f"{name}: math not converted to MathML"
    assert found["math_errors"] == 0, f"{name}: a MathML error"
    assert found["broken_images"] == [], f"{name}: images that did not load: {found['broken_images']}"
    if found["code_blocks"]:
        # Pygments' classes are styled by the local stylesheet: keywords are coloured, not black.
        assert found["keyword_color"] not in ("rgb(0, 0, 0)", "rgb(33, 37, 41)"), f"{name}: code is not highlighted"
        assert found["copy_buttons"] > 0, f"{name}: no copy buttons"


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("name", BUILT_PAGES)
def test_no_serious_accessibility_violations(page_audit, name, mode, screen):
    found = page_audit(HTML / name, mode, phone=SCREENS[screen])
    assert found["theme"] == mode
    assert not found["serious"], f"{name} ({mode} mode, {screen}):\n" + "\n".join(found["serious"])
    # Code's and formulas' contrast, token by token (axe's contrast rule leaves them to this: tests/support/audit.py).
    low = found["token_contrast"]["low"]
    assert low == [], f"{name} ({mode} mode, {screen}): code or math below 4.5:1: {low}"
    assert found["token_contrast"]["checked"] >= found["code_blocks"] + found["math"]


@pytest.mark.parametrize("name", BUILT_PAGES)
def test_no_page_loads_font_awesome_or_a_math_engine(page_audit, name):
    """Math is MathML written at build time and the icons are one small stylesheet (issue 24)."""
    found = page_audit(HTML / name)
    heavy = [url for url in found["requested"] if any(word in url.lower() for word in ("fontawesome.js", "mathjax", "tex-svg"))]
    assert heavy == [], f"{name} loaded {heavy}"
    # Sphinx's search index and tools load on the search page only (the theme's search-as-you-type
    # is off), sphinx-design's files only where its components are (docs/_templates, docs/_ext/page_scripts.py).
    files = file_names(found)
    html = (HTML / name).read_text(encoding="utf-8")
    search_files = files & {"searchindex.js", "searchtools.js", "language_data.js"}
    if name == "search.html":
        assert search_files == {"searchindex.js", "searchtools.js", "language_data.js"}, search_files
    else:
        assert search_files == set(), f"{name} loaded {search_files}"
    design_files = files & {"sphinx-design.min.css", "design-tabs.js"}
    uses_design = page_scripts.uses_sphinx_design(html)
    assert bool(design_files) == uses_design, f"{name}: sphinx-design files {design_files}, components: {uses_design}"
    assert found["blank_icons"] == [], f"{name}: icons not drawn: {found['blank_icons']}"
    # Every icon is a mask (docs/_ext/icons.py), admonition titles' too: no page downloads Font
    # Awesome's web font (115 KB), or any other font.
    fonts = [file for file in files if file.endswith((".woff2", ".woff", ".ttf", ".otf"))]
    assert fonts == [], f"{name} loaded {fonts}"


@pytest.mark.parametrize("phone", [False, True], ids=["wide", "phone"])
@pytest.mark.parametrize("name", BUILT_PAGES)
def test_no_rule_left_out_of_the_theme_css_would_apply(page_audit, name, phone):
    """The theme's stylesheets keep only what the site can match (docs/_ext/theme_css.py): no
    selector they dropped matches anything on the page as it loads, at either width."""
    purged = page_audit(HTML / name, "light" if phone else "dark", phone=phone)["purged_selectors"]
    assert purged["unparsed"] == [], f"the check cannot read {purged['unparsed'][:5]}"
    assert purged["matching"] == [], f"{name}: left out, yet they match: {purged['matching'][:10]}"


@pytest.mark.parametrize("name", BUILT_PAGES)
def test_tables_scroll_focusably_and_footer_titles_are_whole_on_a_phone(page_audit, name):
    found = page_audit(HTML / name, phone=True)
    assert found["unreachable_tables"] == [], f"{name}: tables that scroll but cannot take focus: {found['unreachable_tables']}"
    assert found["cut_math"] == 0, f"{name}: {found['cut_math']} formulas start left of their box"
    assert found["clipped_titles"] == [], f"{name}: footer titles cut: {found['clipped_titles']}"
    assert not found["empty_header"], f"{name}: an empty header bar ({found['empty_header']} px)"


@pytest.mark.parametrize("name", BUILT_PAGES)
def test_page_fits_a_phone_screen(page_audit, name):
    """Wide code, outputs and tables scroll inside their own box: a page that scrolls sideways as a
    whole hides its text's right edge on every line."""
    found = page_audit(HTML / name, phone=True)
    assert found["scroll_width"] <= PHONE_WIDTH, (
        f"{name} is {found['scroll_width']} px wide on a {PHONE_WIDTH} px screen: {found['overflowing']}"
    )


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_token_contrast_check_catches_faint_code_math_and_drawing_labels(offline, mode):
    from tests.support.audit import TOKEN_CONTRAST

    page = offline(mode).page
    page.set_content(
        "<div class='highlight' style='background: rgba(0, 0, 0, 0.8)'><pre>"
        "<span style='color: #222'>faint</span> <span style='color: #fff'>clear</span>\n"
        "<span style='background: #ffd'><span style='color: #aaa'>on a marked line</span></span></pre></div>"
        "<p style='background: #fff'><math><mi style='color: #bbb'>h</mi><mo>=</mo><mn>4</mn></math></p>"
        # SVG text is painted with its fill (a CSS colour of black changes nothing), over the shapes below it.
        "<svg width='300' height='60' style='color: #000'>"
        "<rect x='0' y='0' width='100' height='60' style='fill: color-mix(in srgb, #123 50%, #fff)'/>"
        "<text x='10' y='35' style='fill: #3d5566'>on a box</text>"
        "<text x='110' y='35' style='fill: #d9731a'>orange</text>"
        "<text x='210' y='35' style='fill: #222'>dark</text></svg>"
    )
    found = page.evaluate(TOKEN_CONTRAST)
    assert found["checked"] == 9
    assert [line.split(" (")[0] for line in found["low"]] == [
        "span: rgb(34, 34, 34) on rgb(51,51,51)", "span: rgb(170, 170, 170) on rgb(255,255,221)",
        "mi: rgb(187, 187, 187) on rgb(255,255,255)",
        'svg text. "on a box": rgb(61, 85, 102) on rgb(136,145,153)',
        'svg text. "orange": rgb(217, 115, 26) on rgb(255,255,255)',
    ]


def test_the_second_mode_checks_what_only_that_mode_shows(browser, tmp_path):
    """A visit's second colour mode reruns axe's colour rules, and every rule on what the switch showed."""
    from tests.support.audit import PageAudit

    page = tmp_path / "modes.html"
    page.write_text(
        "<!doctype html><html lang='en'><head><title>Modes</title><style>"
        ".dark-only { display: none } @media (prefers-color-scheme: dark) {"
        " body { background: #000; color: #eee } .dark-only { display: inline } .faint { color: #333 } }"
        "</style></head><body><main><h1>Modes</h1><p class='faint'>Faint in dark mode only.</p>"
        "<button class='dark-only'></button></main></body></html>",
        encoding="utf-8",
    )
    audit = PageAudit(browser)
    assert audit(page, "light", phone=True)["serious"] == []  # a phone visit opens in light, then switches
    dark = audit(page, "dark", phone=True)
    audit.close()
    assert dark["visibility_changed"] >= 1
    assert [line.split(" (")[0] for line in dark["serious"] if not line.startswith(" ")] == ["color-contrast", "button-name"], dark["serious"]


def test_axe_leaves_only_the_contrast_of_code_math_and_drawings_to_the_token_check(browser, tmp_path):
    """One axe run: faint text outside code is axe's to find, faint code is TOKEN_CONTRAST's, and
    every other rule (a nameless button) still runs inside code blocks."""
    from tests.support.audit import PageAudit

    page = tmp_path / "tokens.html"
    page.write_text(
        "<!doctype html><html lang='en'><head><title>Tokens</title></head><body><main><h1>Tokens</h1>"
        "<p style='color: #ccc'>Faint prose.</p>"
        "<div class='highlight'><pre><span style='color: #ddd'>faint_code</span><button></button></pre></div>"
        "</main></body></html>",
        encoding="utf-8",
    )
    audit = PageAudit(browser)
    found = audit(page, "dark")
    audit.close()
    by_rule = {violation.split(" (")[0]: violation.splitlines()[1:] for violation in found["serious"]}
    assert set(by_rule) == {"color-contrast", "button-name"}, found["serious"]
    assert [line.split(":")[0].strip() for line in by_rule["color-contrast"]] == ["p"]
    assert [line.split(":")[0].strip() for line in by_rule["button-name"]] == ["button"]
    assert [line.split(":")[0] for line in found["token_contrast"]["low"]] == ["span"]


def test_the_phone_check_catches_a_wide_page(offline):
    page = offline(phone=True).page
    page.set_content(f"<body style='margin:0'><div style='width:{PHONE_WIDTH + 40}px'>wide</div></body>")
    assert page.evaluate("() => document.documentElement.scrollWidth") > PHONE_WIDTH
