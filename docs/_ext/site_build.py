"""How this site is built, beyond plain settings: a local Sphinx extension that conf.py loads.

Each hook says which upstream behaviour it works around, the version it was seen in, and when it
can go. Nothing here runs at import: every change to disk or to the environment happens in a
Sphinx event, during a build.
"""

import hashlib
import importlib.metadata
import json
import os
import shutil
import sys
import sysconfig
from pathlib import Path

from kernel_environment import apply_kernel_environment

CACHE_FOLDER = ".jupyter_cache"
BUILD_RECORD = "last-build.json"


def execution_fingerprint(root):
    """A digest of what can change an executed output besides the page's own code.

    jupyter-cache 1.0 keys a page on its code cells and kernel only (MyST-NB issue #299, open), so
    a change to the package would be served stale outputs. The package sources, the build's own
    code and settings, the lock file, the Python version and the installed distributions go into
    the cache's folder name instead: when any of them changes, the folder changes, and MyST-NB
    (which registers ``nb_execution_cache_path`` as an environment setting) re-reads and
    re-executes every page. Can go when jupyter-cache keys on more than the code cells.
    """
    root = Path(root)
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    sources = [*(root / "lstm_explained").rglob("*.py"), *(root / "docs" / "_ext").glob("*.py")]
    sources += [root / name for name in ("conf.py", "constraints.txt", "pyproject.toml")]
    for path in sorted(sources):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
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


def docs_digest(root):
    """A digest of everything under docs/ (pages, static files, build code), the Makefile and the
    README (the wheel's description): with :func:`execution_fingerprint`, what a built site is a
    function of."""
    root = Path(root)
    digest = hashlib.sha256()
    for path in sorted([*(root / "docs").rglob("*"), root / "Makefile", root / "README.md"]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_folder(app):
    """``_build`` beside conf.py: the cache and the kernels' IPython folder live there."""
    return Path(app.confdir) / "_build"


def choose_execution_cache(app, config):
    """config-inited: point MyST-NB's cache at the folder named by :func:`execution_fingerprint`."""
    config.nb_execution_cache_path = str(build_folder(app) / CACHE_FOLDER / execution_fingerprint(app.confdir))


def prepare_kernels(app):
    """builder-inited: the kernels' environment, their own IPython folder, and a steady start.

    The kernels inherit this process's environment (kernel_environment.py). They get an IPython
    folder of their own, so a maintainer's ~/.ipython start-up scripts cannot change what a page
    computes, with the kernel's log level at ERROR: ipykernel 7.4 logs "Kernel is running over TCP
    without encryption" at every start, which is no news in every build log (our kernels use IPC
    sockets anyway; see notebook_execution.py). Warnings from the pages' code do not go through
    this logger: they reach the cell's stderr and fail the build.
    """
    apply_kernel_environment()
    profile = build_folder(app) / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text('c.IPKernelApp.log_level = "ERROR"\n', encoding="utf-8")
    os.environ["IPYTHONDIR"] = str(profile.parent)

    import notebook_execution

    notebook_execution.install()


_pages_read = []
_clean_build = []
_empty_outdir = []


def note_empty_outdir(app):
    """builder-inited: whether the output folder held no site yet. Files written after the pages
    (such as _static/icons.css) are in a rebuild's folder beforehand, so only a build into an empty
    folder is clean."""
    _empty_outdir[:] = [not (Path(app.outdir) / "index.html").exists()]


def prepare_cache(app, env, docnames):
    """env-before-read-docs: prune old caches and create the current one in this (parent) process.

    Only the current fingerprint's cache can ever be used again (unless the exact same sources come
    back, and then one execution rebuilds it), so the others are deleted. The database is created
    here because parallel readers (-j 2) would race to create its tables ("table settings already
    exists", jupyter-cache 1.0.1 with SQLAlchemy 2.1). With nothing to read, jupyter-cache is not
    even imported, so a no-change rebuild stays fast. Can go when jupyter-cache creates its schema
    safely under concurrency.
    """
    _pages_read[:] = docnames
    _clean_build[:] = [len(docnames) == len(env.found_docs)]
    current = Path(app.config.nb_execution_cache_path)
    if current.parent.is_dir():
        for stale in current.parent.iterdir():
            if stale != current:
                shutil.rmtree(stale, ignore_errors=True)
    if docnames:
        from jupyter_cache import get_cache

        if get_cache(str(current)).list_cache_records():
            _clean_build[:] = [False]


def record_build(app, exception):
    """build-finished: write _build/last-build.json, saying what this build was built from and
    whether it was clean (into an empty folder, every page read and executed, none from a cache).

    The reproducibility test compares two clean builds of the same sources made in two folders;
    when the checkout's own build is one (as on CI, in a fresh clone), it need not make it again.
    """
    if exception is not None or app.builder.name != "html":
        return
    record = {
        "fingerprint": execution_fingerprint(app.confdir),
        "docs": docs_digest(app.confdir),
        "clean": bool(_clean_build and _clean_build[0] and _empty_outdir and _empty_outdir[0]),
        "parallel": app.parallel,
        "outdir": str(Path(app.outdir).resolve()),
    }
    (build_folder(app) / BUILD_RECORD).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def stable_cell_ids(notebook, docname):
    """Give every cell an id that depends on the page and its position only.

    MyST-NB 1.4 converts a page with nbformat's ``new_*_cell``, which draws a random id for every
    cell at every build, so two builds of one commit offered different .ipynb downloads. Can go
    when MyST-NB derives cell ids from the source.
    """
    page = "".join(ch if ch.isalnum() else "-" for ch in docname)[:40]
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"{page}-{index}"
    return notebook


def write_executed_notebooks(app, env):
    """env-updated: jupyter_execute/<page>.ipynb with the page's outputs and stable cell ids.

    MyST-NB 1.4 writes that file from the unexecuted notebook when a page is served from the cache
    (sphinx_.py writes ``notebook``, while the cached outputs went to ``nb_client``), so without
    this a rebuild would offer notebooks with no outputs. The tests and the downloads read it.
    Can go when MyST-NB writes the merged notebook itself.
    """
    if not _pages_read:
        return
    import nbformat
    from jupyter_cache import get_cache

    folder = Path(app.outdir).parent / "jupyter_execute"
    cache = get_cache(app.config.nb_execution_cache_path)
    for docname in _pages_read:
        path = folder / f"{docname}.ipynb"
        if not path.exists():
            continue
        notebook = nbformat.read(path, as_version=4)
        try:
            _, notebook = cache.merge_match_into_notebook(notebook)
        except KeyError:  # not in the cache: executed this run, already complete
            pass
        nbformat.write(stable_cell_ids(notebook, docname), path)


def offer_notebook_download(app, pagename, templatename, context, doctree):
    """html-page-context: list the executed .ipynb in the theme's download menu, beside the .md.

    sphinx-book-theme 1.4 does this only when launch buttons (Binder, Colab...) are configured; a
    site read offline has none, so the notebook is copied where the theme expects it. Can go when
    the theme offers the executed notebook without launch buttons.
    """
    notebook = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if notebook.exists():
        target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook, target)
        context["ipynb_source"] = f"{pagename}.ipynb"


