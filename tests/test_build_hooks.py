"""The site build's own code (docs/_ext): settings without side effects, steady kernels, merged streams."""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from tests.helpers import ROOT

# docs/_ext is on sys.path through the root conftest.py, as it is for Sphinx through conf.py.
import notebook_execution
from kernel_environment import KERNEL_ENVIRONMENT


def notebook(*sources, kernel="python3"):
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": kernel, "display_name": kernel}})


def test_importing_conf_py_changes_nothing_on_disk(tmp_path):
    shutil.copy(ROOT / "conf.py", tmp_path / "conf.py")
    shutil.copytree(ROOT / "docs" / "_ext", tmp_path / "docs" / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    before = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*"))
    subprocess.run([sys.executable, "-c", "import runpy; runpy.run_path('conf.py')"], cwd=tmp_path, check=True)
    assert sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*")) == before


def test_tests_and_kernels_share_one_environment():
    for name, value in KERNEL_ENVIRONMENT.items():
        assert os.environ.get(name) == value, name


def test_a_cell_that_raises_fails_at_once_and_runs_once(tmp_path):
    runs = tmp_path / "runs.txt"
    page = notebook(f"open({str(runs)!r}, 'a').write('ran\\n')\nraise ValueError('on purpose')", "print('never')")
    with pytest.raises(CellExecutionError, match="on purpose"):
        notebook_execution.execute_notebook(page, cwd=str(tmp_path), timeout=60)
    assert runs.read_text() == "ran\n"


def test_a_print_cut_into_pieces_reaches_the_notebook_whole(tmp_path):
    # flush + sleep makes the kernel send two stream messages for one line, as its timer can.
    page = notebook("import time\nprint('use_cudnn=False ', end='', flush=True)\ntime.sleep(0.3)\nprint(' [(4, 8)]')")
    executed = notebook_execution.execute_notebook(page, cwd=str(tmp_path), timeout=60)
    assert executed.cells[0].outputs == [nbformat.v4.new_output("stream", name="stdout", text="use_cudnn=False  [(4, 8)]\n")]


def flaky_kernel(tmp_path, failures):
    """A kernel spec whose kernel exits at start ``failures`` times, then starts for real."""
    starts = tmp_path / "starts.txt"
    launcher = tmp_path / "flaky_kernel.py"
    launcher.write_text(textwrap.dedent(f"""
        import sys
        from pathlib import Path
        starts = Path({str(starts)!r})
        count = len(starts.read_text().splitlines()) if starts.exists() else 0
        starts.write_text("start\\n" * (count + 1))
        if count < {failures}:
            sys.exit(3)
        from ipykernel.kernelapp import launch_new_instance
        launch_new_instance()
    """))
    spec = tmp_path / "kernels" / "flaky"
    spec.mkdir(parents=True)
    argv = [sys.executable, str(launcher), "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "flaky", "language": "python"}))
    return starts


def test_a_kernel_that_dies_at_start_is_started_again(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    starts = flaky_kernel(tmp_path, failures=1)
    executed = notebook_execution.execute_notebook(notebook("6 * 7", kernel="flaky"), cwd=str(tmp_path), timeout=60)
    assert executed.cells[0].outputs[0]["data"]["text/plain"] == "42"
    assert starts.read_text().count("start") == 2


def test_a_kernel_that_never_starts_fails_after_a_few_tries(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    starts = flaky_kernel(tmp_path, failures=100)
    with pytest.raises(RuntimeError, match=f"tried {notebook_execution.STARTUP_ATTEMPTS} times"):
        notebook_execution.execute_notebook(notebook("6 * 7", kernel="flaky"), cwd=str(tmp_path), timeout=60)
    assert starts.read_text().count("start") == notebook_execution.STARTUP_ATTEMPTS


def test_kernels_talk_over_files_not_ports(tmp_path):
    client = notebook_execution.SteadyStartClient(notebook("1"))
    manager = client.create_kernel_manager()
    if os.name == "posix":
        assert manager.transport == "ipc"
        assert len(manager.ip) < 90  # a Unix socket path holds about a hundred bytes
