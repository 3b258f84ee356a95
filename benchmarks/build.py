"""Measure how long the site takes to build, clean and incremental, and print the figures.

Run with `make bench`. Works in a throw-away copy of the project (benchmarks/_work), so the
checkout's own build and cache are untouched. Targets (issue: fast rebuilds that are never stale):
clean build / raw execution under 0.6 (issue 25: it had slipped to 0.69 as pages grew from 11 to
16), no-change rebuild / clean build <= 0.05.
"""

import gc
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.project_copy import ProjectCopy  # noqa: E402

WORK = ROOT / "benchmarks" / "_work"


def raw_execution(project):
    """Execute every page's notebook once with nbclient, sequentially: the floor for a build."""
    from myst_nb.core.read import read_myst_markdown_notebook
    from nbclient import NotebookClient

    # The kernels get the environment the build gives them.
    sys.path.insert(0, str(project.root / "docs" / "_ext"))
    from kernel_environment import apply_kernel_environment

    apply_kernel_environment()
    seconds = {}
    for source in sorted((project.root / "docs").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        if "file_format: mystnb" not in text:
            continue
        notebook = read_myst_markdown_notebook(text)
        client = NotebookClient(notebook, timeout=60, kernel_name="python3",
                                resources={"metadata": {"path": str(source.parent)}})
        start = time.perf_counter()
        client.execute()
        seconds[source.stem] = time.perf_counter() - start
        del client  # shut its kernel manager down now, not at exit after the event loop is gone
        gc.collect()
    return seconds


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    project = ProjectCopy(WORK)
    rows = []

    def record(label, build, note=""):
        executed = ", ".join(sorted(build.executed)) if len(build.executed) < 4 else f"{len(build.executed)} pages"
        rows.append((label, build.seconds, executed or "none", note))
        return build

    raw = raw_execution(project)
    raw_total = sum(raw.values())

    serial = project.build("-j 1")
    project.clean()
    clean = record("clean build (-j 2, as make html)", project.build("-j 2"))
    record("clean build, serial (-j 1)", serial)
    no_change = record("no-change make html (make sees nothing newer)", project.build())
    no_change_sphinx = record("no-change rebuild, Sphinx forced to run", project.build(force_sphinx=True))
    project.edit("docs/counting.md", "## The formula\n", "## The formula\n\nA benchmark sentence.\n")
    record("one page's prose edited", project.build())
    project.edit("docs/counting.md", "sizes = [(1, 1),", "sizes = [(2, 1), (1, 1),")
    record("one page's code edited", project.build())
    project.edit("lstm_explained/report.py", '"""The report that', '"""(benchmark edit) The report that')
    after_package = record("lstm_explained/ edited", project.build(), "must execute every page")

    print("\nRaw execution of each page (nbclient, sequential, no Sphinx):")
    for page, seconds in sorted(raw.items(), key=lambda item: -item[1]):
        print(f"  {page:14} {seconds:6.2f} s")
    print(f"  {'sum':14} {raw_total:6.2f} s")
    print("\n| build | seconds | pages executed | |\n|---|---:|---|---|")
    for label, seconds, executed, note in rows:
        print(f"| {label} | {seconds:.2f} | {executed} | {note} |")
    print(f"\npeak memory of the clean build (-j 2): {clean.peak_memory_bytes / 2**30:.2f} GiB;"
          f" serial: {serial.peak_memory_bytes / 2**30:.2f} GiB")
    ratio_clean = clean.seconds / raw_total
    ratio_rebuild = no_change.seconds / clean.seconds
    ratio_sphinx = no_change_sphinx.seconds / clean.seconds
    print(f"clean build / raw execution:  {ratio_clean:.3f} (target < 0.6: {'met' if ratio_clean < 0.6 else 'NOT met'})")
    print(f"no-change rebuild / clean:    {ratio_rebuild:.3f} (target <= 0.05: {'met' if ratio_rebuild <= 0.05 else 'NOT met'})")
    print(f"  with Sphinx forced to run:  {ratio_sphinx:.3f} (target <= 0.05: {'met' if ratio_sphinx <= 0.05 else 'NOT met'})")
    print(f"package edit re-executed {len(after_package.executed)} of {len(raw)} pages")
    slowest = sorted(raw, key=raw.get, reverse=True)[:3]
    print(f"pages that dominate: {', '.join(f'{p} ({raw[p]:.1f} s)' for p in slowest)}")
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
