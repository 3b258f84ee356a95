"""The stress check (`make stress`): CI's run on a fresh clone, then the browser tier again and again,
with a core kept busy.

A test suite that passes on an idle machine can still fail on a loaded CI runner (kernels slow to
start, timers firing late, a colour transition still running when axe reads the page). This
clones the committed HEAD into a temporary folder, keeps one core busy with a spinning process,
and runs `.ci/run` there (a clean build and the whole suite); then it runs the browser tier, where
a one-in-twenty race would hide, ten more times over that build, on two workers as `make test`
does. It prints how many runs passed and exits non-zero unless all did. Not part of `make test`:
it takes about 45 minutes (`--runs 3` for three whole CI runs).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(command, cwd, log):
    """Run a command with its output appended to ``log``; return its exit status and duration."""
    start = time.perf_counter()
    with open(log, "a", encoding="utf-8") as output:
        status = subprocess.run(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, env=dict(os.environ, CI="true")).returncode
    return status, time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make stress", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="how many times to run .ci/run (default 1)")
    parser.add_argument("--browser-runs", type=int, default=10,
                        help="how many more times to run the browser tier alone (default 10)")
    parser.add_argument("--keep", action="store_true", help="keep the clone and its logs")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="lstm-explained-stress-"))
    clone = folder / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True).stdout.strip()
    print(f"stress: {args.runs} runs of .ci/run and {args.browser_runs} of the browser tier on a fresh clone"
          f" of {head} in {clone}, one core kept busy", flush=True)

    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    passed = 0
    runs = [("ci", number) for number in range(1, args.runs + 1)]
    runs += [("browser", number) for number in range(1, args.browser_runs + 1)]
    try:
        for kind, number in runs:
            log = folder / f"{kind}-{number}.log"
            if kind == "ci":
                run(["make", "clean"], clone, log)
                status, seconds = run(["bash", ".ci/run"], clone, log)
            else:  # over the site the last .ci/run built
                status, seconds = run([".venv/bin/python", "-m", "pytest", "-m", "browser", "-q", "-n", "2", "--dist", "loadgroup"], clone, log)
            passed += status == 0
            summary = next((line for line in reversed(log.read_text(encoding="utf-8").splitlines()) if " in " in line and ("passed" in line or "failed" in line)), "")
            print(f"  {kind} run {number}: {'passed' if status == 0 else f'FAILED (exit {status})'} in {seconds:.0f} s"
                  f"  {summary.strip('= ')}  log: {log}", flush=True)
    finally:
        busy.kill()
    print(f"stress: {passed} of {len(runs)} passed")
    if passed == len(runs) and not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if passed == len(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
