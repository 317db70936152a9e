"""What every page of the site depends on, digested: a change to any of it rebuilds every
page, since no page can then be known to be as it was.

That is MkDocs, its theme, Markdown and the plugins (their versions), the MkDocs
configuration (its file and every file it inherits from), the theme's overrides (the
``custom_dir``), the hand-written docs files (pages, snippets, stylesheets, scripts),
this package's MkDocs plugin and the code that drives MkDocs page by page. What the
generator writes (``render.OWNED_FILES`` and ``OWNED_DIRS``) is not among them: a
rebuild renders those pages one by one, as they change. No MkDocs object is here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

from .render import OWNED_DIRS, OWNED_FILES

DISTRIBUTIONS = (
    "mkdocs",
    "mkdocs-material",
    "mkdocs-redirects",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "markupsafe",
    "pyyaml",
    "briefings",
)
"""Packages whose code renders a page: a new version of any of them rebuilds every page."""
DRIVERS = (
    "mkdocs_plugin.py",
    "site/html_blocks.py",
    "site/mkdocs_pages.py",
    "site/site_copy.py",
    "site/site_inputs.py",
    "site/site_state.py",
)
"""This package's files that take part in MkDocs' build, relative to the package."""
_PACKAGE = Path(__file__).resolve().parent.parent
_INHERIT = re.compile(r"^INHERIT:[ \t]*(?P<path>[^\n#]+?)[ \t]*(?:#[^\n]*)?$", re.MULTILINE)


def is_generated(source: str) -> bool:
    """Whether a docs file (by its path in ``docs/``) is one the generator writes."""
    return source in OWNED_FILES or source.split("/", 1)[0] in OWNED_DIRS


def config_chain(config_file: Path) -> list[Path]:
    """The MkDocs configuration file and each file it inherits from (``INHERIT``), in order."""
    chain: list[Path] = []
    path = Path(config_file).resolve()
    while path.is_file() and path not in chain:
        chain.append(path)
        found = _INHERIT.search(path.read_text(encoding="utf-8", errors="replace"))
        if found is None:
            break
        path = (path.parent / found["path"].strip().strip("'\"")).resolve()
    return chain


def _versions() -> list[tuple[str, str]]:
    found = []
    for name in DISTRIBUTIONS:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, ""))
    return found


def _folder_files(folder: Path) -> Iterable[tuple[str, bytes]]:
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(root, name)
            yield path.relative_to(folder).as_posix(), path.read_bytes()


def inputs_digest(
    config_file: Path,
    theme_dirs: Iterable[str],
    plugins: Iterable[str],
    extra: Mapping[str, object],
    hand_written: Mapping[str, str],
) -> str:
    """The digest of everything every page depends on (see the module's docstring).

    ``theme_dirs`` are the theme's folders, of which those outside an installed package
    (the overrides) are read; ``plugins`` the names of the plugins in force; ``extra`` the
    configuration's ``extra`` values, without those a rebuild handles itself (the "as of"
    date); ``hand_written`` each hand-written docs file's SHA-256, by its path."""
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(json.dumps(parts, default=repr, sort_keys=True).encode("utf-8") + b"\0")

    add("versions", _versions())
    for name in DRIVERS:
        add("driver", name, hashlib.sha256((_PACKAGE / name).read_bytes()).hexdigest())
    for path in config_chain(config_file):
        add("config", str(path), hashlib.sha256(path.read_bytes()).hexdigest())
    for folder in theme_dirs:
        if "site-packages" in Path(folder).parts or "dist-packages" in Path(folder).parts:
            add("theme", folder)
            continue
        for name, content in _folder_files(Path(folder)):
            add("override", name, hashlib.sha256(content).hexdigest())
    add("plugins", list(plugins))
    add("extra", dict(extra))
    add("hand-written", sorted(hand_written.items()))
    return digest.hexdigest()


def watched_paths(
    config_file: Path, theme_dirs: Iterable[str], docs_dir: Path, plugin_files: Iterable[str] = ()
) -> list[str]:
    """Every file and folder a build of the site reads, by absolute path: the configuration
    chain, the theme's overrides, the docs folder, the files the plugins say they read and
    this package's driving modules (the installed theme and plugins are known by their
    versions, see :func:`input_stamp`).
    None when the configuration reads the environment (``!ENV``): then no build can be known
    to be the last one again."""
    chain = config_chain(config_file)
    if any("!ENV" in path.read_text(encoding="utf-8", errors="replace") for path in chain):
        return []
    overrides = [
        str(Path(folder).resolve())
        for folder in theme_dirs
        if not {"site-packages", "dist-packages"} & set(Path(folder).parts)
    ]
    drivers = [str(_PACKAGE / name) for name in DRIVERS]
    return sorted({*map(str, chain), *overrides, str(Path(docs_dir).resolve()), *plugin_files, *drivers})


def input_stamp(paths: Iterable[str], also: str = "") -> str:
    """A digest of the name, size and modification time of every file at or under ``paths``,
    of the versions of the packages that render pages, and of ``also`` (what else the build
    makes from the site: the search index's rule). Equal stamps before and after a build
    mean that nothing it reads has been written since: building again would give the same
    site. It reads no file's content, so it costs a few stat calls per page."""
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(json.dumps(parts).encode("utf-8") + b"\0")

    add("versions", _versions(), also)
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    add(os.path.relpath(os.path.join(root, name), path), *_size_and_time(os.path.join(root, name)))
            add("folder", path)
        else:
            add("file", path, *_size_and_time(path))
    return digest.hexdigest()


def _size_and_time(path: str) -> tuple[int, int]:
    """A file's size and modification time in ns; (-1, -1) when it is missing or a broken link."""
    try:
        found = os.stat(path)
    except OSError:
        return -1, -1
    return found.st_size, found.st_mtime_ns
