"""The zip `make dist` writes is the whole site: unzipped into an empty folder, it works offline.

The archive is what a course hands out, so the checks run on the unzipped copy, not on
_build/html: every page loads with no network request and no console error, search finds a
term, and the calculator answers.
"""

import zipfile

import pytest

from lstm_explained import count_params
from tests.helpers import HTML, ROOT


def site_zip():
    archives = sorted((ROOT / "_build").glob("lstm-explained-site-*.zip"))
    if not archives:
        pytest.fail("no site archive in _build: run 'make dist' (make test does)", pytrace=False)
    return max(archives, key=lambda path: path.stat().st_mtime)


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory):
    folder = tmp_path_factory.mktemp("handout")
    assert not any(folder.iterdir())
    archive = site_zip()
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(folder)
    (site,) = folder.iterdir()
    assert site.name == archive.stem, "the archive holds one folder named like itself"
    return site


def pages(folder):
    return sorted(path.relative_to(folder).as_posix() for path in folder.glob("**/*.html") if "_static" not in path.parts)


def test_archive_holds_every_page_and_the_wheel(unzipped):
    assert pages(unzipped) == pages(HTML)
    assert list(unzipped.glob("lstm_explained-*-py3-none-any.whl"))
    assert not (unzipped / ".doctrees").exists() and not (unzipped / ".buildinfo").exists()


def test_every_page_loads_offline(offline, unzipped):
    tab = offline()
    for name in pages(unzipped):
        tab.open(unzipped / name)
    assert tab.network_requests == [], tab.network_requests
    assert tab.console_errors == [], tab.console_errors


def test_search_works(offline, unzipped):
    tab = offline()
    page = tab.page
    page.goto((unzipped / "search.html").as_uri() + "?q=recurrent_kernel", wait_until="load")
    page.wait_for_selector("#search-results ul.search li")
    assert page.locator("#search-results ul.search li a").count() > 0
    assert tab.network_requests == [] and tab.console_errors == []


def test_calculator_works(offline, unzipped):
    tab = offline()
    page = tab.open(unzipped / "calculator.html")
    page.select_option("#calc-kind", "gru")
    page.fill("#calc-input-dim", "7")
    page.fill("#calc-units", "3")
    expected = str(count_params("gru", 7, 3))
    page.wait_for_function(f"() => document.querySelector('[data-out=\"total\"]').textContent.trim() === '{expected}'")
    assert tab.network_requests == [] and tab.console_errors == []
