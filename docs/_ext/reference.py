"""Sphinx extension for the reference side of the site: links to the API page, its coverage, the 404 page.

Loaded from conf.py's "Reference, install and hosting" block. Every hook below says what it is
for; none of them writes outside the build's output folder.
"""

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docstrings import prepare_docstring

logger = logging.getLogger(__name__)

PACKAGE = "lstm_explained"
# Keras layers have a `count_params()` method of their own, and the pages name it that way
# ("Keras' `count_params()`"); with arguments, or bare, the name is ours.
KERAS_METHODS = {"count_params"}


def public_names():
    """The public names of the package (its ``__all__``), dunder names such as ``__version__`` left out.

    >>> "count_params" in public_names()
    True
    """
    import lstm_explained

    return [name for name in lstm_explained.__all__ if not name.startswith("__")]


def linked_name(text, names):
    """The public name an inline code literal stands for, or None when it names none.

    ``count_params``, ``lstm_explained.count_params`` and ``split_gates(kernel)`` name one;
    ``model.count_params()`` and Keras' bare ``count_params()`` do not.

    >>> names = ["count_params", "split_gates"]
    >>> [linked_name(t, names) for t in ("count_params", "lstm_explained.count_params", "split_gates(...)")]
    ['count_params', 'count_params', 'split_gates']
    >>> [linked_name(t, names) for t in ("count_params()", "model.count_params()", "split_gate", "count_params(")]
    [None, None, None, None]
    """
    match = re.fullmatch(rf"(?:{PACKAGE}\.)?([A-Za-z_]\w*)(\((.*)\))?", text.strip())
    if not match or match.group(1) not in names:
        return None
    name, call, arguments = match.groups()
    if call is not None and not arguments.strip() and name in KERAS_METHODS:
        return None
    return name


class LinkPublicNames(SphinxTransform):
    """Turn inline code that names a public function (``count_params``) into a link to its entry.

    The pages mention the package's functions in running text; rather than each page writing a
    role, every plain inline literal naming one of ``lstm_explained.__all__`` becomes a Python
    cross-reference, resolved (strictly, under ``-n``) to its entry on the API page. Literals in
    titles, in existing links and in the API entries themselves are left as they are.
    """

    default_priority = 500

    def apply(self, **kwargs):
        names = set(public_names())
        for literal in list(self.document.findall(nodes.literal)):
            if isinstance(literal.parent, (nodes.reference, addnodes.pending_xref, nodes.title)):
                continue
            if any(isinstance(ancestor, (addnodes.desc_signature, nodes.title, nodes.reference))
                   for ancestor in _ancestors(literal)):
                continue
            name = linked_name(literal.astext(), names)
            if name is None:
                continue
            xref = addnodes.pending_xref(
                "", refdomain="py", reftype="obj", reftarget=f"{PACKAGE}.{name}",
                refexplicit=True, refwarn=True, refdoc=self.env.docname,
            )
            literal.replace_self(xref)
            literal["classes"] = [*literal.get("classes", []), "xref", "py", "py-obj"]
            xref += literal


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def check_every_public_name_is_documented(app, env):
    """Fail the build (a warning, under -W) when a name of ``__all__`` has no entry on the API page.

    The API page groups the functions by topic by hand; this makes a name added to ``__all__``
    without an entry a build error instead of a silent gap.
    """
    documented = set(env.get_domain("py").objects)
    missing = [name for name in public_names() if f"{PACKAGE}.{name}" not in documented]
    if missing:
        logger.warning("public names with no entry on the API page (docs/api.md): %s", ", ".join(missing))


def drop_type_docstrings(app, what, name, obj, options, lines):
    """Leave out the docstring of a constant's type (``dict``'s, for ``GATE_ORDER``).

    autodoc (Sphinx 9.0) documents a module-level constant with the docstring of its class when
    the constant has no ``#:`` comment of its own in the module autodoc reads, here the package's
    ``__init__``; the API page writes the constant's description itself.
    """
    type_doc = type(obj).__doc__
    if what == "data" and type_doc and [line for line in lines if line] == [
        line for line in prepare_docstring(type_doc) if line
    ]:
        lines.clear()


NOT_FOUND_BODY = """<h1>Page not found</h1>
<p>There is no page at this address. Every page of the site is listed in the menu; start from
<a href="index.html">the first page</a>, look a function up in <a href="api.html">the API
reference</a>, or <a href="search.html">search the site</a>.</p>
"""


def add_not_found_page(app):
    """Add ``404.html``, the page a host serves for a missing address, as a page of the site.

    sphinx-notfound-page (1.1) makes every link of that page absolute (``/en/latest/...``), which
    a host needs and a reader of the offline folder cannot follow: from ``file://`` they point at
    the root of the disk. So the page keeps Sphinx's relative links, which work offline and at the
    site's top level, and :func:`base_for_hosted_not_found_page` fixes the deeper addresses.
    """
    if app.builder.format != "html" or app.builder.embedded:
        return []
    return [("404", {"title": "Page not found", "body": NOT_FOUND_BODY}, "page.html")]


# The site's own stylesheet: a folder that holds it is the site's root.
ROOT_MARKER = "_static/lstm_explained.css"

# Run in the head, before the first stylesheet. Over http, the page may be served for any missing
# address at any depth (/sub/a/b/missing.html), under a root it cannot know in advance (/ on a
# user site, /<repo>/ on a GitHub Pages project site, /en/latest/ on Read the Docs): the deepest
# folder of the address that holds the site's stylesheet is the root. Synchronous, since the
# <base> must exist before the stylesheets load; it runs on the 404 page only, and from file://
# it does nothing (the relative links already work there).
NOT_FOUND_BASE_SCRIPT = """<script>
(function () {
  if (!location.protocol.startsWith('http')) return;
  var folders = location.pathname.split('/').slice(0, -1);
  for (var depth = folders.length; depth > 0; depth--) {
    var root = folders.slice(0, depth).join('/') + '/';
    var probe = new XMLHttpRequest();
    try { probe.open('HEAD', root + '%s', false); probe.send(); } catch (error) { continue; }
    if (probe.status === 200) { document.write('<base href="' + root + '">'); return; }
  }
})();
</script>
""" % ROOT_MARKER


def base_for_hosted_not_found_page(app, pagename, templatename, context, doctree):
    """On the hosted 404 page only, resolve its relative links from the site's root.

    A host serves 404.html for ``/site/a/b/missing.html`` too, where relative links would point
    into ``/site/a/b/``. A ``<base>`` written before the first stylesheet (``metatags`` comes
    first in the template's head) fixes them: :data:`NOT_FOUND_BASE_SCRIPT` finds the root, so one
    build works at ``/`` and under any sub-path.
    """
    if pagename == "404":
        context["metatags"] = NOT_FOUND_BASE_SCRIPT + context.get("metatags", "")


def setup(app):
    app.add_transform(LinkPublicNames)
    app.connect("env-check-consistency", check_every_public_name_is_documented)
    app.connect("autodoc-process-docstring", drop_type_docstrings)
    app.connect("html-collect-pages", add_not_found_page)
    app.connect("html-page-context", base_for_hosted_not_found_page)
    # A new env_version re-reads every page, so a change to the transform reaches them all.
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
