"""Math rendered at build time to MathML, so no page loads a math engine (MathJax was 2.1 MB).

Registered as Sphinx's HTML math renderer ``mathml`` (``html_math_renderer`` in conf.py). Every
browser the site supports draws MathML Core natively, in the page's own text colour (so dark
mode needs nothing), and screen readers read it; the search index keeps the TeX source.
latex2mathml converts the TeX; the one construct of ours it lacks, ``aligned`` (it reads the
``&`` as a letter), is written as ``align*``, which it lays out as a table of right- and
left-aligned columns, as amsmath does.
"""

import re

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

ALIGNED = re.compile(r"\\(begin|end)\{aligned\}")


def tex_to_mathml(tex, display="inline"):
    """The MathML of one TeX formula, ``display`` "inline" or "block".

    >>> tex_to_mathml(r"4u")
    '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mrow><mn>4</mn><mi>u</mi></mrow></math>'
    >>> "<mtable" in tex_to_mathml(r"\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}", "block")
    True
    """
    return convert(ALIGNED.sub(r"\\\1{align*}", tex.strip()), display=display)


def _mathml(translator, node, display):
    try:
        return tex_to_mathml(node.astext(), display)
    except Exception as error:  # noqa: BLE001 - latex2mathml raises many kinds; the build must say where
        logger.warning("cannot convert this formula to MathML (%s): %s", error, node.astext(), location=node)
        return translator.encode(node.astext())


def visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_mathml(self, node, "inline") + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node):
    # As sphinx.ext.mathjax (Sphinx 9.0) writes it: the number and its link, then the formula. A wide
    # formula scrolls sideways on a phone (lstm_explained.css), so the keyboard can reach it too.
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight", tabindex="0"))
    if node.get("number"):
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_mathml(self, node, "block") + "</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
