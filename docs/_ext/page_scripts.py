"""Scripts added only to the pages that need them, so every other page stays light.

``readable_diagrams.js`` keeps the cell diagrams' labels readable on narrow screens: it goes on
the pages that show a diagram (an output of ``cell_diagram_svg``) or draw one (the calculator).
"""

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


def add_page_scripts(app, pagename, templatename, context, doctree):
    if needs_diagram_script(context.get("body", "")):
        app.add_js_file("readable_diagrams.js", loading_method="defer")


def setup(app):
    app.connect("html-page-context", add_page_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
