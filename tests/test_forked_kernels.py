"""The build's kernels are forked from a server that imported Keras once (docs/_ext/kernel_forkserver.py),
and each still behaves as a kernel of its own: fresh state, the page's folder, errors, timeouts, clean-up."""

import os
import subprocess
import time

import nbformat
import psutil
import pytest
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from tests.helpers import ROOT

# docs/_ext is on sys.path through the root conftest.py, as it is for Sphinx through conf.py.
import forked_kernel
import notebook_execution
from kernel_environment import apply_kernel_environment

# One server for the module's tests (each worker that ran some would start its own).
pytestmark = pytest.mark.xdist_group("forked-kernels")

WHO_AM_I = "import os, sys\nprint(os.getpid(), os.getppid(), 'keras' in sys.modules, os.getcwd(), globals().get('left_behind'))"


def notebook(*sources):
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})


def output(executed, cell=0):
    return "".join(part["text"] for part in executed.cells[cell].outputs if part["output_type"] == "stream")


def server_of(setting):
    path, _ = forked_kernel.server_setting({forked_kernel.SERVER_VARIABLE: setting})
    return [p for p in psutil.process_iter(["cmdline"]) if path in " ".join(p.info["cmdline"] or [])]


@pytest.fixture(scope="module")
def build_kernels():
    """This process's kernels as a build's: its kernel environment, and a server of its own, started by
    the first kernel and owned by a stand-in for the build. Afterwards the stand-in is killed, as a
    build can be, with no clean-up: the server must end with it, leaving no process behind."""
    saved = dict(os.environ)
    apply_kernel_environment()
    notebook_execution.install()
    build = subprocess.Popen(["sleep", "600"])
    path, _ = forked_kernel.server_setting()
    os.environ[forked_kernel.SERVER_VARIABLE] = setting = f"{path}:{build.pid}"
    try:
        # The server starts with the first kernel and keeps that kernel's import-time environment:
        # started here, with the build's, whichever test comes first (a test that changes it for its
        # own kernel once came first in its worker, and its kernel was forked).
        notebook_execution.execute_notebook(notebook("pass"), cwd=str(ROOT), timeout=120)
        assert len(server_of(setting)) == 1
        yield setting
    finally:
        os.environ.clear()
        os.environ.update(saved)
        build.kill()  # not reaped yet: an ended build whose parent has not waited for it is ended too
    deadline = time.monotonic() + 10
    while server_of(setting):
        assert time.monotonic() < deadline, f"the server outlived its build: {setting}"
        time.sleep(0.05)
    build.wait()
    assert not os.path.exists(path)


def test_kernels_are_forked_with_keras_imported_and_nothing_else_shared(build_kernels, tmp_path):
    first = notebook_execution.execute_notebook(notebook(WHO_AM_I + "\nleft_behind = 1"), cwd=str(tmp_path), timeout=120)
    second = notebook_execution.execute_notebook(notebook(WHO_AM_I), cwd=str(ROOT), timeout=120)
    pid_1, parent_1, keras_1, cwd_1, left_1 = output(first).split()
    pid_2, parent_2, keras_2, cwd_2, left_2 = output(second).split()
    (server,) = server_of(build_kernels)
    # Both children of the one server, with Keras imported before any cell ran: inherited from the
    # server, not imported again (about 4 s a kernel on this project's machine)...
    assert int(parent_1) == int(parent_2) == server.pid
    assert keras_1 == keras_2 == "True"
    # ...and each a process of its own, in its page's folder, with nothing left by the page before.
    assert pid_1 != pid_2 and (cwd_1, cwd_2) == (str(tmp_path), str(ROOT))
    assert left_2 == "None"
    # The server let go of the first kernel's output: a reader of the build's output gets to its end.
    assert {os.readlink(f"/proc/{server.pid}/fd/{number}") for number in (1, 2)} == {os.devnull}


def test_each_kernel_draws_its_own_random_numbers(build_kernels, tmp_path):
    draw = notebook("import random, numpy\nprint(random.random(), numpy.random.random())")
    first, second = (output(notebook_execution.execute_notebook(draw, cwd=str(tmp_path), timeout=120)) for _ in range(2))
    assert first.split()[0] != second.split()[0] and first.split()[1] != second.split()[1], (first, second)


def test_the_package_is_imported_by_the_page_not_by_the_server(build_kernels, tmp_path):
    executed = notebook_execution.execute_notebook(
        notebook("import sys\nprint('lstm_explained' in sys.modules)", "import lstm_explained\nprint(lstm_explained.__file__)"),
        cwd=str(tmp_path), timeout=120,
    )
    assert output(executed, 0) == "False\n"
    assert output(executed, 1).startswith(str(ROOT / "lstm_explained"))


def test_plots_use_the_inline_backend_as_in_a_kernel_of_its_own(build_kernels, tmp_path):
    executed = notebook_execution.execute_notebook(
        notebook("import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()"), cwd=str(tmp_path), timeout=120,
    )
    assert any("image/png" in part.get("data", {}) for part in executed.cells[0].outputs)


def test_a_cell_that_raises_still_fails_the_page(build_kernels, tmp_path):
    with pytest.raises(CellExecutionError, match="on purpose"):
        notebook_execution.execute_notebook(notebook("raise ValueError('on purpose')"), cwd=str(tmp_path), timeout=120)


def test_a_cell_past_its_time_is_interrupted_and_its_kernel_ends(build_kernels, tmp_path):
    (server,) = server_of(build_kernels)
    before = {child.pid for child in server.children()}
    with pytest.raises(CellTimeoutError):
        notebook_execution.execute_notebook(notebook("import time\ntime.sleep(60)"), cwd=str(tmp_path), timeout=2)
    deadline = time.monotonic() + 30
    while {child.pid for child in server.children() if child.status() != psutil.STATUS_ZOMBIE} - before:
        assert time.monotonic() < deadline, "the timed-out kernel is still running"
        time.sleep(0.1)


def test_a_kernel_that_cannot_be_forked_starts_the_usual_way(build_kernels, tmp_path, monkeypatch):
    # A different import-time environment: the server refuses, and the kernel is a child of the launcher.
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "1")
    executed = notebook_execution.execute_notebook(notebook(WHO_AM_I), cwd=str(tmp_path), timeout=120)
    _, parent, keras_imported, _, _ = output(executed).split()
    (server,) = server_of(build_kernels)
    assert int(parent) != server.pid and keras_imported == "False"


def test_a_kernel_with_no_server_to_be_had_starts_the_usual_way(build_kernels, tmp_path, monkeypatch):
    monkeypatch.setenv(forked_kernel.SERVER_VARIABLE, f"{tmp_path}/no-such-folder/kernels.sock:{os.getpid()}")
    executed = notebook_execution.execute_notebook(notebook(WHO_AM_I), cwd=str(tmp_path), timeout=120)
    _, _, keras_imported, cwd, _ = output(executed).split()
    assert keras_imported == "False" and cwd == str(tmp_path)
    assert not (tmp_path / "no-such-folder").exists()
