"""Everything that touches MkDocs objects: the ``briefings`` plugin and the
calls that build or serve the site. No MkDocs object leaves this module.

The plugin does two things. At every build it fills the ``redirects`` plugin's
``redirect_maps`` from the project's registry of incident addresses
(``incidents.yml``), so that every address ever published keeps leading
somewhere and nobody maintains redirects by hand; ``briefings`` comes before
``redirects`` in mkdocs.yml. While ``briefings serve`` runs, it also watches the
articles folder and regenerates the pages before each rebuild. ``briefings
build`` generates the pages itself, then calls :func:`build_site`.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal

from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin

from .site_folder import check_site_folder

log = logging.getLogger("mkdocs.plugins.briefings")


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so the CLI can print them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(config_file: Path, site_dir: Path) -> str:
    """Run ``mkdocs build --strict``; return '' on success, else the warnings that stopped it.

    The site is built into a temporary folder beside ``site_dir`` and swapped in
    only when the build succeeds, so a failed or interrupted build leaves the
    previous site as it was (a server never shows half a site).

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
            [sys.executable, "-m", __name__, str(Path(config_file).resolve()), str(building)],
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


def serve_site(config_file: Path, dev_addr: str) -> None:
    """Run MkDocs' live-reload server; the plugin keeps the pages in step with the articles."""
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    if not logging.getLogger("mkdocs").handlers:
        logging.getLogger("mkdocs").addHandler(logging.StreamHandler())
    serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)


class BriefingsPlugin(BasePlugin):
    """Redirects old incident addresses; regenerates the briefing pages while ``mkdocs serve`` runs."""

    def __init__(self) -> None:
        self.serving = False
        self.hand_written: dict[str, str] = {}
        """Redirects the project's mkdocs.yml sets itself: they win over the registry's."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"

    def _settings(self, config: Any):
        from .settings import load_settings

        return load_settings(Path(config.config_file_path).parent)

    def on_config(self, config: Any) -> Any:
        redirects = config.plugins.get("redirects")
        self.hand_written = dict(redirects.config.get("redirect_maps") or {}) if redirects else {}
        self._redirect(config)
        return config

    def _redirect(self, config: Any) -> None:
        """Give mkdocs-redirects a page for every old address in the registry (``redirect_to`` or home)."""
        from .registry_file import RegistryError, load_registry, redirect_maps
        from .settings import SettingsError

        try:
            maps = redirect_maps(load_registry(self._settings(config).registry))
        except (RegistryError, SettingsError) as exc:
            raise PluginError(str(exc)) from exc
        redirects = config.plugins.get("redirects")
        if redirects is None:
            if maps:
                log.warning(
                    "briefings: %d old incident address(es) need a redirect, but the 'redirects' plugin is "
                    "not enabled: add '- redirects' after '- briefings' under plugins in %s",
                    len(maps),
                    config.config_file_path,
                )
            return
        redirects.config["redirect_maps"] = {**maps, **self.hand_written}

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        server.watch(str(self._settings(config).articles))
        return server

    def on_pre_build(self, *, config: Any) -> None:
        if not self.serving:
            return
        from .build_lock import BuildLockedError, one_build_at_a_time
        from .pipeline import generate

        settings = self._settings(config)
        try:
            with one_build_at_a_time(settings.mkdocs_config.parent, "briefings serve"):
                result = generate(settings)
        except BuildLockedError as exc:
            raise PluginError(str(exc)) from exc
        log.info("briefings: regenerated %d page(s)", len(result.written))
        for note in result.notes:
            (log.warning if note.problem else log.info)("briefings: %s", note.text)
        self._redirect(config)  # the build may have moved or merged incidents


if __name__ == "__main__":  # the MkDocs process of build_site: the outcome as one JSON line
    sys.stdout.write(json.dumps({"problems": _build(sys.argv[1], sys.argv[2])}) + "\n")
