"""The data script the build wrote for the browser is what the package gives now (not stale)."""

from browser_data import DATA_FILE, browser_data_script  # docs/_ext, on sys.path through conftest.py
from tests.helpers import HTML, built_page


def test_the_built_data_script_is_current():
    built_page("calculator")  # fails clearly when the site was not built
    written = (HTML / "_static" / DATA_FILE).read_text(encoding="utf-8")
    assert written == browser_data_script(), "stale: rebuild the site ('make html') after changing the package"


def test_the_built_scripts_are_the_sources():
    # Sphinx copies docs/_static; the data script is the only generated one.
    for name in ("core.js", "diagram.js", "calculator.js"):
        source = (HTML.parent.parent / "docs" / "_static" / name).read_text(encoding="utf-8")
        assert (HTML / "_static" / name).read_text(encoding="utf-8") == source, name
