"""A rebuilt site completed from the site it replaces.

A rebuild writes into an empty folder only what it renders (the changed pages, the
theme's templates, the plugins' files, the changed static files); every other file of
the new site is the old site's, hard-linked (a link costs no copy, and the new site
never writes through it: what changed is a new file). The old site is left as it was,
for readers, until the new one replaces it whole. Where the file system has no hard
links, the file is copied.

A site of 5,000 articles has ten thousand folders (a page is a folder's ``index.html``),
and making a folder costs as much as twenty-five links on some file systems (ext4 here:
0.2 ms against 8 µs). So the old site's folders are made in the new one first
(:func:`make_folders`), while MkDocs renders the changed pages, and those no file needs
are removed once the files are in (:func:`complete_from`).
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

AS_OF_LINE = re.compile(rb'<p class="print-only print-as-of">[^<]*</p>')
"""The line every page prints on paper, with the build's "as of" date (``overrides/main.html``)."""


class FullBuildNeeded(Exception):
    """A rebuild cannot render only the changed pages; the message says why."""


def as_of_mover(old: str, new: str) -> Callable[[bytes], bytes]:
    """What turns a page printed "as of" ``old`` into the page printed "as of" ``new``: the date
    is the only part of an unchanged page that a newer article changes."""
    before, after = (f"as of {html.escape(date)},".encode() for date in (old, new))

    def move(content: bytes) -> bytes:
        lines = AS_OF_LINE.findall(content)
        if len(lines) != 1 or lines[0].count(before) != 1:
            raise FullBuildNeeded('a page does not print its "as of" date as the theme did')
        start = content.index(lines[0])
        return content[:start] + lines[0].replace(before, after) + content[start + len(lines[0]) :]

    return move


def written_files(folder: Path, skip: Callable[[str], bool] | None = None) -> set[str]:
    """Every file in ``folder``, by its path relative to it; none under a subfolder whose name
    ``skip`` is true of."""
    found = set()
    top = str(folder)
    for root, dirs, names in os.walk(top):
        if skip is not None:
            dirs[:] = [d for d in dirs if not skip(d)]
        # Strings, not paths: a site of 5,000 articles has ten thousand folders and twenty thousand files.
        relative = root[len(top) :].lstrip(os.sep).replace(os.sep, "/")
        prefix = f"{relative}/" if relative else ""
        found.update(prefix + name for name in names)
    return found


def site_folders(site: Path, skip: Callable[[str], bool] | None = None) -> list[str]:
    """Every folder of ``site`` by its path relative to it, each after the one it is in; none
    under a subfolder whose name ``skip`` is true of (nor that subfolder)."""
    found = []
    top = str(site)
    for root, dirs, _ in os.walk(top):
        if skip is not None:
            dirs[:] = [d for d in dirs if not skip(d)]
        relative = root[len(top) :].lstrip(os.sep).replace(os.sep, "/")
        found.extend(f"{relative}/{d}" if relative else d for d in dirs)
    return found


def not_written_by_mkdocs(folder: str) -> bool:
    """A folder of a site that MkDocs does not write: the search index's, or a hidden one."""
    return folder.startswith(("pagefind", "."))


def make_folders(site_dir: Path, folders: Iterable[str]) -> None:
    """Make ``folders`` (as :func:`site_folders` lists them) in ``site_dir``; one made
    meanwhile by another process (MkDocs writing a page) is left as it is."""
    top = str(site_dir)
    for folder in folders:
        with contextlib.suppress(FileExistsError):
            os.mkdir(os.path.join(top, folder))


def complete_from(
    old_site: Path,
    site_dir: Path,
    outputs: Iterable[str],
    *,
    move_as_of: Callable[[bytes], bytes] | None = None,
    pages: set[str] = frozenset(),
    made: Iterable[str] = (),
) -> None:
    """Give ``site_dir`` each of ``outputs`` (paths in the site) it lacks, from ``old_site``.

    With ``move_as_of``, the ``pages`` among them are written anew, with the new "as of"
    date. :class:`FullBuildNeeded` when the old site lacks one of them. The folders ``made``
    in advance (:func:`make_folders`) that no file needs are then removed: the site has the
    folders a build that wrote every file would have made, and no others."""
    new, old = str(site_dir), str(old_site)
    written = written_files(site_dir)
    made = set(made)
    folders = {""} | made
    for path in outputs:
        if path in written:
            continue
        folder = path.rpartition("/")[0]
        if folder not in folders:
            os.makedirs(os.path.join(new, folder), exist_ok=True)
            folders.add(folder)
        source, target = os.path.join(old, path), os.path.join(new, path)
        try:
            if move_as_of is not None and path in pages:
                with open(source, "rb") as page:
                    content = move_as_of(page.read())
                with open(target, "wb") as page:
                    page.write(content)
            else:
                _link(source, target)
        except FileNotFoundError as exc:
            raise FullBuildNeeded(f"{path} is missing from the site") from exc
        written.add(path)
    if made:
        _remove_unused(new, made, written)


def _remove_unused(top: str, made: set[str], files: set[str]) -> None:
    """Remove the folders of ``made`` that hold none of ``files``, the deepest first."""
    used = set()
    for path in files:
        folder = path.rpartition("/")[0]
        while folder and folder not in used:
            used.add(folder)
            folder = folder.rpartition("/")[0]
    for folder in sorted(made - used, key=lambda f: f.count("/"), reverse=True):
        with contextlib.suppress(OSError):  # not empty after all: something of its own is in it
            os.rmdir(os.path.join(top, folder))


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except FileNotFoundError:
        raise
    except OSError:  # a file system without hard links, or across devices
        shutil.copy2(source, target)
