"""Builds are reproducible, and the execution cache is never stale: it follows the package and
spares unchanged pages."""

import hashlib
import subprocess
import sys

import pytest

from tests.helpers import HTML, NOTEBOOK_PAGES, ROOT
from tests.project_copy import ProjectCopy

# Sphinx's pickled environment and build record, and make's stamp: bookkeeping, not the site.
NOT_THE_SITE = (".doctrees", ".buildinfo", ".built")


def site_digests(folder):
    """Every file of a built site (bookkeeping left out): relative path -> SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not set(path.relative_to(folder).parts) & set(NOT_THE_SITE)
    }


@pytest.mark.slow
def test_a_clean_build_elsewhere_is_identical_and_the_cache_follows_the_package(tmp_path):
    # A clean build of the same sources in another folder, with no cache: every page executes.
    project = ProjectCopy(tmp_path / "project")
    clean = project.build()
    assert sorted(clean.executed) == sorted(NOTEBOOK_PAGES)

    # ...and gives this checkout's site byte for byte: pages, figures, downloads (.md and .ipynb).
    ours, theirs = site_digests(HTML), site_digests(project.root / "_build/html")
    assert ours, f"{HTML} is empty: build the site first ('make html', or 'make test')"
    differing = sorted(name for name in ours.keys() | theirs.keys() if ours.get(name) != theirs.get(name))
    assert not differing, f"two builds of the same sources differ (is {HTML} up to date?): {differing[:20]}"
    cache_keys = {path.name for path in (ROOT / "_build/.jupyter_cache").iterdir()}
    assert {path.name for path in (project.root / "_build/.jupyter_cache").iterdir()} == cache_keys

    # A change in the package that changes an output: every page runs again, and the page shows it.
    project.edit("lstm_explained/report.py", 'verdict = "matches" if', 'verdict = "agrees with" if')
    after_package = project.build()
    assert sorted(after_package.executed) == sorted(NOTEBOOK_PAGES)
    question = (project.root / "_build/html/question.html").read_text(encoding="utf-8")
    assert "(agrees with Keras count_params() = 56)" in question
    assert "(matches Keras count_params()" not in question

    # Nothing changed: make does not start Sphinx, and Sphinx itself, made to run, executes nothing.
    assert "Running Sphinx" not in project.build().log
    assert project.build(force_sphinx=True).executed == {}

    # A prose edit on one page re-reads that page only, from the cache.
    project.edit("docs/counting.md", "## The formula\n", "## The formula\n\nA new sentence.\n")
    after_prose = project.build()
    assert after_prose.executed == {} and after_prose.cached == ["counting"]

    # A code edit on one page executes that page only.
    project.edit("docs/counting.md", "sizes = [(1, 1),", "sizes = [(2, 1), (1, 1),")
    after_code = project.build()
    assert list(after_code.executed) == ["counting"]


def test_cache_key_does_not_depend_on_the_working_directory(tmp_path):
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT / 'docs' / '_ext')!r}); import site_build; "
        f"print(site_build.execution_fingerprint({str(ROOT)!r}))"
    )
    keys = {
        subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True).stdout
        for cwd in (ROOT, ROOT / "docs", tmp_path)
    }
    assert len(keys) == 1, keys
