"""One kernel of a site build, forked from the build's kernel fork server (kernel_forkserver.py).

jupyter_client starts this (``python -S forked_kernel.py python -m ipykernel_launcher -f <file>``)
in place of the kernel command that follows. It hands that command, its working folder, its
environment and its standard streams to the server named by $LSTM_EXPLAINED_KERNEL_SERVER,
starting the server first if none answers there, then stands for the forked kernel: signals sent
to it go to the kernel, and it exits as the kernel exits. With no server to be had (the variable
unset, the server refusing this kernel or failing to start: the build's later kernels then do not
try again), it becomes the kernel command itself.
Standard library only, and run with -S: it starts in a few milliseconds.
"""

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

SERVER_VARIABLE = "LSTM_EXPLAINED_KERNEL_SERVER"  # "<socket path>:<pid of the build that owns it>"
SERVER = Path(__file__).with_name("kernel_forkserver.py")
SERVER_START_SECONDS = 300  # the server's imports, on a busy machine
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2)


def server_setting(environ=os.environ):
    """(socket path, owner pid) of this build's server, from $LSTM_EXPLAINED_KERNEL_SERVER; ("", "") if none.

    >>> server_setting({SERVER_VARIABLE: "/tmp/k.sock:42"})
    ('/tmp/k.sock', '42')
    """
    path, _, owner = environ.get(SERVER_VARIABLE, "").rpartition(":")
    return path, owner


def connect(path):
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(path)
    except OSError:
        connection.close()
        raise
    return connection


def server_connection(path, owner, python):
    """A connection to the server at ``path``, started (once, whichever kernel comes first) if needed."""
    try:
        return connect(path)
    except OSError:
        pass
    try:
        lock = open(f"{path}.lock", "w")  # noqa: SIM115 - held until the server answers
    except OSError:  # no folder to start a server in
        return None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return connect(path)
        except OSError:
            pass
        failed = Path(f"{path}.failed")
        if failed.exists():  # said why once already; this build's kernels start the usual way
            return None
        server = subprocess.Popen(
            [python, str(SERVER), path, owner], stdin=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline and server.poll() is None:
            try:
                return connect(path)
            except OSError:
                time.sleep(0.02)
        try:
            failed.touch()
        except OSError:
            pass
    return None


def lines(connection):
    buffer = b""
    while True:
        chunk = connection.recv(4096)
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield json.loads(line)


def become(kernel_command):
    os.execvp(kernel_command[0], kernel_command)


def main(kernel_command):
    # jupyter_client started this with the interpreter it chose for the kernel (a bare "python" in
    # the command is its own): the kernel gets the same one.
    kernel_command = [sys.executable, *kernel_command[1:]]
    path, owner = server_setting()
    connection = server_connection(path, owner, kernel_command[0]) if path else None
    if connection is None:
        become(kernel_command)
    request = {"argv": kernel_command, "cwd": os.getcwd(), "env": dict(os.environ)}
    socket.send_fds(connection, [json.dumps(request).encode()], [0, 1, 2])
    replies = lines(connection)
    first = next(replies, None)
    if first is None or "pid" not in first:
        connection.close()
        become(kernel_command)
    kernel = first["pid"]

    def forward(number, frame):
        try:
            os.kill(kernel, number)
        except ProcessLookupError:
            pass

    for number in FORWARDED:
        signal.signal(number, forward)
    for reply in replies:
        if "exit" in reply:
            code = reply["exit"]
            if code < 0:  # ended by a signal: end the same way
                signal.signal(-code, signal.SIG_DFL)
                os.kill(os.getpid(), -code)
            os._exit(code)
    os._exit(1)  # the server went away with the kernel


if __name__ == "__main__":
    main(sys.argv[1:])
