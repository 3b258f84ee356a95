"""The build's kernel fork server: TensorFlow and Keras imported once, every page's kernel forked.

Importing Keras costs a page's kernel about 4 CPU-seconds on this project's machine, most of what
executing a short page costs; a clean build paid it once per page. The server imports it (and
ipykernel) once per build, then forks a process per kernel that starts ipykernel exactly as
``python -m ipykernel_launcher`` would: the page's code still runs in a fresh process of its own,
with its own state, and imports the package from its sources. Only third-party modules are
imported here, never ``lstm_explained``, so an edit to the package reaches every page.

Nothing threaded runs here before a fork: importing these modules starts no thread that holds a
lock a child could need (TensorFlow creates its thread pools at its first operation, in the
child), and the server waits for requests in one thread.

The other half is ``forked_kernel.py``, the command jupyter_client starts for each kernel: it sends
its own command, working folder, environment and standard streams here and stands for the forked
kernel until it exits. The server refuses a kernel whose import-time environment differs from its
own (that kernel then starts the usual way). It exits when asked to (:func:`stop`), or when the
build process that owns it is gone.
"""

import json
import os
import selectors
import signal
import socket
import sys
import traceback
import warnings

# Imported before any fork: what every page imports first.
PRELOADED = ("numpy", "tensorflow", "keras", "ipykernel.kernelapp")
# Read when those modules are imported (or when the interpreter starts): a kernel whose values differ
# cannot be forked from a server that imported them with others.
IMPORT_TIME_VARIABLES = (
    "TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "KERAS_BACKEND", "KERAS_HOME", "CUDA_VISIBLE_DEVICES",
    "PYTHONHASHSEED", "PYTHONPATH", "IPYTHONDIR", "MPLCONFIGDIR", "MPLBACKEND",
)
KERNEL_MODULE = "ipykernel_launcher"
# Keras imports matplotlib.pyplot, which reads its backend from here at import: set first, to what
# ipykernel sets in every kernel before the page's code runs (IPKernelApp.init_gui_pylab).
MATPLOTLIB_BACKEND = "module://matplotlib_inline.backend_inline"
REAP_INTERVAL = 0.05  # seconds between checks for ended kernels and a gone owner
MAX_MESSAGE = 1 << 20


def compatible(request, environ=os.environ):
    """Why a kernel request cannot be forked from this server, or None when it can.

    >>> compatible({"argv": ["python", "-m", "ipykernel_launcher", "-f", "k.json"], "env": {}}, {})
    >>> compatible({"argv": ["python", "-m", "ipykernel_launcher"], "env": {"PYTHONHASHSEED": "1"}}, {})
    'PYTHONHASHSEED differs'
    """
    if request["argv"][1:3] != ["-m", KERNEL_MODULE]:
        return "not an ipykernel command"
    for name in IMPORT_TIME_VARIABLES:
        default = MATPLOTLIB_BACKEND if name == "MPLBACKEND" else None
        if (request["env"].get(name) or default) != (environ.get(name) or default):
            return f"{name} differs"
    return None


def send(connection, message):
    connection.sendall(json.dumps(message).encode() + b"\n")


