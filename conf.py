"""Sphinx configuration for LSTM Explained: the one place the build is configured.

Build with the pages in docs/ and this file at the root:
    sphinx-build -c . docs _build/html   (`make html` adds -W --keep-going -n -T -j 2)
"""

import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# -- The kernels that execute the pages inherit this environment ---------------------------
# tensorflow-cpu with these two settings prints nothing at import; anything that still reaches
# stderr is turned into a build warning below (nb_output_stderr), so it fails the build instead
# of landing on a page.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("PYTHONHASHSEED", "0")
# The kernels get an IPython directory of their own: a maintainer's ~/.ipython startup scripts
# must not change what a page computes, and the kernel app's start-up notice ("running over TCP
# without encryption", about a loopback socket) is no news in every build log. Warnings from the
# code on the pages do not go through this logger: they reach stderr and fail the build.
_ipython_dir = ROOT / "_build" / "ipython"
(_ipython_dir / "profile_default").mkdir(parents=True, exist_ok=True)
(_ipython_dir / "profile_default" / "ipython_kernel_config.py").write_text(
    'c.IPKernelApp.log_level = "ERROR"\n'
)
os.environ["IPYTHONDIR"] = str(_ipython_dir)

# -- Project ----------------------------------------------------------------------------------
project = "LSTM Explained"
author = "The LSTM Explained authors"
copyright = "2026, The LSTM Explained authors"

extensions = ["myst_nb", "sphinx_copybutton"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "README.md"]
nitpicky = True

# -- Execution: strict, and cached under a key that follows everything an output depends on --


def execution_fingerprint():
    """A digest of what can change an executed output besides the page's own code.

    jupyter-cache keys a page on its code cells only, so the package sources, this file (it sets
    the kernels' environment), the lock file, the Python version and the installed distributions
    go into the cache's folder name. When any of them changes, the folder changes, and every page
    is re-read (nb_* settings are registered to rebuild the environment) and re-executed.
    """
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    for path in sorted((ROOT / "lstm_explained").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    for name in ("conf.py", "constraints.txt", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    # The environment's own site-packages only: sys.path also holds the working directory, where
    # setuptools may leave an .egg-info, and the key must not depend on where Sphinx was started.
    site_packages = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    installed = sorted(
        f"{dist.metadata['Name']}=={dist.version}"
        for dist in importlib.metadata.distributions(path=site_packages)
        if dist.metadata["Name"] != "lstm-explained"  # its sources are hashed above
    )
    digest.update("\n".join(installed).encode())
    return digest.hexdigest()[:16]


_cache_root = ROOT / "_build" / ".jupyter_cache"
nb_execution_cache_path = str(_cache_root / execution_fingerprint())
# Only the current cache is worth keeping; older fingerprints can never be used again
# unless the exact same sources come back, and then one execution rebuilds them.
if _cache_root.is_dir():
    for stale in _cache_root.iterdir():
        if stale.name != Path(nb_execution_cache_path).name:
            shutil.rmtree(stale, ignore_errors=True)

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
html_last_updated_fmt = None
html_copy_source = True
html_show_sourcelink = True
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

# MathJax from a local copy: Sphinx would load it from a CDN, which breaks offline reading.
# tex-svg.js is one file that needs no web fonts.
_mathjax_package = Path(importlib.util.find_spec("mathjax").submodule_search_locations[0])
html_static_path.append(str(_mathjax_package / "static" / "mathjax" / "es5" / "tex-svg.js"))
mathjax_path = "tex-svg.js"
mathjax3_config = {"options": {"enableMenu": False}}


# -- Executed notebooks with their outputs -------------------------------------------------------
_pages_read = []


def prepare_cache(app, env, docnames):
    """Before reading: create the cache's database in this (parent) process, if anything is read.

    Parallel readers (-j 2) would otherwise race to create its tables ("table settings already
    exists"). With nothing to read, jupyter-cache is not even imported: a no-change rebuild
    stays fast.
    """
    _pages_read[:] = docnames
    if docnames:
        from jupyter_cache import get_cache

        get_cache(nb_execution_cache_path).list_cache_records()


def write_cached_outputs(app, env):
    """Put the cached outputs into jupyter_execute/<page>.ipynb (the tests and the downloads read it).

    MyST-NB 1.4 writes that file from the unexecuted notebook when a page is served from the
    cache (sphinx_.py writes ``notebook``, while the cached outputs went to ``nb_client``), so
    without this a rebuild would offer notebooks with no outputs.
    """
    if not _pages_read:
        return
    import nbformat
    from jupyter_cache import get_cache

    folder = Path(app.outdir).parent / "jupyter_execute"
    cache = get_cache(nb_execution_cache_path)
    for docname in _pages_read:
        path = folder / f"{docname}.ipynb"
        if not path.exists():
            continue
        notebook = nbformat.read(path, as_version=4)
        try:
            _, merged = cache.merge_match_into_notebook(notebook)
        except KeyError:  # not in the cache: executed this run, already complete
            continue
        nbformat.write(merged, path)


def offer_notebook_download(app, pagename, templatename, context, doctree):
    """List the executed .ipynb in the theme's download menu, beside the .md source.

    sphinx-book-theme does this only when launch buttons (Binder, Colab...) are configured; a
    site read offline has none, so copy the notebook where the theme expects it ourselves.
    """
    notebook = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if notebook.exists():
        target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(notebook, target)
        context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    app.connect("env-before-read-docs", prepare_cache)
    app.connect("env-updated", write_cached_outputs)
    # Before the theme's own handler (priority 500), which reads ipynb_source.
    app.connect("html-page-context", offer_notebook_download, priority=400)


# -- Reference, install and hosting ---------------------------------------------------------------
# The API page (docs/api.md) from the docstrings, with [source] links; the pages' inline mentions
# of the package's functions linked to it; the 404 page; the wheel the build ships with the site.
# The hooks live in docs/_ext/reference.py; this block is settings only.
import tomllib  # noqa: E402 - kept with the settings that need them
from urllib.parse import urlsplit  # noqa: E402

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
extensions += ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode", "reference"]
release = version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
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
# The hosted site's root, for the 404 page a host serves at any depth (reference.py): Read the
# Docs names it; the Pages workflow passes its base path; elsewhere the site is served from "/".
reference_site_root = urlsplit(os.environ.get("READTHEDOCS_CANONICAL_URL", "")).path or (
    os.environ.get("SITE_BASE_PATH", "").rstrip("/") + "/"
)
