"""Scripts and stylesheets only on the pages that need them, so every other page stays light.

``readable_diagrams.js`` keeps the cell diagrams' labels readable on narrow screens: it goes on
the pages that show a diagram (an output of ``cell_diagram_svg``) or draw one (the calculator).
sphinx-design's stylesheet and tab script (62 KB) go only on the pages that use its components
(the landing page's cards): the extension adds them to every page.
"""

import re

# A drawn diagram's opening tag (a page quoting it as code has "&lt;svg" instead), or the calculator.
DIAGRAM_MARKERS = ('<svg xmlns="http://www.w3.org/2000/svg" class="lstm-cell"', 'class="calc-diagram-svg"')


def needs_diagram_script(body):
    """True when a page's HTML body shows or draws a cell diagram.

    >>> needs_diagram_script('<svg xmlns="http://www.w3.org/2000/svg" class="lstm-cell">')
    True
    >>> needs_diagram_script("<p>No pictures here.</p>")
    False
    """
    return any(marker in body for marker in DIAGRAM_MARKERS)


# sphinx-design's components all carry an ``sd-`` class.
DESIGN_MARKER = re.compile(r'class="(?:[^"]* )?sd-')
DESIGN_FILES = ("sphinx-design.min.css", "design-tabs.js")


def uses_sphinx_design(body):
    """True when a page's HTML body has a sphinx-design component (a card, grid, tab or badge).

    >>> uses_sphinx_design('<div class="sd-card sd-shadow-sm">')
    True
    >>> uses_sphinx_design('<p>A page with <code>sd-card</code> quoted as text.</p>')
    False
    """
    return bool(DESIGN_MARKER.search(body))


def without_design_files(files):
    """``files`` (a page's css_files or script_files) less sphinx-design's."""
    return [asset for asset in files if not str(getattr(asset, "filename", asset)).endswith(DESIGN_FILES)]


def add_page_scripts(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    if needs_diagram_script(body):
        app.add_js_file("readable_diagrams.js", loading_method="defer")
    if not uses_sphinx_design(body):
        # New lists: Sphinx restores the site-wide ones before each page, so no other page loses them.
        for key in ("css_files", "script_files"):
            if key in context:
                context[key] = without_design_files(context[key])


def setup(app):
    app.connect("html-page-context", add_page_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
