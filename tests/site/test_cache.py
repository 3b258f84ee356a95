"""Builds are reproducible, and the execution cache is never stale: it follows the package and
spares unchanged pages."""

import hashlib
import json
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


def checkouts_clean_build():
    """The checkout's own site when it is a clean ``-j 2`` build of the sources as they are now
    (as on CI, where `make test` builds a fresh clone), else None. Its build record says so."""
    import site_build  # docs/_ext, on sys.path from conftest.py

    path = ROOT / "_build" / site_build.BUILD_RECORD
    if not path.exists():
        return None
    record = json.loads(path.read_text(encoding="utf-8"))
    current = {"fingerprint": site_build.execution_fingerprint(ROOT), "docs": site_build.docs_digest(ROOT)}
    same_sources = all(record.get(key) == value for key, value in current.items())
    if same_sources and record.get("clean") and record.get("parallel") == 2 and record.get("outdir") == str(HTML):
        return HTML
    return None


@pytest.mark.slow
def test_two_clean_builds_are_identical_and_the_cache_follows_the_package(tmp_path):
    # Two clean builds of the same sources in two folders, with no cache (every page executes),
    # one with two reader processes and one with a single process. The first is the checkout's
    # own when that is a clean build of these sources (a fresh clone's `make test`); elsewhere it
    # is made here.
    first_site = checkouts_clean_build()
    if first_site is None:
        first = ProjectCopy(tmp_path / "first")
        clean = first.build()
        assert sorted(clean.executed) == sorted(NOTEBOOK_PAGES)
        first_site = first.root / "_build/html"
    project = ProjectCopy(tmp_path / "project")
    clean = project.build("-j 1")
    assert sorted(clean.executed) == sorted(NOTEBOOK_PAGES)

    # ...give the same site, byte for byte: pages, figures, search index, downloads (.md, .ipynb).
    first, second = site_digests(first_site), site_digests(project.root / "_build/html")
    differing = sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))
    assert not differing, f"two clean builds of the same sources differ: {differing[:20]}"
    # The cache key does not depend on the folder either.
    cache_key = {path.name for path in (first_site.parent / ".jupyter_cache").iterdir()}
    assert {path.name for path in (project.root / "_build/.jupyter_cache").iterdir()} == cache_key

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
