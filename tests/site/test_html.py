"""Checks on the built HTML: what a reader sees is computed, clean and complete."""

import re

import pytest
from bs4 import BeautifulSoup

from tests.helpers import ANSI_ESCAPE, DOCS, HTML, LOG_NOISE, PAGES, built_page


def soup(page):
    return BeautifulSoup(built_page(page), "html.parser")


def cell_outputs(page):
    return [div.get_text() for div in soup(page).select("div.cell_output")]


def test_seed_numbers_are_cell_outputs_on_the_question_page():
    outputs = cell_outputs("question")
    summary = next(text for text in outputs if "Total params" in text)
    assert re.search(r"lstm \(LSTM\)\s*│\s*\(None, 2\)\s*│\s*56\s*│", summary)
    assert re.search(r"dense \(Dense\)\s*│\s*\(None, 1\)\s*│\s*3\s*│", summary)
    assert re.search(r"Total params: 59 \(", summary)
    assert "[(4, 8), (2, 8), (8,)]" in [text.strip() for text in outputs]
    assert any("NameError: name 'x' is not defined" in text for text in outputs)


def test_glued_prose_is_filled_in():
    text = soup("question").get_text()
    assert re.search(r"The LSTM has 56 parameters, the Dense layer\s+3, the model 59", text)
    assert re.search(r"The kernel is \(4, 8\), the recurrent kernel\s+\(2, 8\) and the bias \(8,\)", text)


@pytest.mark.parametrize("page", PAGES)
def test_no_escape_codes_or_log_noise(page):
    html = built_page(page)
    text = BeautifulSoup(html, "html.parser").get_text()
    assert "\x1b" not in html, f"raw escape character in {page}.html"
    assert not ANSI_ESCAPE.search(text), f"ANSI remnant in {page}.html: {ANSI_ESCAPE.search(text).group()!r}"
    match = LOG_NOISE.search(text)
    assert not match, f"log or warning line in {page}.html: {match.group()!r}"


@pytest.mark.parametrize("page", PAGES)
def test_tracebacks_only_where_a_cell_raises_on_purpose(page):
    source = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    expected = source.count("raises-exception")
    shown = len(soup(page).select("div.cell_output .output.traceback"))
    assert shown == expected, f"{page}: {shown} tracebacks shown, {expected} cells raise on purpose"


@pytest.mark.parametrize("page", [page for page in PAGES if page != "index"])
def test_page_has_question_summary_and_is_linked(page):
    source = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    assert "**The question.**" in source or page == "calculator", f"{page} has no question at the top"
    assert "## Summary" in source or page == "calculator", f"{page} has no summary"
    assert f'href="{page}.html"' in built_page("index"), f"{page} is not linked from the landing page"
    # The built page shows the title its source gives (a page that failed to render would not);
    # Sphinx curls the apostrophes.
    title = re.search(r"^# (.+)$", source, re.M).group(1).replace("`", "")
    heading = soup(page).select_one("main h1")
    shown = heading.get_text().replace("\u2019", "'").strip().rstrip("#").strip() if heading else None
    assert shown == title, f"{page}: title not shown"


def test_figures_have_alt_text():
    for page in PAGES:
        for image in soup(page).select("img"):
            if "_images/" in image.get("src", ""):
                assert image.get("alt", "").strip() and image["alt"] != "_images", f"{page}: image without alt text"


def test_every_internal_link_and_anchor_resolves():
    from urllib.parse import unquote, urlsplit

    ids = {}
    broken = []
    for page in sorted(HTML.glob("*.html")):
        tree = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        ids[page.resolve()] = {element["id"] for element in tree.select("[id]")}
    for page in sorted(HTML.glob("*.html")):
        tree = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in tree.select("[href], [src]"):
            link = element.get("href") or element.get("src")
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("mailto:", "javascript:")) or not link:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                broken.append(f"{page.name}: {link}")
            elif parts.fragment and target.suffix == ".html" and target in ids and parts.fragment not in ids[target]:
                broken.append(f"{page.name}: {link} (no such anchor)")
    assert not broken, "broken internal links:\n" + "\n".join(broken)


def test_exercise_answers_are_hidden_until_clicked():
    page = soup("exercises")
    answers = [output for output in page.select("div.cell_output") if "Keras:" in output.get_text() or "output:" in output.get_text()]
    assert len(answers) >= 4
    for answer in answers:
        details = answer.find_parent("details")
        assert details is not None and not details.has_attr("open"), "an answer is visible without a click"


SOURCE_MAP_URL = re.compile(r"[#@] sourceMappingURL=([^\s*]+)")


def test_source_maps_belong_to_their_files():
    """Every source map in the site is named by the file it maps, and every map a file names is there.

    The build rewrites the theme's stylesheets (docs/_ext/theme_css.py): their old maps, which no
    longer match, would be megabytes of dead weight in the site and its zip."""
    static = HTML / "_static"
    named = set()
    for path in static.glob("**/*"):
        if path.suffix in (".js", ".css"):
            for url in SOURCE_MAP_URL.findall(path.read_text(encoding="utf-8")):
                target = path.parent / url
                assert target.is_file(), f"{path.relative_to(HTML)} names a missing source map {url}"
                named.add(target.resolve())
    maps = {path.resolve() for path in static.glob("**/*.map")}
    assert maps, "no source map at all: the theme's scripts ship theirs"
    orphans = sorted(str(path.relative_to(HTML.resolve())) for path in maps - named)
    assert not orphans, f"source maps no file names: {orphans}"