def copy_notebook_css_early(app):
    """builder-inited: put MyST-NB's stylesheet in _static before any page is written.

    MyST-NB 1.4 copies ``mystnb.<hash>.css`` at build-finished, after the pages. Sphinx adds a
    ``?v=<checksum>`` to a stylesheet link only when the file is already there, so a clean build
    linked it without one and every later build with one: two builds of one commit differed.
    Can go when MyST-NB adds its stylesheet as a static file, before the pages are written.
    """
    if app.builder.format != "html":
        return
    from myst_nb import sphinx_ext, static
    from sphinx.util.fileutil import copy_asset_file

    with sphinx_ext._import_resources_path(static, "mystnb.css") as source:
        target = Path(app.outdir) / "_static" / f"mystnb.{sphinx_ext._get_file_hash(source)}.css"
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_asset_file(str(source), str(target))


def setup(app):
    # The package's facts for the browser's scripts (browser_data.py), the set-up cell every
    # TensorFlow page starts with (page_setup.py), and pages read costliest first, one per task
    # (parallel_reading.py).
    app.setup_extension("browser_data")
    app.setup_extension("page_setup")
    app.setup_extension("parallel_reading")
    # After MyST-NB registered its settings (it is loaded first, in conf.py's extensions).
    app.connect("config-inited", choose_execution_cache)
    app.connect("builder-inited", note_empty_outdir)
    app.connect("builder-inited", prepare_kernels)
    app.connect("builder-inited", copy_notebook_css_early)
    app.connect("env-before-read-docs", prepare_cache)
    app.connect("env-updated", write_executed_notebooks)
    app.connect("build-finished", record_build)
    # Before the theme's own handler (priority 500), which reads ipynb_source.
    app.connect("html-page-context", offer_notebook_download, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
