"""``mkdocs build`` of the generated pages, in a process of its own, into a folder that
replaces the site only when the build succeeds. No MkDocs object leaves this module or
:mod:`.mkdocs_pages`, which drives MkDocs in that process.

With a cache folder, the build keeps a record of what the site was built from
(:mod:`.site_state`), and a rebuild renders only the pages whose Markdown changed: the
rest of the new site is hard-linked from the old one (see :mod:`.mkdocs_pages`)."""

from __future__ import annotations

import glob
import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import Abort, ConfigurationError

from .site_folder import check_site_folder
from .site_inputs import input_stamp
from .site_state import adopt_record, forget_record, published_site

_CHILD = f"from {__name__} import child_main; child_main()"
"""What the MkDocs process runs (``python -c``: ``-m`` would import this module twice, once
through the package that re-exports it)."""
_REMOVE = """import os, shutil, sys
if os.fork() == 0:
    os.setsid()
    folder = os.path.join(os.path.dirname(sys.argv[1]), f"{sys.argv[2]}{os.getpid()}{sys.argv[3]}")
    try:
        os.rename(sys.argv[1], folder)
    except OSError:
        folder = sys.argv[1]
    shutil.rmtree(folder, ignore_errors=True)
"""
"""What removes the replaced site: a process that leaves the work to a child of its own and
ends at once, so that the build waits for nothing and leaves no process to collect. The
child first renames the folder after itself (``.site.removing-<its id>-…``), so that a build
starting meanwhile leaves the folder to it rather than removing it too."""


@dataclass(frozen=True, slots=True)
class SiteBuild:
    """What a build of the site did."""

    problems: str
    """'' on success, else the warnings that stopped it (``--strict``): the site was not replaced."""
    full: bool = True
    """Every page was rendered; else only those whose Markdown changed."""
    why: str = ""
    """Why every page was rendered ('first build', 'the configuration … changed'…)."""
    pages: int = 0
    rendered: int = 0
    """Pages whose Markdown was rendered."""
    unchanged: bool = False
    """Nothing the last build read had been written since: the site was left as it was."""


def build_site(
    config_file: Path,
    site_dir: Path,
    *,
    before_swap: Callable[[Path], object] | None = None,
    cache_dir: Path | None = None,
    also: str = "",
) -> SiteBuild:
    """Run ``mkdocs build --strict`` (``problems`` of the result: '' on success, else the
    warnings that stopped it).

    The site is built into a temporary folder beside ``site_dir`` and swapped in
    only when the build succeeds, so a failed or interrupted build leaves the
    previous site as it was (a server never shows half a site). ``before_swap`` is
    called with that folder once MkDocs has built it (to index it for search); if it
    raises, the folder is removed and the previous site stays.

    With a ``cache_dir`` holding the record of the site now in ``site_dir``, only the
    pages whose Markdown changed are rendered, and the rest is linked from the old site;
    a change that could touch every page renders them all (``full`` and ``why``). When
    nothing that build read has been written since (the docs folder, the configuration,
    the overrides, the registry; the versions of MkDocs and its plugins; ``also``, what
    ``before_swap`` makes of the site, say), the site is left as it is: ``unchanged``,
    and ``before_swap`` is not called. A build that failed changed no site, so the next
    one builds again.

    MkDocs runs in a process of its own, as a bare ``mkdocs build`` would: it neither
    shares a heap with the briefing just generated (the build's peak memory is the
    larger of the two, not their sum, and the garbage collector walks only MkDocs'
    objects) nor inherits anything the pipeline left behind.
    """
    site_dir = Path(site_dir).resolve()
    config = Path(config_file).resolve()
    check_site_folder(site_dir, {"the project folder": config.parent, "the MkDocs configuration": config})
    _remove_leftovers(site_dir)
    # Named for this process: a second build beside this one never writes or removes them.
    unique = f"{os.getpid()}-{secrets.token_hex(4)}"
    building = site_dir.with_name(f".{site_dir.name}.building-{unique}")
    retired = site_dir.with_name(f".{site_dir.name}.old-{unique}")
    token = secrets.token_hex(8)
    request = {
        "config": str(config),
        "site": str(building),
        "token": token,
        "cache": None if cache_dir is None else str(Path(cache_dir).resolve()),
        "previous": None,
        "also": also,
        "stamped": None,
    }
    if cache_dir is not None and site_dir.is_dir():
        published = published_site(cache_dir, site_dir)
        stamp = input_stamp(published.watch, also) if published is not None and published.watch else None
        if published is not None and stamp == published.stamp:
            return SiteBuild("", full=False, pages=published.pages, unchanged=True)
        if published is not None:
            request["previous"] = {"site": str(site_dir), "token": published.token}
            request["stamped"] = [list(published.watch), stamp] if stamp is not None else None
    building.mkdir()
    try:
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, json.dumps(request)], capture_output=True, text=True, check=False
        )
    except BaseException:  # interrupted: subprocess.run has stopped the child
        _abandon(building, cache_dir, token)
        raise
    try:
        outcome = json.loads(child.stdout.splitlines()[-1]) if child.returncode == 0 else None
        watch, stamp = (outcome.pop("watch"), outcome.pop("stamp")) if outcome is not None else ((), "")
        built = SiteBuild(**outcome) if outcome is not None else None
    except (IndexError, ValueError, KeyError, TypeError):
        built = None
    if built is None:
        _abandon(building, cache_dir, token)
        lines = [line for line in child.stderr.splitlines() if line.strip()]
        raise RuntimeError(f"mkdocs build stopped (exit code {child.returncode}): {' / '.join(lines[-5:])}")
    if built.problems:
        _abandon(building, cache_dir, token)
        return built
    if before_swap is not None:
        try:
            before_swap(building)
        except BaseException:
            _abandon(building, cache_dir, token)
            raise
    if site_dir.exists():
        os.replace(site_dir, retired)
    os.replace(building, site_dir)
    _remove_in_background(retired, site_dir)
    if cache_dir is not None:
        adopt_record(cache_dir, token, site_dir, watch, stamp, built.pages)
    return built


