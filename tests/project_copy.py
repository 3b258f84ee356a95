"""A throw-away copy of the project that builds with this checkout's .venv and imports its own package.

Used by the test that proves the execution cache follows the package and that builds are
reproducible, and by the build benchmark (benchmarks/build.py).
"""

import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
EXECUTED = re.compile(r"docs/(?P<page>[\w-]+)\.md: Executed notebook in (?P<seconds>[\d.]+) seconds")
CACHED = re.compile(r"docs/(?P<page>[\w-]+)\.md: Using cached notebook")


@dataclass
class Build:
    """What one `make html` in the copy did."""

    seconds: float
    peak_memory_bytes: int
    log: str
    executed: dict = field(default_factory=dict)  # page -> seconds its execution took
    cached: list = field(default_factory=list)  # pages served from the cache


def _project_files(root):
    try:
        # Tracked files and new ones not yet added (a page being written), never ignored ones.
        listing = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root, capture_output=True, check=True,
        )
        return [Path(name) for name in listing.stdout.decode().split("\0") if name]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: every source file
        skip = {".venv", "_build", ".git", "__pycache__"}
        return [p.relative_to(root) for p in root.rglob("*") if p.is_file() and not skip & set(p.relative_to(root).parts)]


class ProjectCopy:
    """A copy of the project's files in ``destination``, sharing this checkout's .venv (read-only)."""

    def __init__(self, destination):
        self.root = Path(destination)
        for relative in _project_files(ROOT):
            if (ROOT / relative).is_file():
                target = self.root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / relative, target)
        (self.root / ".venv").symlink_to(ROOT / ".venv")

    def build(self, sphinx_options="-j 2", *, force_sphinx=False):
        """Run `make html` here (never pip: -o treats the install stamp as done) and measure it.

        ``force_sphinx`` removes make's up-to-date stamp first, so Sphinx runs even when no
        input changed (to measure Sphinx's own no-change rebuild).
        """
        if force_sphinx:
            (self.root / "_build" / "html" / ".built").unlink(missing_ok=True)
        environment = dict(os.environ, PYTHONPATH=str(self.root), SPHINXOPTS=sphinx_options)
        command = ["make", "--no-print-directory", "-o", ".venv/.installed", "html"]
        peak = 0
        # The log goes to a file, not a pipe: a long log would fill a pipe nobody reads until the end.
        with tempfile.TemporaryFile("w+", encoding="utf-8") as output:
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=self.root, env=environment, stdout=output, stderr=subprocess.STDOUT)
            watched = psutil.Process(process.pid)
            while process.poll() is None:
                try:  # the peak of the whole tree: make, sphinx-build, its workers and their kernels
                    tree = [watched, *watched.children(recursive=True)]
                    peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
                except psutil.Error:
                    pass
                time.sleep(0.05)
            seconds = time.perf_counter() - start
            output.seek(0)
            log = output.read()
        if process.returncode:
            raise RuntimeError(f"make html failed in {self.root}:\n{log[-4000:]}")
        executed = {m["page"]: float(m["seconds"]) for m in EXECUTED.finditer(log)}
        cached = [m["page"] for m in CACHED.finditer(log)]
        return Build(seconds, peak, log, executed, cached)

    def edit(self, relative, old, new):
        """Replace ``old`` by ``new`` in a file of the copy (exactly once)."""
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise ValueError(f"{old!r} occurs {text.count(old)} times in {relative}")
        path.write_text(text.replace(old, new), encoding="utf-8")

    def clean(self):
        shutil.rmtree(self.root / "_build", ignore_errors=True)
