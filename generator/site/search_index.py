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
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

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
        code, output_text, peak = _run_measured(command, cwd=staging, env=env)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if code != 0:
        lines = [line for line in output_text.splitlines() if line.strip()]
        raise SearchIndexError(f"pagefind stopped (exit code {code}): {' / '.join(lines[-5:])}")
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)
    return peak


def _run_measured(command: list[str], *, cwd: Path, env: dict[str, str]) -> tuple[int, str, int | None]:
    """Run ``command``: its exit code, what it printed, and its own peak resident memory.

    A process started from this one would count this one's memory in its peak (Linux
    starts the peak of a new program at its parent's size), so a small Python process
    starts it and reports the peak that ``wait4`` gives it. Where there is no ``fork``
    (Windows), the command is run as it is and its peak is not known."""
    if not hasattr(os, "fork") or not hasattr(os, "wait4"):
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        return done.returncode, done.stdout + done.stderr, None
    read_end, write_end = os.pipe()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _STARTER, str(write_end), *command],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            pass_fds=(write_end,),
            check=False,
        )
    finally:
        os.close(write_end)
    with os.fdopen(read_end, "rb") as reply:
        measured = reply.read().split()
    if len(measured) != 2:
        return done.returncode or 1, done.stdout, None
    max_rss, code = (int(x) for x in measured)
    return code, done.stdout, max_rss if sys.platform == "darwin" else max_rss * 1024


_STARTER = """
import os, sys
fd, command = int(sys.argv[1]), sys.argv[2:]
pid = os.fork()
if pid == 0:
    os.close(fd)
    os.execv(command[0], command)
_, status, usage = os.wait4(pid, 0)
os.write(fd, f"{usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}".encode())
"""
"""Starts the command as its own child and reports that child's peak memory (``ru_maxrss``:
kB on Linux, bytes on macOS) and exit code."""


def _size(folder: Path) -> int:
    return sum(Path(root, name).stat().st_size for root, _, names in os.walk(folder) for name in names)
