"""Builds are reproducible, and the execution cache is never stale: it follows the package and
spares unchanged pages."""

import io
import json
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.helpers import HTML, NOTEBOOK_PAGES, ROOT
from tests.project_copy import ProjectCopy

# Sphinx's pickled environment and build record, and make's stamp: bookkeeping, not the site.
NOT_THE_SITE = (".doctrees", ".buildinfo", ".built")


def site_files(folder):
    """Every file of a built site (bookkeeping left out): relative path -> its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
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


# An edit to the package that changes what the pages print, to a phrase the site does not have yet.
VERDICT_BEFORE, VERDICT_AFTER = b"matches", b"tallies with"
PACKAGE_EDIT = ("lstm_explained/report.py", 'verdict = "matches" if', 'verdict = "tallies with" if')
# Sphinx's search index is a word index, not text: a new word changes its structure, not one phrase.
WORD_INDEX = "searchindex.js"


def unedited(name, content):
    """A built file with the package edit's phrase put back; a wheel, as its members so (its
    compressed bytes hide the phrase), less its RECORD (which lists the edited file's hash)."""
    if not name.endswith(".whl"):
        return content.replace(VERDICT_AFTER, VERDICT_BEFORE)
    with zipfile.ZipFile(io.BytesIO(content)) as wheel:
        return {
            member.filename: wheel.read(member).replace(VERDICT_AFTER, VERDICT_BEFORE)
            for member in wheel.infolist() if not member.filename.endswith(".dist-info/RECORD")
        }


@pytest.mark.slow
def test_two_clean_builds_are_identical_but_for_a_package_edit_and_the_cache_follows_the_package(tmp_path):
    """Two clean builds in two folders, with two reader processes and with one, give the same site
    byte for byte except for what an edit to the package changed; the edit makes every page execute
    again though a cache of the old package's outputs is there; then the cache spares what did not
    change. One full execution of the pages on CI: the first build is the checkout's own there."""
    import site_build  # docs/_ext, on sys.path from conftest.py

    project = ProjectCopy(tmp_path / "project")
    first_site = checkouts_clean_build()
    if first_site is not None:
        # The checkout's clean -j 2 build (a fresh clone's `make test`); the copy gets its cache,
        # as if it had made that build itself: the same key, since the key ignores the folder.
        shutil.copytree(first_site.parent / site_build.CACHE_FOLDER, project.root / "_build" / site_build.CACHE_FOLDER)
    else:
        first = project.build()
        assert sorted(first.executed) == sorted(NOTEBOOK_PAGES)
        first_site = project.root / "_build/html"
    first_files = site_files(first_site)
    # The cache key does not depend on the folder.
    key = site_build.execution_fingerprint(ROOT)
    assert site_build.execution_fingerprint(project.root) == key
    old_cache = {path.name for path in (project.root / "_build" / site_build.CACHE_FOLDER).iterdir()}
    assert old_cache == {key}
    assert not any(VERDICT_AFTER in content for content in first_files.values())

    # A change in the package that changes an output: every page runs again, cache or no cache,
    # built from scratch (the old site goes) with one reader process.
    shutil.rmtree(project.root / "_build" / "html", ignore_errors=True)
    project.edit(*PACKAGE_EDIT)
    after_package = project.build("-j 1")
    assert sorted(after_package.executed) == sorted(NOTEBOOK_PAGES)
    question = (project.root / "_build/html/question.html").read_text(encoding="utf-8")
    assert "(tallies with Keras count_params() = 56)" in question
    assert "(matches Keras count_params()" not in question
    # Only the new package's cache is kept.
    assert {path.name for path in (project.root / "_build" / site_build.CACHE_FOLDER).iterdir()}.isdisjoint(old_cache)

    # ...and the site is the first one, byte for byte, once the edit's phrase is put back.
    second_files = site_files(project.root / "_build/html")
    assert set(second_files) == set(first_files), f"files only in one build: {sorted(set(second_files) ^ set(first_files))[:20]}"
    edited = sorted(name for name, content in second_files.items() if VERDICT_AFTER in content)
    assert "question.html" in edited
    differing = sorted(
        name for name, content in second_files.items()
        if name != WORD_INDEX and unedited(name, content) != unedited(name, first_files[name])
    )
    assert not differing, f"two clean builds of the same sources differ: {differing[:20]}"

    # Nothing changed: make does not start Sphinx, and Sphinx itself, made to run, executes nothing.
    assert "Running Sphinx" not in project.build().log
    assert project.build(force_sphinx=True).executed == {}

    # In one build: a prose edit on one page re-reads that page only, from the cache, and a code edit
    # on another executes that page only.
    project.edit("docs/exercises.md", "## A GRU's recurrent kernel\n", "## A GRU's recurrent kernel\n\nA new sentence.\n")
    project.edit("docs/counting.md", "sizes = [(1, 1),", "sizes = [(2, 1), (1, 1),")
    after_edits = project.build()
    assert list(after_edits.executed) == ["counting"] and after_edits.cached == ["exercises"]


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
