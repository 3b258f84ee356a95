"""The cell diagram in Chromium: the JavaScript port draws what Python draws, and it reads well.

Python (lstm_explained.cell_diagram_svg) draws the diagrams on the pages; docs/_static/diagram.js
draws the calculator's. Here the two are compared byte for byte, and the drawing is checked as a
reader sees it: no label on top of another, nothing outside the picture, both colour modes, and
a 360 px phone screen. Screenshots go to _build/screenshots/diagram-*.png.
"""

import itertools

import pytest

from lstm_explained import cell_diagram_svg
from tests.helpers import HTML, ROOT, svg_texts
from tests.support.browser import module_page

SCREENSHOTS = ROOT / "_build" / "screenshots"
PAGES_WITH_DIAGRAMS = {"index.html": 1, "weights.html": 1, "family.html": 2, "calculator.html": 1}

# Kinds x sizes x batch x bias x reset_after, from the smallest layer to sizes whose labels are long
# (test_the_configurations_cover_every_kind_and_option says what the list must hold).
CONFIGURATIONS = [
    (kind, input_dim, units, batch, use_bias, reset_after)
    for kind, (input_dim, units), batch, use_bias, reset_after in itertools.product(
        ["lstm", "gru", "simple_rnn"], [(1, 1), (4, 2), (300, 64), (7, 129)], [None, 3, 1024], [True, False], [True, False]
    )
    if kind == "gru" or reset_after
    if (input_dim, units) != (1, 1) or batch is None
]

JS_DIAGRAM = (
    "([kind, inputDim, units, batch, useBias, resetAfter]) => "
    "window.lstmExplainedDiagram.cellDiagramSvg(kind, inputDim, units, {batch, useBias, resetAfter})"
)


def python_diagram(kind, input_dim, units, batch, use_bias, reset_after):
    return cell_diagram_svg(kind, input_dim, units, batch=batch, use_bias=use_bias, reset_after=reset_after)


def first_difference(left, right):
    index = next((i for i, (a, b) in enumerate(zip(left, right)) if a != b), min(len(left), len(right)))
    return f"at character {index}:\n  python: ...{left[index - 80:index + 80]!r}\n  js:     ...{right[index - 80:index + 80]!r}"


@pytest.fixture(scope="module")
def calculator(browser):
    for _, page in module_page(browser, "calculator"):
        yield page


def test_the_configurations_cover_every_kind_and_option():
    covered = {(kind, batch, use_bias, reset_after) for kind, _, _, batch, use_bias, reset_after in CONFIGURATIONS}
    assert {kind for kind, *_ in covered} == {"lstm", "gru", "simple_rnn"}
    assert {(batch, use_bias, reset_after) for kind, batch, use_bias, reset_after in covered if kind == "gru"} == set(
        itertools.product([None, 3, 1024], [True, False], [True, False])
    )
    assert len(CONFIGURATIONS) == len(set(CONFIGURATIONS)) == 80


def test_the_javascript_port_draws_the_same_svg(calculator):
    """Every configuration: the whole SVG text, labels, coordinates and description, is identical."""
    differences = []
    for configuration in CONFIGURATIONS:
        python = python_diagram(*configuration)
        javascript = calculator.evaluate(JS_DIAGRAM, list(configuration))
        if javascript != python:
            differences.append(f"{configuration}: {first_difference(python, javascript)}")
    assert not differences, f"{len(differences)} of {len(CONFIGURATIONS)} differ:\n" + "\n".join(differences[:3])


def text_boxes(page, svg):
    """Draw ``svg`` in the calculator's figure and return its viewBox and every label's box."""
    return page.evaluate(
        """(svg) => {
            const holder = document.querySelector('.calc-diagram-svg');
            holder.innerHTML = svg;
            const root = holder.querySelector('svg');
            const boxes = [...root.querySelectorAll('text')].map((t) => {
                const b = t.getBBox();
                return [t.textContent, b.x, b.y, b.width, b.height];
            });
            return [root.viewBox.baseVal.width, root.viewBox.baseVal.height, boxes];
        }""",
        svg,
    )


@pytest.mark.parametrize("configuration", CONFIGURATIONS[::3], ids=str)
def test_labels_do_not_overlap_and_stay_inside(calculator, configuration):
    width, height, boxes = text_boxes(calculator, python_diagram(*configuration))
    # Glyph boxes include the font's full line height; a pixel of slack on each side is not an overlap.
    slack = 1.5
    for text, x, y, w, h in boxes:
        assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, f"{text!r} is outside the picture"
    overlaps = [
        (a[0], b[0])
        for a, b in itertools.combinations(boxes, 2)
        if a[1] + slack < b[1] + b[3] - slack and b[1] + slack < a[1] + a[3] - slack
        and a[2] + slack < b[2] + b[4] - slack and b[2] + slack < a[2] + a[4] - slack
    ]
    assert not overlaps, f"labels on top of each other: {overlaps}"


def is_light(css_color):
    red, green, blue = (float(part) for part in css_color[css_color.index("(") + 1 : -1].split(",")[:3])
    return red + green + blue > 3 * 128


# Read from the page's one visit per width (tests/support/audit.py), which also screenshots the
# first diagram in each mode: _build/screenshots/diagram-<page>-<width>-<mode>.png.
@pytest.mark.parametrize("name, count", PAGES_WITH_DIAGRAMS.items())
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 360])
def test_pages_show_the_diagram_in_both_modes_and_on_phones(page_audit, name, count, mode, width):
    found = page_audit(HTML / name, mode, phone=width == 360)
    assert found["theme"] == mode
    assert len(found["diagrams"]) == count
    first = found["diagrams"][0]
    assert first["shown"]
    # An accessible name from <title> that finds it as an image, a description in words.
    assert first["name"] and found["diagram_images_named"][0] >= 1
    assert first["description_words"] > 30
    # On a phone the drawing keeps a readable size and scrolls inside its frame (readable_diagrams.js):
    # the frame, not the drawing, fits the screen.
    frame = first["frame"]
    assert frame["width"] <= width and frame["x"] >= 0 and frame["x"] + frame["width"] <= width
    if name == "calculator.html":  # other pages' widths are their code cells' business
        assert found["scroll_width"] <= width, "the page is wider than the screen"
    # The labels follow the theme's text colour: light text on a dark page and the other way round.
    assert is_light(first["label_fill"]) == (mode == "dark") and is_light(first["backdrop"]) == (mode == "light"), first
    assert (SCREENSHOTS / f"diagram-{name.removesuffix('.html')}-{width}-{mode}.png").stat().st_size > 2_000
    assert found["network_requests"] == [] and found["console_errors"] == [], (found["network_requests"], found["console_errors"])


@pytest.mark.parametrize("name, svgs", [
    ("index.html", lambda: [cell_diagram_svg("lstm", 4, 2)]),
    ("weights.html", lambda: [cell_diagram_svg("lstm", 4, 2, batch=3)]),
    ("family.html", lambda: [cell_diagram_svg("gru", 4, 2), cell_diagram_svg("gru", 4, 2, reset_after=False)]),
], ids=["index", "weights", "family"])
def test_page_diagrams_are_the_packages(page_audit, name, svgs):
    """The pages show exactly what the package draws for the question's layer (text, labels and all)."""
    shown = [diagram["texts"] for diagram in page_audit(HTML / name)["diagrams"]]
    assert shown == [svg_texts(svg) for svg in svgs()], name
