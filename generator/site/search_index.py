"""The site's search index: Pagefind run over the built site, before it is published.

Pagefind (the binary of the ``pagefind[bin]`` package) reads the built HTML pages and
writes, into ``pagefind/``, an index that a reader's browser fetches piece by piece:
the few chunks holding the words of a query, then the results it shows
(``docs/assets/search.js``). Which pages it reads, and what each says of itself, is
marked in the theme (``overrides/main.html``): the incident, article and hand-written
pages, not the listings.

Pagefind holds everything it indexes in memory, about eight bytes for each byte of
HTML here (a site of 1,000 articles, 44 MB of pages, peaks at about 360 MB). So
that a site of any size is indexed in bounded memory, and a rebuild indexes again
only the few pages near those that changed, its pages are indexed in parts of at
most :data:`PART_BYTES` of HTML, one run of the binary each (as many at once as there
are cores), over a folder that holds only that part's pages (hard links); the browser
merges the parts' indexes (``parts.json`` lists them). A site of a few hundred
articles is one part; one of 5,000 articles, about ten.

:func:`index_site` takes nothing but the built site's folder, so that a rebuild can
skip it, or index only what changed, without knowing how the site was built.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..measured import run_measured
from ..safe_files import write_atomically
from ..workers import available_cores
from .search_parts import RULE, IndexedPage, indexed_page, partition
from .site_copy import AS_OF_LINE, written_files

BUNDLE = "pagefind"
"""The index's folder in the site, where ``assets/search.js`` looks for it."""
MANIFEST = "parts.json"
PAGES = "pages.json"
"""In :data:`BUNDLE`, for the next rebuild (no reader fetches it): each HTML page's size and
date as the partition saw them, ``null`` for a page search does not index, so that a page
the rebuild left as it was (a hard link to the old site's) is not read again."""
"""In :data:`BUNDLE`: the folders of every part of the index (``pagefind-…/``), the first one
first (the browser loads Pagefind's script from it), and the rule that made them."""
HIGHLIGHT = "pagefind-highlight.js"
"""In :data:`BUNDLE` too: what a page opened from a result loads to mark the words searched for."""
MARK = b"data-pagefind-body"
"""What the theme writes into a page that search indexes."""
PART_BYTES = 32 * 1024**2
"""HTML bytes indexed by one run of Pagefind: about 250 MB at its peak. The budget weighs the
writer against the reader. A rebuild indexes again each part holding a changed page (a new
article changes pages of its day and of its incident's): at 5,000 articles (273 MB of HTML),
parts of 96 MB took 13 s after one new article, parts of 32 MB take about 3 s. A reader's
browser fetches, for each query, a piece of every part: about 280 kB a query at ten parts
against 110 kB at three, and 530 kB at twenty."""
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
    indexed_parts: int = 0
    """Parts indexed by this run; the others were the previous site's, whose pages had not changed."""


def index_site(site_dir: Path, *, part_bytes: int | None = None, previous: Path | None = None) -> SearchIndex:
    """Index the pages of the built site in ``site_dir`` into its ``pagefind-…/`` folders,
    one per part (see :mod:`.search_parts`), listed in ``pagefind/parts.json``. A site
    with no page to search gets an index of no parts.

    With ``previous``, the site this one replaces (left as it is), a part whose pages are
    those it indexed there, unchanged (but for the "as of" line, which is not indexed), is
    linked from it rather than indexed again: a rebuild after one new article indexes the
    part or two that hold the pages it changed; with nothing new, nothing."""
    clock = time.perf_counter()
    site_dir = Path(site_dir)
    part_bytes = part_bytes or PART_BYTES
    binary = _binary()
    for stale in (site_dir / BUNDLE, *site_dir.glob(f"{BUNDLE}-*")):  # an earlier index of this folder
        shutil.rmtree(stale, ignore_errors=True)
    known = _known_pages(previous) if previous is not None else {}
    pages, changed, seen = _read_pages(site_dir, previous, known)
    parts = partition(pages, part_bytes)
    reusable = _reusable(previous, part_bytes, pages, changed, known) if previous is not None else {}
    todo = []
    for name, part in parts.items():
        output = site_dir / f"{BUNDLE}-{name}"
        if reusable.get(name) == [page.path for page in part]:
            _link_tree(Path(previous, output.name), output)
        else:
            todo.append(([page.path for page in part], output))
    reused = len(parts) - len(todo)
    # Each run of Pagefind is a process of its own, waited for by a thread of this one.
    with ThreadPoolExecutor(max_workers=max(1, min(available_cores(), len(todo)))) as runs:
        peaks = list(runs.map(lambda job: _index_part(binary, site_dir, *job), todo))
    folders = [f"{BUNDLE}-{name}" for name in parts]
    bundle = site_dir / BUNDLE
    bundle.mkdir(exist_ok=True)
    if folders:  # what a result page loads to mark the words searched for
        _link(site_dir / folders[0] / HIGHLIGHT, bundle / HIGHLIGHT)
    manifest = {"parts": [f"{folder}/" for folder in folders], "rule": _rule(part_bytes)}
    write_atomically(bundle / MANIFEST, (json.dumps(manifest) + "\n").encode("utf-8"))
    write_atomically(bundle / PAGES, json.dumps(seen, separators=(",", ":")).encode("utf-8"))
    size = sum(_size(site_dir / folder) for folder in (*folders, BUNDLE))
    peak = None if not peaks or None in peaks else max(p for p in peaks if p is not None)
    return SearchIndex(len(pages), len(parts), size, time.perf_counter() - clock, peak, len(parts) - reused)


