"""The zip `make dist` writes is the whole site: unzipped into an empty folder, it works offline.

The archive is what a course hands out, so the checks run on the unzipped copy, not on
_build/html: it holds the built site's files byte for byte, a page at each folder depth loads from
it with no network request, no console error and no file outside it, search finds a term, and the
calculator answers. (Every page of _build/html is opened in tests/browser/test_every_page.py,
which also checks that no page asks for a file outside its site's folder: with the same bytes,
a page that loads there loads here.)
"""

import zipfile

import pytest
from site_zip import site_files  # docs/_ext, on sys.path from the root conftest.py

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


def files(folder):
    """The site's files under ``folder`` as the zip writer picks them (docs/_ext/site_zip.py): relative path -> bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in site_files(folder)}


def test_archive_holds_the_built_site_byte_for_byte_and_the_wheel(unzipped):
    assert pages(unzipped) == pages(HTML)
    in_archive, built = files(unzipped), files(HTML)
    assert sorted(in_archive) == sorted(built)
    assert [name for name in built if in_archive[name] != built[name]] == []
    assert list(unzipped.glob("lstm_explained-*-py3-none-any.whl"))
    assert not (unzipped / ".doctrees").exists() and not (unzipped / ".buildinfo").exists()


def test_a_page_at_every_depth_loads_offline_from_the_archive_alone(offline, unzipped):
    by_depth = {}
    for name in pages(unzipped):
        by_depth.setdefault(name.count("/"), name)
    assert len(by_depth) >= 3, by_depth  # the landing page, _modules/index.html, _modules/lstm_explained/...
    tab = offline()
    for name in by_depth.values():
        tab.open(unzipped / name)
    assert tab.network_requests == [], tab.network_requests
    assert tab.console_errors == [], tab.console_errors
    outside = [url for url in tab.requested if url.startswith("file:") and not url.startswith(unzipped.as_uri() + "/")]
    assert outside == [], f"pages of the archive asked for files outside it: {outside}"


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
