"""The last stage: write a :class:`~generator.models.Briefing` as MkDocs pages.

``render_site`` owns ``index.md``, ``report.md``, ``feed.xml``, ``incidents/``,
``articles/``, ``downloads/``, ``dates/``, ``countries/``, ``actors/`` and ``maps/`` in the
docs folder and nothing else. A file is rewritten only when its bytes change, so
``mkdocs serve`` does not rebuild in a loop, and generated files a build no longer
has are removed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..editions import Changes
from ..models import Briefing
from ..safe_files import write_atomically
from .downloads import FEED_PAGE
from .pages import render_files
from .reuse import PageDigests

OWNED_FILES = ("index.md", "report.md", FEED_PAGE)
OWNED_DIRS = ("incidents", "articles", "downloads", "dates", "countries", "actors", "maps")


@dataclass(frozen=True, slots=True)
class RenderResult:
    """What ``render_site`` did to the docs folder; paths are relative to it, sorted."""

    written: tuple[str, ...]
    """Files created or changed."""
    removed: tuple[str, ...]
    """Generated files of an earlier build that this build no longer has."""
    unchanged: tuple[str, ...]
    """Files whose content was already right: left alone."""


def _owned_files(docs_dir: Path) -> set[str]:
    """The generated files an earlier build left in ``docs_dir`` (and symbolic links, which
    ``os.walk`` lists but does not follow). Walked with ``os.walk``: ``Path.rglob`` over the
    ten thousand files of a large site takes a tenth of a second more."""
    found = {name for name in OWNED_FILES if (docs_dir / name).is_file()}
    for folder in OWNED_DIRS:
        for root, dirs, files in os.walk(docs_dir / folder):
            relative = Path(root).relative_to(docs_dir).as_posix()
            links = [name for name in dirs if os.path.islink(os.path.join(root, name))]
            found.update(f"{relative}/{name}" for name in (*files, *links))
    return found


def _write_if_changed(path: Path, content: bytes) -> bool:
    """Write ``content`` unless the file already holds it; True when written.

    Written to a temporary file and renamed, so ``mkdocs serve`` never reads half a page.
    """
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, content)
    return True


def render_site(
    briefing: Briefing,
    docs_dir: Path,
    *,
    changes: Changes | None = None,
    site_url: str | None = None,
    cache_dir: Path | None = None,
) -> RenderResult:
    """Write the site's generated pages, charts and downloads into ``docs_dir``,
    remove generated files that are no longer part of it, and say what changed.

    With a ``cache_dir``, incident and article pages whose inputs are those they were
    last rendered from are left as they are, not rendered again (see :class:`PageDigests`)."""
    docs_dir = Path(docs_dir)
    digests = PageDigests(cache_dir, docs_dir) if cache_dir is not None else None
    files = render_files(briefing, changes=changes, site_url=site_url, reuse=digests.reuse if digests else None)
    written, unchanged = [], []
    for path in sorted(files):
        content = files[path]
        if content is None or not _write_if_changed(docs_dir / path, content):
            unchanged.append(path)
        else:
            written.append(path)
        if digests is not None and content is not None:
            digests.written(path, len(content))
    if digests is not None:
        digests.save()
    removed = sorted(_owned_files(docs_dir) - set(files))
    for path in removed:
        (docs_dir / path).unlink()
    for folder in OWNED_DIRS:
        # Deepest first, so a folder emptied by the removals above goes too.
        for root, dirs, _files in os.walk(docs_dir / folder, topdown=False):
            for name in dirs:
                directory = Path(root, name)
                if not directory.is_symlink() and not any(directory.iterdir()):
                    directory.rmdir()
    return RenderResult(written=tuple(written), removed=tuple(removed), unchanged=tuple(unchanged))