def index_version() -> str:
    """What decides the index a site gets (the rule, the budget, Pagefind's version, this
    module's code): a site built before another version is indexed again."""
    digest = hashlib.sha256(_rule(PART_BYTES).encode("utf-8"))
    for module in (Path(__file__), Path(__file__).with_name("search_parts.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def _rule(part_bytes: int) -> str:
    """What decides which pages a part holds and how it is indexed: another value indexes every part again."""
    try:
        version = metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        version = ""
    return f"{RULE} {part_bytes} {version} {LANGUAGE} {EXCLUDE}"


def _html_files(site_dir: Path) -> list[str]:
    """Every HTML file of a built site but the index's own, by path, sorted."""
    return sorted(path for path in written_files(site_dir, _not_pages) if path.endswith(".html"))


def _not_pages(folder: str) -> bool:
    """A folder of the index itself, or a hidden one (a part's pages being staged)."""
    return folder == BUNDLE or folder.startswith((f"{BUNDLE}-", "."))


def _read_pages(
    site_dir: Path, previous: Path | None, known: dict[str, list[int | None] | None]
) -> tuple[list[IndexedPage], set[str], dict[str, list[int | None] | None]]:
    """The pages of ``site_dir`` the theme marked for search, sorted by path; those among them
    that differ from the page at their path in ``previous`` (or that it lacks); and what
    :data:`PAGES` records of every HTML page. A page that is the old site's own file is
    taken as the old site's record (``known``) gives it, without being read."""
    pages, changed, seen = [], set(), {}
    new_site, old_site = str(site_dir), str(previous)
    for path in _html_files(site_dir):
        if path in known and _linked(os.path.join(new_site, path), os.path.join(old_site, path)):
            seen[path] = known[path]
            if known[path] is not None:
                pages.append(IndexedPage(path, *known[path]))
            continue
        content = (site_dir / path).read_bytes()
        if MARK not in content:
            seen[path] = None
            continue
        page = indexed_page(path, content)
        pages.append(page)
        seen[path] = [page.size, page.day]
        if previous is None or not _same_page(site_dir / path, Path(previous, path), content):
            changed.add(path)
    return pages, changed, seen


def _known_pages(previous: Path) -> dict[str, list[int | None] | None]:
    """What the old site's :data:`PAGES` records; nothing when it has none or it is unreadable."""
    try:
        known = json.loads((previous / BUNDLE / PAGES).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(known, dict):
        return {}
    return {path: value for path, value in known.items() if isinstance(path, str) and _size_and_day(value)}


def _linked(new: str, old: str) -> bool:
    """Whether a page of the new site is the old site's file (a hard link the rebuild made)."""
    try:
        return os.path.samefile(new, old)
    except OSError:
        return False


def _size_and_day(value: object) -> bool:
    """Whether a value of :data:`PAGES` is one: ``null``, or [bytes, day or ``null``]."""
    if value is None:
        return True
    if not (isinstance(value, list) and len(value) == 2):
        return False
    size, day = value
    return isinstance(size, int) and (day is None or isinstance(day, int))


def _same_page(new: Path, old: Path, content: bytes) -> bool:
    """Whether two pages give Pagefind the same: the same file (a link), or the same bytes
    but for the "as of" line, which lies outside what is indexed."""
    try:
        if os.path.samefile(new, old):
            return True
        before = old.read_bytes()
    except OSError:
        return False
    return before == content or AS_OF_LINE.sub(b"", before) == AS_OF_LINE.sub(b"", content)


def _reusable(
    previous: Path,
    part_bytes: int,
    pages: list[IndexedPage],
    changed: set[str],
    known: dict[str, list[int | None] | None],
) -> dict[str, list[str]]:
    """The parts of the index in ``previous`` that this site may keep: by name, their pages,
    none changed. Only parts made by the same rule, budget and Pagefind are kept."""
    try:
        manifest = json.loads((previous / BUNDLE / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("rule") != _rule(part_bytes):
        return {}
    folders = {folder.rstrip("/") for folder in manifest.get("parts") or []}
    unchanged = {page.path: page for page in pages if page.path not in changed}
    # The old site's pages (as its record lists them, without a walk of the old site): those
    # unchanged are this site's; the others are as its record gives them, else read there.
    before = []
    for path in sorted(known) if known else _html_files(previous):
        if path in unchanged:
            before.append(unchanged[path])
            continue
        if path in known:
            if known[path] is not None:
                before.append(IndexedPage(path, *known[path]))
            continue
        content = (previous / path).read_bytes()
        if MARK in content:
            before.append(indexed_page(path, content))
    kept = {}
    for name, part in partition(before, part_bytes).items():
        paths = [page.path for page in part]
        if f"{BUNDLE}-{name}" in folders and all(path in unchanged for path in paths):
            kept[name] = paths
    return kept


def _link_tree(source: Path, target: Path) -> None:
    """``target``: a folder of hard links to the files of ``source`` (copies where links fail)."""
    for folder, _dirs, files in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        for name in files:
            _link(Path(folder, name), into / name)


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copyfile(source, target)


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
    return sum(os.stat(os.path.join(root, name)).st_size for root, _, names in os.walk(folder) for name in names)