def _abandon(building: Path, cache_dir: Path | None, token: str) -> None:
    shutil.rmtree(building, ignore_errors=True)
    if cache_dir is not None:
        forget_record(cache_dir, token)


def _remove_in_background(folder: Path, site_dir: Path) -> None:
    """Remove the site that was replaced in a process of its own, which the build does not
    wait for: at 5,000 articles its thirty thousand files and folders take about 1.7 s, and
    nothing needs them gone before the build ends (the new site is in place, and most of the
    old one's files are hard links the new one keeps). Should that process be stopped, the
    next build removes what is left (the folder's name holds this process's id)."""
    if not folder.exists():
        return
    if not hasattr(os, "fork"):  # Windows: removed here
        shutil.rmtree(folder, ignore_errors=True)
        return
    try:
        subprocess.run(
            [sys.executable, "-c", _REMOVE, str(folder), f".{site_dir.name}.removing-", f"-{secrets.token_hex(4)}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_leftovers(site_dir: Path) -> None:
    """Remove the temporary folders of earlier builds of ``site_dir`` that were killed: those
    whose process (its id is in their name) no longer runs. A running build's stay, and so do
    the folders a running process is removing."""
    for leftover in site_dir.parent.glob(f".{glob.escape(site_dir.name)}.*-*-*"):
        kind, _, rest = leftover.name.removeprefix(f".{site_dir.name}.").partition("-")
        pid = rest.partition("-")[0]
        if kind in ("building", "old", "removing") and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    """Whether a process of this id runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it runs, as another user
        return True
    return True


def child_main() -> None:
    """The MkDocs process of :func:`build_site`: builds, and writes the outcome as one JSON line."""
    from .mkdocs_pages import build_pages
    from .site_state import load_record, pending_path, write_record

    request = json.loads(sys.argv[1])
    previous = None
    if request["previous"] and request["cache"]:
        record = load_record(Path(request["cache"]), request["previous"]["token"])
        if record is not None:
            previous = (Path(request["previous"]["site"]), record)
    try:
        stamped = request["stamped"]
        built = build_pages(
            Path(request["config"]),
            Path(request["site"]),
            token=request["token"],
            previous=previous,
            also=request["also"],
            stamped=(tuple(stamped[0]), stamped[1]) if stamped else None,
        )
    except (Abort, ConfigurationError) as exc:
        outcome = {"problems": str(exc) or "mkdocs build failed", "watch": [], "stamp": ""}
    else:
        if built.record is not None and request["cache"]:
            write_record(pending_path(Path(request["cache"]), request["token"]), built.record)
        outcome = {
            "problems": "; ".join(built.problems),
            "full": built.full,
            "why": built.why,
            "pages": built.pages,
            "rendered": built.rendered,
            "watch": list(built.record.watch) if built.record is not None else [],
            "stamp": built.record.stamp if built.record is not None else "",
        }
    sys.stdout.write(json.dumps(outcome) + "\n")
    sys.stdout.flush()
    # Ended here, without freeing MkDocs' objects one by one (half a second at 5,000 articles):
    # the outcome is written, the record stored, and nothing else is left to close.
    os._exit(0)
