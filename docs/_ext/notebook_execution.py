"""How the pages are executed: a kernel start that a busy machine cannot break, and merged streams.

Works around three behaviours of jupyter_client 8.10 / nbclient 0.11, as MyST-NB 1.4 drives them
(through jupyter-cache 1.0's ``single_nb_execution``, which passes no client options through):

* TCP ports are chosen by binding port 0, closing the socket and handing the number to the
  kernel, which binds it a moment later. jupyter_client's LocalPortCache keeps two kernels of one
  process apart, but ``sphinx-build -j 2`` reads pages in two processes, and any other program
  may take a port in between. On POSIX the kernels here talk over IPC sockets instead: files
  whose names are unique to each kernel, so there is no port to race for.
* nbclient waits 60 s for a new kernel's first reply (``startup_timeout``): an allowance sized for
  an idle laptop. A kernel that starts while the machine is busy gets ``STARTUP_TIMEOUT``, and a
  kernel that dies or stays silent before any cell ran is started again, up to
  ``STARTUP_ATTEMPTS`` times. Only the start is retried: a cell that raises fails the page at
  once, as before.
* ipykernel 7.4 flushes a stream on a timer, so one ``print`` reaches the notebook as one output
  or as two, from run to run, and MyST-NB 1.4's ``nb_merge_streams`` joins such pieces with a
  newline (it strips each piece and appends one): the page would show ``use_cudnn=False`` and the
  list on two lines in one build and on one line in the next. The streams are joined exactly
  here, right after execution, so the page, the cache and the download hold the text as printed.

And one saving of its own: every page's kernel used to import Keras itself, about 4 CPU-seconds
each, most of what executing a short page costs. The kernels are forked from a server of the
build's own that imported it once (kernel_forkserver.py, forked_kernel.py); each is still a fresh
process that imports the package from its sources, and a clean build takes about half the time.

Remove the workarounds when MyST-NB lets the build choose the kernel's transport and start-up timeout
(``nb_execution_*`` options for nbclient; none exist in MyST-NB 1.4.0) and joins stream pieces
without adding newlines.
"""

import atexit
import copy
import os
import tempfile
import uuid
from pathlib import Path

from nbclient import NotebookClient

import forked_kernel
import kernel_forkserver

STARTUP_TIMEOUT = 300  # seconds for a kernel to answer its first request; a cell's own limit is separate
STARTUP_ATTEMPTS = 3


class SteadyStartClient(NotebookClient):
    """An nbclient NotebookClient that starts its kernel over IPC and retries a failed start only."""

    def create_kernel_manager(self):
        manager = super().create_kernel_manager()
        if os.name == "posix":
            manager.transport = "ipc"
            # The socket files are <ip>-1 ... <ip>-5; a name of its own per kernel, in a short
            # folder, because a Unix socket path may hold about a hundred bytes only.
            manager.ip = os.path.join(tempfile.gettempdir(), f"kernel-{uuid.uuid4().hex}")
        spec = manager.kernel_spec
        if os.environ.get(forked_kernel.SERVER_VARIABLE) and spec.argv[1:3] == ["-m", kernel_forkserver.KERNEL_MODULE]:
            # Forked from the build's server, Keras already imported (kernel_forkserver.py).
            forked = copy.copy(spec)
            forked.argv = [spec.argv[0], "-S", str(Path(forked_kernel.__file__)), *spec.argv]
            manager._kernel_spec = forked
        return manager

    async def async_start_new_kernel_client(self):
        for attempt in range(1, STARTUP_ATTEMPTS + 1):
            try:
                return await super().async_start_new_kernel_client()
            except RuntimeError as error:  # "Kernel died before replying" / "didn't respond"
                if attempt == STARTUP_ATTEMPTS:
                    # nbclient 0.11 leaves its exit-time clean-up registered, and that clean-up
                    # fails on the manager it already dropped: noise under the real error.
                    atexit.unregister(self._cleanup_kernel)
                    raise RuntimeError(f"{error} (kernel start tried {STARTUP_ATTEMPTS} times)") from error
                self.log.warning("Kernel start failed (%s); starting a new kernel", error)
                # nbclient has shut the failed kernel down and dropped its manager; a new manager
                # brings new socket names.
                self.km = self.create_kernel_manager()
                await self.async_start_new_kernel()
        raise AssertionError("unreachable")


def merge_streams(notebook):
    """Join each cell's consecutive stream outputs of one name (stdout, stderr) into one output.

    The text is joined as it was printed, so the result does not depend on how the kernel's
    timer cut it.

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell(outputs=[
    ...     nbformat.v4.new_output("stream", name="stdout", text="use_cudnn=False "),
    ...     nbformat.v4.new_output("stream", name="stdout", text=" [(4, 8)]\\n")])
    >>> merge_streams(nbformat.v4.new_notebook(cells=[cell])).cells[0].outputs[0]["text"]
    'use_cudnn=False  [(4, 8)]\\n'
    """
    for cell in notebook.cells:
        merged = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (
                output.get("output_type") == "stream"
                and previous is not None
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")
            ):
                previous["text"] = "".join(previous["text"]) + "".join(output["text"])
            else:
                merged.append(output)
        if "outputs" in cell:
            cell["outputs"] = merged
    return notebook


def execute_notebook(nb, cwd=None, km=None, **options):
    """``nbclient.execute`` with a steady kernel start and merged streams (same signature)."""
    options.setdefault("startup_timeout", STARTUP_TIMEOUT)
    resources = {"metadata": {"path": cwd}} if cwd is not None else {}
    SteadyStartClient(nb=nb, resources=resources, km=km, **options).execute()
    return merge_streams(nb)


def install():
    """Make jupyter-cache (and so MyST-NB) execute pages with :func:`execute_notebook`, their
    kernels forked from a server of this build's own (started by the first kernel it needs)."""
    from jupyter_cache.executors import utils

    utils.executenb = execute_notebook
    if os.name == "posix":
        # This build's own, even if one is inherited from a process that started the build.
        path = os.path.join(tempfile.gettempdir(), f"lstm-kernels-{uuid.uuid4().hex[:12]}.sock")
        os.environ[forked_kernel.SERVER_VARIABLE] = f"{path}:{os.getpid()}"
        atexit.unregister(stop_kernel_server)
        atexit.register(stop_kernel_server)


def stop_kernel_server():
    """Stop this build's kernel server, if it started one (it also stops when the build is gone)."""
    path, owner = forked_kernel.server_setting()
    if path and owner == str(os.getpid()):
        kernel_forkserver.stop(path)
        for leftover in (path, f"{path}.lock", f"{path}.failed"):
            Path(leftover).unlink(missing_ok=True)
