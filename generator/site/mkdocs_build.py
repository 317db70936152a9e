"""``mkdocs build`` of the generated pages, in a process of its own, into a folder that
replaces the site only when the build succeeds. No MkDocs object leaves this module."""

from __future__ import annotations

import glob
import json
import logging
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from .site_folder import check_site_folder

_CHILD = f"from {__name__} import child_main; child_main()"
"""What the MkDocs process runs (``python -c``: ``-m`` would import this module twice, once
through the package that re-exports it)."""


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so the CLI can print them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(config_file: Path, site_dir: Path, *, before_swap: Callable[[Path], object] | None = None) -> str:
    """Run ``mkdocs build --strict``; return '' on success, else the warnings that stopped it.

    The site is built into a temporary folder beside ``site_dir`` and swapped in
    only when the build succeeds, so a failed or interrupted build leaves the
    previous site as it was (a server never shows half a site). ``before_swap`` is
    called with that folder once MkDocs has built it (to index it for search); if it
    raises, the folder is removed and the previous site stays.

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
    try:
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, str(Path(config_file).resolve()), str(building)],
            capture_output=True,
            text=True,
            check=False,
        )
    except BaseException:  # interrupted: subprocess.run has stopped the child
        shutil.rmtree(building, ignore_errors=True)
        raise
    try:
        problems = json.loads(child.stdout.splitlines()[-1])["problems"] if child.returncode == 0 else None
    except (IndexError, ValueError, KeyError, TypeError):
        problems = None
    if problems is None:
        shutil.rmtree(building, ignore_errors=True)
        lines = [line for line in child.stderr.splitlines() if line.strip()]
        raise RuntimeError(f"mkdocs build stopped (exit code {child.returncode}): {' / '.join(lines[-5:])}")
    if problems:
        shutil.rmtree(building, ignore_errors=True)
        return problems
    if before_swap is not None:
        try:
            before_swap(building)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    if site_dir.exists():
        os.replace(site_dir, retired)
    os.replace(building, site_dir)
    shutil.rmtree(retired, ignore_errors=True)
    return ""


def _remove_leftovers(site_dir: Path) -> None:
    """Remove the temporary folders of earlier builds of ``site_dir`` that were killed: those
    whose process (its id is in their name) no longer runs. A running build's stay."""
    for leftover in site_dir.parent.glob(f".{glob.escape(site_dir.name)}.*-*-*"):
        kind, _, rest = leftover.name.removeprefix(f".{site_dir.name}.").partition("-")
        pid = rest.partition("-")[0]
        if kind in ("building", "old") and pid.isdigit() and not _running(int(pid)):
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


def _build(config_file: str, site_dir: str) -> str:
    """``mkdocs build --strict`` of ``config_file`` into ``site_dir``: '' or the warnings that stopped it."""
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        build(load_config(config_file, strict=True, site_dir=site_dir))
    except (Abort, ConfigurationError) as exc:
        return "; ".join([*collect.messages, str(exc)]) or "mkdocs build failed"
    finally:
        logger.removeHandler(collect)
    return ""


def child_main() -> None:
    """The MkDocs process of :func:`build_site`: builds, and writes the outcome as one JSON line."""
    sys.stdout.write(json.dumps({"problems": _build(sys.argv[1], sys.argv[2])}) + "\n")
