"""Sphinx configuration for LSTM Explained: the one place the build is configured.

Build with the pages in docs/ and this file at the root:
    sphinx-build -c . docs _build/html   (`make html` adds -W --keep-going -n -T -j 2)
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# The build's own behaviour (cache key, kernels, executed notebooks) is a local extension.
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

# -- Project ----------------------------------------------------------------------------------
project = "LSTM Explained"
author = "The LSTM Explained authors"
copyright = "2026, The LSTM Explained authors"

extensions = ["myst_nb", "sphinx_copybutton", "sphinx_design", "site_build"]
# Jupyter's autosave folders, if someone opens a downloaded notebook inside docs/.
exclude_patterns = ["**.ipynb_checkpoints"]

# -- Execution: strict, and cached under a key that follows everything an output depends on --
# docs/_ext/site_build.py names the cache folder (nb_execution_cache_path) after a digest of the
# package, the build and the installed distributions, and starts kernels that a busy machine
# cannot break.
nb_execution_mode = "cache"
nb_execution_timeout = 60  # seconds per cell: the slowest cell takes a few; a hung one fails fast
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_output_stderr = "warn"  # with -W, any stderr output (TF noise or a real warning) fails the build
nb_merge_streams = True
nb_render_markdown_format = "myst"
# The pages' doctests show `>>> ` prompts; the copy button leaves them and the outputs behind.
copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# -- Link check: `make linkcheck` checks every link; `make linkcheck OFFLINE=1` only the internal ones.
linkcheck_anchors = True
linkcheck_timeout = 15
if os.environ.get("LINKCHECK_OFFLINE"):
    linkcheck_ignore = [r"https?://"]

# -- HTML -------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "LSTM Explained"
html_static_path = ["docs/_static"]
html_css_files = ["lstm_explained.css", "calculator.css"]
# The article header's sidebar buttons work (docs/_static/sidebar_toggles.js says why).
html_js_files = [("sidebar_toggles.js", {"defer": "defer"})]
# Sphinx's search fetches every result page for a snippet; browsers refuse that from file://.
html_show_search_summary = False
# In html_theme_options this key fails -W; here it removes the theme's console error offline.
html_context = {"default_mode": "auto"}
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}

# Weight (issue 24): math is MathML written at build time (docs/_ext/mathml.py), so no page loads
# a math engine; the theme's icons are one small stylesheet (docs/_ext/icons.py) instead of
# Font Awesome's 1.56 MB script, which the layout override in docs/_templates leaves out; the theme's
# stylesheets lose the rules the site cannot match (docs/_ext/theme_css.py); scripts such
# as the diagrams' narrow-screen layout go only on the pages that need them (docs/_ext/page_scripts.py).
extensions += ["mathml", "icons", "theme_css", "page_scripts"]
html_math_renderer = "mathml"
templates_path = ["docs/_templates"]


# -- Reference, install and hosting ---------------------------------------------------------------
# The API page (docs/api.md) from the docstrings, with [source] links; the pages' inline mentions
# of the package's functions linked to it; the 404 page; the wheel the build ships with the site.
# The hooks live in docs/_ext/reference.py; this block is settings only.
import importlib.metadata  # noqa: E402 - kept with the settings that need them

extensions += ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode", "reference"]
# The installed package's version: pyproject.toml's, as `make install` re-installs it on a change.
release = version = importlib.metadata.version("lstm-explained")
# One docstring style throughout: NumPy's sections (Parameters, Returns), read by napoleon.
napoleon_google_docstring = False
napoleon_numpy_docstring = True
autodoc_member_order = "bysource"
# Entries read `count_params(kind, ...)`; the page says once that they live in lstm_explained.
add_module_names = False
# `make html` builds the wheel into _build/wheel first; the site ships it beside index.html, so
# the offline folder can `pip install` it with no index (docs/install.md links to it).
# The lock file goes with it, for `pip install -c constraints.txt`.
html_extra_path = [str(ROOT / "_build" / "wheel"), str(ROOT / "constraints.txt")]
