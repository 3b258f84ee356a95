"""The execution cache is never stale: it follows the package, and it spares unchanged pages."""

import pytest

from benchmarks.project_copy import ProjectCopy
from tests.helpers import NOTEBOOK_PAGES, merged_streams, notebook_outputs


@pytest.mark.slow
def test_cache_follows_the_package_and_spares_unchanged_pages(tmp_path):
    # Start from this checkout's cache: the copy has the same sources, so nothing executes.
    project = ProjectCopy(tmp_path / "project", with_cache=True)
    first = project.build()
    assert first.executed == {}, f"identical sources must be served from the cache: {first.executed}"
    question = (project.root / "_build/html/question.html").read_text(encoding="utf-8")
    assert "(matches Keras count_params() = 56)" in question

    # A change in the package that changes an output: every page runs again, and the page shows it.
    project.edit("lstm_explained/report.py", 'verdict = "matches" if', 'verdict = "agrees with" if')
    after_package = project.build()
    assert sorted(after_package.executed) == sorted(NOTEBOOK_PAGES)
    question = (project.root / "_build/html/question.html").read_text(encoding="utf-8")
    assert "(agrees with Keras count_params() = 56)" in question
    assert "(matches Keras count_params()" not in question

    # Re-executed from scratch, every page the edit does not touch is identical to this checkout's
    # build, figures included: seeded randomness makes the outputs deterministic.
    for page in set(NOTEBOOK_PAGES) - {"question", "family"}:
        again = [merged_streams(cell) for cell in notebook_outputs(page, project.root / "_build/jupyter_execute")]
        assert again == [merged_streams(cell) for cell in notebook_outputs(page)], (
            f"{page} gave different outputs on a second execution"
        )

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
    import subprocess
    import sys

    from tests.helpers import ROOT

    code = f"import runpy; print(runpy.run_path({str(ROOT / 'conf.py')!r})['nb_execution_cache_path'])"
    keys = {
        subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True).stdout
        for cwd in (ROOT, ROOT / "docs", tmp_path)
    }
    assert len(keys) == 1, keys
