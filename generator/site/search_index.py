"""The site's search index: Pagefind run over the built site, before it is published.

Pagefind (the binary of the ``pagefind[bin]`` package) reads the built HTML pages and
writes, into ``pagefind/``, an index that a reader's browser fetches piece by piece:
the few chunks holding the words of a query, then the results it shows
(``docs/assets/search.js``). Which pages it reads, and what each says of itself, is
marked in the theme (``overrides/main.html``): the incident, article and hand-written
pages, not the listings.

Pagefind holds everything it indexes in memory, about eight bytes for each byte of
HTML here (a site of 1,000 articles, 44 MB of pages, peaks at about 360 MB). So
that a site of any size is indexed in bounded memory, its pages are indexed in parts
of at most :data:`PART_BYTES` of HTML, one run of the binary each, over a folder
that holds only that part's pages (hard links); the browser merges the parts' indexes
(``parts.json`` lists them). A site of a few thousand articles is one part.

:func:`index_site` takes nothing but the built site's folder, so that a rebuild can
skip it, or index only what changed, without knowing how the site was built.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ..measured import run_measured

BUNDLE = "pagefind"
"""The index's folder in the site, where ``assets/search.js`` looks for it."""
MANIFEST = "parts.json"
"""In :data:`BUNDLE`: the folders of every part of the index, the first one first."""
MARK = b"data-pagefind-body"
"""What the theme writes into a page that search indexes."""
PART_BYTES = 96 * 1024**2
"""HTML bytes indexed by one run of Pagefind: about 800 MB at its peak."""
LANGUAGE = "en"
"""The articles' language: Pagefind stems English words ("killed" finds "killing")."""
EXCLUDE = "a.headerlink"
"""Not words of a page: the ¶ after each heading."""
UNUSED = tuple(f"pagefind-{ui}.{ext}" for ui in ("ui", "modular-ui", "component-ui") for ext in ("js", "css"))
"""Pagefind's ready-made interfaces, which this site does not use (it has its own in the header)."""


class SearchIndexError(RuntimeError):
    """The index could not be written; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """What indexing a site did."""

    pages: int
    """Pages indexed."""
    parts: int
    """Runs of Pagefind, each writing one part of the index."""
    bytes: int
    """The index's size in the site (what a server holds; a reader fetches a few pieces)."""
    seconds: float
    peak_bytes: int | None
    """The largest resident memory of a run of Pagefind; ``None`` where it cannot be measured."""


def index_site(site_dir: Path, *, part_bytes: int = PART_BYTES) -> SearchIndex:
    """Index the pages of the built site in ``site_dir`` into its ``pagefind/`` folder
    (and ``pagefind-2/``… for a site larger than ``part_bytes`` of HTML). A site with
    no page to search gets an index of no parts."""
    clock = time.perf_counter()
    site_dir = Path(site_dir)
    binary = _binary()
    pages = pages_to_index(site_dir)
    parts = split_into_parts(pages, part_bytes) if pages else []
    folders = [BUNDLE if n == 0 else f"{BUNDLE}-{n + 1}" for n in range(len(parts))]
    peaks = []
    for folder, part in zip(folders, parts, strict=True):
        peaks.append(_index_part(binary, site_dir, [path for path, _ in part], site_dir / folder))
    (site_dir / BUNDLE).mkdir(exist_ok=True)
    manifest = {"parts": [f"{folder}/" for folder in folders]}
    (site_dir / BUNDLE / MANIFEST).write_text(json.dumps(manifest) + "\n", encoding="utf-8")
    size = sum(_size(site_dir / folder) for folder in folders)
    peak = None if not peaks or None in peaks else max(p for p in peaks if p is not None)
    return SearchIndex(len(pages), len(parts), size, time.perf_counter() - clock, peak)


def pages_to_index(site_dir: Path) -> list[tuple[str, int]]:
    """Every HTML page the theme marked for search, as (path relative to ``site_dir``, bytes), sorted."""
    found = []
    for folder, dirs, files in os.walk(site_dir):
        dirs[:] = sorted(d for d in dirs if not (d == BUNDLE or d.startswith((f"{BUNDLE}-", "."))))
        for name in files:
            if name.endswith(".html"):
                path = Path(folder, name)
                content = path.read_bytes()
                if MARK in content:
                    found.append((path.relative_to(site_dir).as_posix(), len(content)))
    return sorted(found)


def split_into_parts(pages: list[tuple[str, int]], part_bytes: int) -> list[list[tuple[str, int]]]:
    """``pages`` in order, cut into runs of at most ``part_bytes`` (a larger page is a part of
    its own)."""
    parts: list[list[tuple[str, int]]] = [[]]
    held = 0
    for page in pages:
        if parts[-1] and held + page[1] > part_bytes:
            parts.append([])
            held = 0
        parts[-1].append(page)
        held += page[1]
    return parts


def _binary() -> Path:
    try:
        from pagefind_bin import get_executable

        return Path(get_executable())
    except (ImportError, FileNotFoundError) as exc:
        raise SearchIndexError(
            "Pagefind, which writes the search index, is not installed: run `make site` "
            "(it installs pagefind[bin] from requirements/run.txt)"
        ) from exc


def _index_part(binary: Path, site_dir: Path, pages: list[str], output: Path) -> int | None:
    """One run of Pagefind over ``pages`` of ``site_dir``, writing its index into ``output``;
    its peak resident memory in bytes (``None`` where it cannot be measured)."""
    staging = site_dir / f".{output.name}.pages"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for page in pages:
            target = staging / page
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site_dir / page, target)
            except OSError:  # a file system without hard links
                shutil.copyfile(site_dir / page, target)
        staging.mkdir(exist_ok=True)
        command = [
            str(binary), "--site", str(staging), "--output-path", str(output),
            "--force-language", LANGUAGE, "--exclude-selectors", EXCLUDE, "--quiet",
        ]  # fmt: skip
        # Run where no pagefind.yml of the project's is found, without PAGEFIND_* settings.
        env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND_")}
        code, output_text, peak = run_measured(command, cwd=staging, env=env)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if code != 0:
        lines = [line for line in output_text.splitlines() if line.strip()]
        raise SearchIndexError(f"pagefind stopped (exit code {code}): {' / '.join(lines[-5:])}")
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)
    return peak


def _size(folder: Path) -> int:
    return sum(Path(root, name).stat().st_size for root, _, names in os.walk(folder) for name in names)
