"""Helpers shared by the tests: where the build is, and how to require an optional tool."""

import html
import importlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
EXECUTED = ROOT / "_build" / "jupyter_execute"
DOCS = ROOT / "docs"
PAGES = sorted(path.stem for path in DOCS.glob("*.md"))
# Pages with executed code (MyST-NB notebooks); the calculator page is plain MyST with a script.
NOTEBOOK_PAGES = [page for page in PAGES if "file_format: mystnb" in (DOCS / f"{page}.md").read_text(encoding="utf-8")]

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|\[[0-9;]*m(?=\S)")
# Lines TensorFlow, absl, oneDNN and CUDA write at start-up, and Python warnings.
LOG_NOISE = re.compile(
    r"(?m)^(?:[IWEF]\d{4} \d\d:\d\d:\d\d|WARNING: All log messages|.*oneDNN custom operations"
    r"|.*(?:cuda|cuDNN|cuFFT|cuBLAS)[^\n]*(?:register|find|load)|.*environment variable .TF_ENABLE_ONEDNN_OPTS"
    r"|.*(?:UserWarning|DeprecationWarning|FutureWarning|RuntimeWarning):)"
)


def in_ci():
    """True on CI, where a missing optional tool is a failure, not a skip."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition, what, how):
    """Skip loudly when ``condition`` is false on a developer machine; fail on CI."""
    if condition:
        return
    message = f"{what} is not available: {how}"
    if in_ci():
        pytest.fail(f"{message} (CI must run this test)", pytrace=False)
    pytest.skip(f"SKIPPED, NOT TESTED: {message}")


def require_module(name, how):
    """Import and return a module, or skip loudly (fail on CI) if it is missing."""
    try:
        return importlib.import_module(name)
    except ImportError:
        require(False, f"Python package {name!r}", how)


def environment_after(code, preset=None):
    """What ``code``, run by a fresh Python without the build's TensorFlow variables (but ``preset``), leaves set.

    The set-up cell of a page (docs/_ext/page_setup.py) is checked by running it, not by reading it.
    """
    from kernel_environment import TENSORFLOW_ENVIRONMENT  # docs/_ext, on sys.path through conftest.py

    clean = {name: value for name, value in os.environ.items() if name not in TENSORFLOW_ENVIRONMENT}
    clean.update(preset or {})
    report = "\nimport json, os\nprint(json.dumps({name: os.environ.get(name) for name in %r}))" % list(TENSORFLOW_ENVIRONMENT)
    result = subprocess.run([sys.executable, "-c", code + report], env=clean, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.splitlines()[-1])


def built_page(page):
    """The built HTML of a page; fails with a clear message when the site was not built."""
    path = HTML / f"{page}.html"
    if not path.exists():
        pytest.fail(f"{path} does not exist: build the site first ('make html', or 'make test')", pytrace=False)
    return path.read_text(encoding="utf-8")


def executed_notebook(page, folder=EXECUTED):
    """The notebook MyST-NB executed for a page (in this checkout's build, or ``folder``), as a dict."""
    path = Path(folder) / f"{page}.ipynb"
    if not path.exists():
        pytest.fail(f"{path} does not exist: build the site first ('make html', or 'make test')", pytrace=False)
    return json.loads(path.read_text(encoding="utf-8"))


# The MIME type the HTML page shows when an output offers several, as MyST-NB chooses.
RENDER_PRIORITY = ("text/html", "image/png", "text/markdown", "text/latex", "text/plain")
TAG = re.compile(r"<[^>]+>")


def cell_outputs_text(page):
    """The text a reader sees in each executed cell's output (HTML tags removed), one string per cell."""
    texts = []
    for cell in executed_notebook(page)["cells"]:
        if cell["cell_type"] != "code":
            continue
        parts = []
        for output in cell.get("outputs", []):
            if "text" in output:
                parts.append("".join(output["text"]))
            data = output.get("data", {})
            shown = next((mime for mime in RENDER_PRIORITY if mime in data), None)
            if shown and shown != "image/png":
                text = "".join(data[shown])
                parts.append(html.unescape(TAG.sub("", text)) if shown == "text/html" else text)
            if output.get("output_type") == "error":
                parts.append(output["ename"] + ": " + output["evalue"])
        texts.append("\n".join(parts))
    return texts


def notebook_outputs(page, folder=EXECUTED):
    """The raw outputs of each code cell of a page's executed notebook."""
    cells = executed_notebook(page, folder)["cells"]
    return [cell.get("outputs") for cell in cells if cell["cell_type"] == "code"]


def stream_outputs(page):
    """Everything a page's cells printed to stdout or stderr, one string per stream output."""
    for outputs in notebook_outputs(page):
        for output in outputs:
            if output.get("output_type") == "stream":
                yield output.get("name", "") + ":" + "".join(output["text"])


def glued(page):
    """The values a page glued for its prose: key -> text/plain (or LaTeX) representation."""
    path = EXECUTED / f"{page}.glue.json"
    if not path.exists():
        return {}
    values = {}
    for key, output in json.loads(path.read_text(encoding="utf-8")).items():
        data = output["data"]
        values[key] = data.get("text/plain", data.get("text/latex", ""))
    return values


def built_pages():
    """Every HTML page of the built site (relative paths), or [] before the first build."""
    return sorted(path.relative_to(HTML).as_posix() for path in HTML.glob("**/*.html") if "_static" not in path.parts)


BUILT_PAGES = built_pages()


def svg_texts(svg):
    """The text of every <text> element of an SVG document, in order."""
    root = ElementTree.fromstring(svg)
    return ["".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text")]


def quoted_gate_tables(text):
    """Arrays of quoted gate letters, e.g. ["i", "f", "c", "o"]: a gate order written by hand."""
    return re.findall(r"\[\s*\"[a-z]\"(?:\s*,\s*\"[a-z]\")+\s*\]", text)
