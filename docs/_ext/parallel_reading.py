"""Parallel reading that keeps every process busy: one page per task, the costliest pages first.

Sphinx 9 splits the pages to read into ``-j`` contiguous, alphabetical chunks of equal length
(``sphinx.util.parallel.make_chunks``), and each process reads its whole chunk. Here reading a page
means executing it, and pages differ threefold in cost, so with ``-j 2`` one process finished
seconds before the other. With one page per task, Sphinx's task queue hands the next page to
whichever process is free; starting with the costliest pages keeps the last page short. The
cost of a page is estimated from its code cells (an executed page costs a kernel start and a
TensorFlow import, plus its cells). Can go when Sphinx balances its read chunks by itself.
"""

import sphinx.builders
from sphinx.util.parallel import make_chunks as sphinx_make_chunks

CODE_CELL = "```{code-cell}"
_reading = []  # non-empty while Sphinx's read phase chunks the pages


def one_page_per_task(arguments, nproc, maxbatch=10):
    """Sphinx's ``make_chunks`` for the read phase: a chunk per page. Writing keeps Sphinx's own.

    >>> _reading.append(True); one_page_per_task(["a", "b", "c"], 2); _reading.clear()
    [['a'], ['b'], ['c']]
    >>> one_page_per_task(["a", "b", "c", "d"], 2)
    [['a', 'b'], ['c', 'd']]
    """
    if _reading:
        return [[name] for name in arguments]
    return sphinx_make_chunks(arguments, nproc, maxbatch)


def estimated_cost(env, docname):
    """A page's code cells, plus a fixed cost for executing a page at all; 0 for a page without code."""
    path = env.doc2path(docname)
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        return 0
    if "file_format: mystnb" not in source:
        return 0
    return 4 + source.count(CODE_CELL)


def costliest_first(app, env, docnames):
    """env-before-read-docs: order the pages to read (in place, as Sphinx allows) by their cost."""
    docnames.sort(key=lambda docname: (-estimated_cost(env, docname), docname))
    _reading[:] = [True]


def reading_finished(app, env):
    """env-updated: the write phase chunks its pages Sphinx's own way."""
    _reading.clear()
    return []


def setup(app):
    sphinx.builders.make_chunks = one_page_per_task
    app.connect("env-before-read-docs", costliest_first)
    app.connect("env-updated", reading_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
