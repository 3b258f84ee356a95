"""Zip the built site into one archive a course can hand out: ``python site_zip.py SITE ARCHIVE``.

The archive holds one folder named like the archive (``lstm-explained-site-0.1.0/index.html``),
so unzipping it anywhere gives one folder to open. It is reproducible: entries are sorted and
dated by ``SOURCE_DATE_EPOCH`` (a fixed date, set by the Makefile), so two builds of one
commit give the same bytes. Build outputs that are not part of the site (Sphinx's ``.doctrees``,
``.buildinfo`` and make's ``.built`` stamp) stay out.
"""

import os
import stat
import sys
import time
import zipfile
from pathlib import Path

LEFT_OUT = {".buildinfo", ".built", ".doctrees"}
# The zip format cannot date a file before 1980.
EARLIEST = 315532800


def site_files(site):
    """The files of the built site, sorted, with the bookkeeping of the build left out."""
    return sorted(
        path for path in site.rglob("*")
        if path.is_file() and not LEFT_OUT.intersection(path.relative_to(site).parts)
    )


def write_site_zip(site, archive, epoch):
    """Write ``archive`` from the folder ``site``; every entry dated ``epoch`` (seconds, UTC)."""
    site, archive = Path(site), Path(archive)
    folder = archive.name.removesuffix(".zip")
    date_time = time.gmtime(max(int(epoch), EARLIEST))[:6]
    partial = archive.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in site_files(site):
            entry = zipfile.ZipInfo(f"{folder}/{path.relative_to(site).as_posix()}", date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = (stat.S_IFREG | 0o644) << 16
            bundle.writestr(entry, path.read_bytes(), compresslevel=9)
    partial.replace(archive)
    return archive


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: site_zip.py SITE_FOLDER ARCHIVE.zip")
    written = write_site_zip(sys.argv[1], sys.argv[2], os.environ.get("SOURCE_DATE_EPOCH", EARLIEST))
    print(f"{written} ({written.stat().st_size / 1e6:.1f} MB)")
