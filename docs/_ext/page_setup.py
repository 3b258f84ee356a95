"""Every page that runs TensorFlow starts with one set-up cell, written here, not pasted into each page.

The cell says how to install what the page imports and sets the quiet TensorFlow environment the
build gives its kernels (kernel_environment.TENSORFLOW_ENVIRONMENT), before anything imports
Keras. It is added to the page's text as Sphinx reads it (``source-read``), ahead of the first
code cell, tagged ``remove-cell``: readers of the site do not see it, and the executed notebook
offered for download starts with it, so it runs on its own.
"""

import re

from kernel_environment import TENSORFLOW_ENVIRONMENT

MYST_NB_PAGE = re.compile(r"\A---\n(?:.*\n)*?file_format:\s*mystnb\n(?:.*\n)*?---\n")
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n", re.M)
IMPORTS_TENSORFLOW = re.compile(r"^\s*(?:import|from)\s+(?:keras|tensorflow|tf_keras)\b", re.M)
IMPORTS_MATPLOTLIB = re.compile(r"^\s*(?:import|from)\s+matplotlib\b", re.M)


def setup_cell_code(needs_matplotlib=False):
    """The set-up cell's code: what to install, then the environment, set before Keras is imported.

    A loop, not one ``setdefault`` per line, so that the cell shows no value when it runs.

    >>> print(setup_cell_code())
    # Run it yourself: pip install tensorflow myst-nb, and the lstm_explained wheel (install.html)
    import os
    <BLANKLINE>
    # The quiet TensorFlow the site is built with; set before keras is imported.
    quiet_tensorflow = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0", "KERAS_BACKEND": "tensorflow"}
    for name, value in quiet_tensorflow.items():
        os.environ.setdefault(name, value)
    """
    packages = "tensorflow myst-nb" + (" matplotlib" if needs_matplotlib else "")
    environment = ", ".join(f'"{name}": "{value}"' for name, value in TENSORFLOW_ENVIRONMENT.items())
    lines = [
        f"# Run it yourself: pip install {packages}, and the lstm_explained wheel (install.html)",
        "import os",
        "",
        "# The quiet TensorFlow the site is built with; set before keras is imported.",
        f"quiet_tensorflow = {{{environment}}}",
        "for name, value in quiet_tensorflow.items():",
        "    os.environ.setdefault(name, value)",
    ]
    return "\n".join(lines)


def with_setup_cell(text):
    """A MyST-NB page's text with the set-up cell before its first code cell, if any cell imports TensorFlow.

    >>> page = "---\\nfile_format: mystnb\\n---\\n# Title\\n\\n```{code-cell} ipython3\\nimport keras\\n```\\n"
    >>> with_setup_cell(page).count("```{code-cell}"), with_setup_cell("# Not a notebook\\n")
    (2, '# Not a notebook\\n')
    """
    first_cell = CODE_CELL.search(text)
    if not MYST_NB_PAGE.match(text) or first_cell is None or not IMPORTS_TENSORFLOW.search(text, first_cell.start()):
        return text
    code = setup_cell_code(needs_matplotlib=bool(IMPORTS_MATPLOTLIB.search(text, first_cell.start())))
    cell = f"```{{code-cell}} ipython3\n:tags: [remove-cell]\n\n{code}\n```\n\n"
    return text[: first_cell.start()] + cell + text[first_cell.start():]


def add_setup_cell(app, docname, source):
    """source-read: put the set-up cell into the page's text before MyST-NB turns it into a notebook."""
    source[0] = with_setup_cell(source[0])


def setup(app):
    app.connect("source-read", add_setup_cell)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
