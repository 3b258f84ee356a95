"""The suite's own machinery: under `make test` (pytest -n 2 --dist loadgroup) a group stays in one worker.

The browser checks of a page share one visit per width (tests/support/audit.py), and a Markdown
file's examples share one namespace (conftest.py): both rely on pytest-xdist keeping an
``xdist_group`` in one worker. That broke silently once (pytest 9 with pytest-xdist 3.8: every
group was spread over both workers, and each page was visited once per worker); this fails instead.
"""

import subprocess
import sys

GROUPED = '''
import os
import pytest

@pytest.mark.parametrize("number", range(12))
@pytest.mark.xdist_group("one page")
def test_grouped(number, tmp_path_factory):
    (tmp_path_factory.getbasetemp().parent.parent / f"ran-{number}").write_text(os.environ["PYTEST_XDIST_WORKER"])
'''


def test_a_group_runs_in_one_worker(tmp_path):
    (tmp_path / "test_grouped.py").write_text(GROUPED, encoding="utf-8")
    (tmp_path / "base").mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadgroup", "-p", "no:cacheprovider",
         "--basetemp", str(tmp_path / "base" / "temp"), "--rootdir", str(tmp_path), str(tmp_path / "test_grouped.py")],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    workers = {(tmp_path / "base" / f"ran-{number}").read_text() for number in range(12)}
    assert len(workers) == 1, f"one group ran in {sorted(workers)}"