def run_kernel(request, descriptors):
    """In the forked child: become the kernel ``python -m ipykernel_launcher ...`` would start."""
    for number, descriptor in enumerate(descriptors):
        os.dup2(descriptor, number)
        os.close(descriptor)
    for number in (signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    # As ipykernel_launcher: this script's folder is not on the path; ipykernel adds the kernel's
    # working folder back itself.
    del sys.path[0]
    sys.argv = [KERNEL_MODULE, *request["argv"][3:]]
    # Seeded from the system, as in a process of its own, not copied from the server. (The random
    # module reseeds itself in a forked child; numpy's generator needs it only if the imports above
    # loaded it, otherwise the page's own import seeds it.)
    if "numpy.random" in sys.modules:
        sys.modules["numpy.random"].seed()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance(argv=request["argv"][3:])


def fork_kernel(request, descriptors, selector, connection):
    """Fork a kernel for ``request``; returns the child's pid (never returns in the child)."""
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        # The server's sockets are not the kernel's business.
        for key in list(selector.get_map().values()):
            key.fileobj.close()
        selector.close()
        connection.close()
        run_kernel(request, descriptors)
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except BaseException:  # noqa: BLE001 - the kernel's stderr is the only place left to say it
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001, S110 - a closed stream at exit
                pass
        os._exit(code)


def owner_alive(owner):
    """Whether the build process is still running (an ended process not yet reaped is not)."""
    try:
        with open(f"/proc/{owner}/stat", encoding="ascii") as stat:
            return stat.read().rpartition(")")[2].split()[0] not in ("Z", "X")
    except OSError:
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True


def detach_output():
    """Stop holding the output of the kernel that started the server: a build's output stays
    open until the server exits otherwise, and whoever reads it to its end would wait for that."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for number in (0, 1, 2):
        os.dup2(devnull, number)
    os.close(devnull)


def serve(path, owner):
    os.environ["MPLBACKEND"] = os.environ.get("MPLBACKEND") or MATPLOTLIB_BACKEND
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name in PRELOADED:
            __import__(name)
    if caught:
        # A page importing these would show the warning in its output, which fails the build there:
        # kernels must then start the usual way, so the pages show it.
        print("kernel_forkserver: importing", ", ".join(PRELOADED), "warned:", file=sys.stderr)
        for warning in caught:
            print(f"  {warning.category.__name__}: {warning.message}", file=sys.stderr)
        return 2
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    temporary = f"{path}.{os.getpid()}"
    listener.bind(temporary)
    listener.listen(16)
    os.replace(temporary, path)  # connectable only once it listens
    sys.stderr.flush()
    detach_output()
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    kernels = {}  # pid -> the connection of the forked_kernel.py that stands for it
    try:
        while owner_alive(owner):
            for key, _ in selector.select(REAP_INTERVAL):
                if key.fileobj is listener:
                    connection, _ = listener.accept()
                    message, descriptors, _, _ = socket.recv_fds(connection, MAX_MESSAGE, 3)
                    try:
                        request = json.loads(message)
                        if request.get("stop"):
                            return 0
                        refusal = compatible(request) if len(descriptors) == 3 else "no standard streams"
                    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
                        refusal = "not a kernel request"
                    if refusal:
                        for descriptor in descriptors:
                            os.close(descriptor)
                        send(connection, {"refused": refusal})
                        connection.close()
                        continue
                    pid = fork_kernel(request, descriptors, selector, connection)
                    for descriptor in descriptors:
                        os.close(descriptor)
                    kernels[pid] = connection
                    selector.register(connection, selectors.EVENT_READ, pid)
                    send(connection, {"pid": pid})
                else:
                    # The stand-in only ever writes to say nothing; readable means it has gone.
                    if not key.fileobj.recv(1):
                        pid = key.data
                        selector.unregister(key.fileobj)
                        try:
                            os.kill(pid, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
            while kernels:
                try:
                    pid, status = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if not pid:
                    break
                connection = kernels.pop(pid, None)
                if connection is not None:
                    code = os.waitstatus_to_exitcode(status)
                    try:
                        selector.unregister(connection)
                    except KeyError:
                        pass
                    try:
                        send(connection, {"exit": code})
                    except OSError:
                        pass
                    connection.close()
        return 0
    finally:
        for pid in kernels:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def stop(path):
    """Ask the server at ``path`` to exit (it is gone anyway when its owner is); quiet if none."""
    from forked_kernel import connect  # this folder is on the path: Sphinx's, or this script's

    try:
        with connect(path) as connection:
            socket.send_fds(connection, [json.dumps({"stop": True}).encode()], [])
    except OSError:
        pass


if __name__ == "__main__":
    status = serve(sys.argv[1], int(sys.argv[2]))
    sys.stderr.flush()
    os._exit(status)  # TensorFlow's own clean-up at exit takes seconds and has nothing to do here
