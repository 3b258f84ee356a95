"""The wheel the site ships installs with no package index, and the installed package works.

A reader with the offline folder has the wheel and, often, NumPy already. This test gives a fresh
virtual environment NumPy only (linked from the build's environment: no index, no network), then
installs the wheel from the built site with ``pip install --no-index`` and runs the command line
from the installed copy, away from this checkout.
"""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy
import pytest

from lstm_explained import param_formula
from tests.helpers import HTML, ROOT, built_page


def shipped_wheel():
    wheels = sorted(HTML.glob("lstm_explained-*-py3-none-any.whl"))
    assert len(wheels) == 1, f"the built site must ship exactly one wheel beside index.html: {wheels}"
    return wheels[0]


def test_install_page_links_the_shipped_wheel():
    wheel = shipped_wheel()
    assert f'href="{wheel.name}"' in built_page("install")
    assert f"pip install {wheel.name}" in built_page("install")


def test_wheel_holds_the_package_and_its_metadata():
    with zipfile.ZipFile(shipped_wheel()) as archive:
        names = archive.namelist()
        metadata = archive.read(next(name for name in names if name.endswith(".dist-info/METADATA"))).decode()
    sources = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "lstm_explained").rglob("*.py"))
    assert sorted(name for name in names if name.startswith("lstm_explained/")) == sources
    assert re.search(r"^Requires-Dist: numpy", metadata, re.M)
    assert not re.search(r"^Requires-Dist: tensorflow(?!.*extra ==)", metadata, re.M), "TensorFlow must stay optional"


def numpy_only_folder(folder):
    """A folder holding NumPy (links into this environment) and nothing else, for a .pth file."""
    folder.mkdir()
    site_packages = Path(numpy.__file__).parent.parent
    for path in site_packages.iterdir():
        if path.name == "numpy" or path.name.startswith(("numpy-", "numpy.libs")):
            (folder / path.name).symlink_to(path)
    return folder


def test_wheel_installs_with_no_index_and_runs(tmp_path):
    environment = tmp_path / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", environment], check=True)
    python = environment / "bin" / "python"
    site_packages = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    (Path(site_packages) / "numpy_only.pth").write_text(str(numpy_only_folder(tmp_path / "numpy-only")) + "\n")

    install = subprocess.run(
        [python, "-m", "pip", "install", "--no-index", "--disable-pip-version-check", shipped_wheel()],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    run = subprocess.run(
        [python, "-m", "lstm_explained", "lstm", "--input-dim", "4", "--units", "2"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert param_formula("lstm", input_dim=4, units=2) in run.stdout
    where = subprocess.run(
        [python, "-c", "import lstm_explained; print(lstm_explained.__file__)"],
        capture_output=True, text=True, cwd=tmp_path, check=True,
    ).stdout
    assert Path(where).resolve().is_relative_to(environment.resolve()), f"not the installed copy: {where}"
    tensorflow = subprocess.run([python, "-c", "import tensorflow"], capture_output=True, cwd=tmp_path)
    assert tensorflow.returncode != 0, "the environment was meant to hold NumPy only"


@pytest.mark.parametrize("name", ["constraints.txt"])
def test_lock_file_ships_with_the_site(name):
    assert (HTML / name).read_text(encoding="utf-8") == (ROOT / name).read_text(encoding="utf-8")
