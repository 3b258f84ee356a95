"""Measure the test phase of `make test` tier by tier, and print the figures.

Run with `make bench-tests` (or `make bench`) after `make html dist`: it runs pytest once per tier
over the checkout's own build and prints seconds and test counts (`--workers 0` for one process;
run the tiers together as `make test` does for the whole phase's time). Target (issue 25): the whole
test phase in at most 240 s on this project's 2-core machine. A benchmark that prints, never a
timed test.
"""

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 240

# The tiers partition the suite: every test is in exactly one (markers from the tests' conftests).
TIERS = {
    "unit (package, doctests, pages' >>> examples)": "not site and not browser and not slow",
    "site (built HTML, executed notebooks, rebuilds)": "(site or slow) and not browser",
    "browser (Chromium: every page, calculator, diagrams, summary box)": "browser",
}
OUTCOME = re.compile(r"(\d+) (passed|failed|skipped|errors?|deselected)")


def run_tier(selection, workers):
    """Run one tier; return (seconds, {outcome: count}, exit status)."""
    parallel = ["-n", str(workers), "--dist", "loadgroup"] if workers else []
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", selection, *parallel],
        cwd=ROOT, capture_output=True, text=True,
    )
    seconds = time.perf_counter() - start
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    counts = {outcome: int(number) for number, outcome in OUTCOME.findall(last)}
    return seconds, counts, result.returncode


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make bench-tests", description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2,
                        help="pytest-xdist workers per tier, as make test uses (0: one process)")
    args = parser.parse_args(argv)
    print(f"test phase, tier by tier, {args.workers or 'no'} xdist workers", flush=True)
    rows = []
    for tier, selection in TIERS.items():
        seconds, counts, status = run_tier(selection, args.workers)
        rows.append((tier, seconds, counts, status))
        print(f"  measured {tier}: {seconds:.1f} s", flush=True)
    # The tiers one after the other leave a core idle at each tier's tail; make test runs them together.
    total, counts, status = run_tier(" or ".join(f"({selection})" for selection in TIERS.values()), args.workers)
    rows.append(("whole test phase, as make test runs it", total, counts, status))
    print("\n| tier | seconds | passed | failed | skipped |\n|---|---:|---:|---:|---:|")
    for tier, seconds, counts, _ in rows:
        print(f"| {tier} | {seconds:.1f} | {counts.get('passed', 0)} | {counts.get('failed', 0)} | {counts.get('skipped', 0)} |")
    verdict = "met" if total <= TARGET_SECONDS else "NOT met"
    print(f"\ntest phase: {total:.0f} s (target <= {TARGET_SECONDS} s: {verdict})")
    return 1 if any(status for *_, status in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
