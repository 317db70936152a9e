"""The ``briefings`` MkDocs plugin, and ``briefings serve``. No MkDocs object leaves this module.

The plugin does four things. It gives the theme the build's "as of" date (from
``downloads/build.json``, which the pages' renderer writes), which every printed page
shows. At every build it fills the ``redirects`` plugin's
``redirect_maps`` from the project's registry of incident addresses
(``incidents.yml``), so that every address ever published keeps leading
somewhere and nobody maintains redirects by hand; ``briefings`` comes before
``redirects`` in mkdocs.yml. It keeps the raw HTML blocks of the generated pages out of
Markdown's way, which would read them only to pass them through
(:mod:`generator.site.html_blocks`). While ``briefings serve`` runs, it also watches the
articles folder, regenerates the pages before each rebuild and indexes the preview
for search after it (``briefings build`` indexes its own build), which is why it
stands beside the CLI, above the pipeline, and not in the site stage: ``briefings
build`` generates the pages itself, then calls the site stage's ``build_site``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Literal

from mkdocs.commands.serve import serve
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

log = logging.getLogger("mkdocs.plugins.briefings")


def serve_site(config_file: Path, dev_addr: str) -> None:
    """Run MkDocs' live-reload server; the plugin keeps the pages in step with the articles."""
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    if not logging.getLogger("mkdocs").handlers:
        logging.getLogger("mkdocs").addHandler(logging.StreamHandler())
    serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)


def _as_of(docs_dir: Path) -> str | None:
    """The date the generated pages speak for, as ``downloads/build.json`` gives it; ``None``
    before the pages are generated (or if the file is unreadable: the date is only printed)."""
    import json

    try:
        value = json.loads((docs_dir / "downloads" / "build.json").read_text(encoding="utf-8")).get("as_of")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


class BriefingsPlugin(BasePlugin):
    """Redirects old incident addresses; regenerates the briefing pages while ``mkdocs serve`` runs."""

    def __init__(self) -> None:
        self.serving = False
        self.hand_written: dict[str, str] = {}
        self.read_files: tuple[str, ...] = ()
        """The project's files outside the docs folder this plugin read (its settings and the
        registry): a build is the last one again only when they are unchanged too."""
        """Redirects the project's mkdocs.yml sets itself: they win over the registry's."""
        self.blocks: dict[str, list[str]] = {}
        """The raw HTML blocks set aside from each generated page while Markdown renders it."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"

    def _settings(self, config: Any):
        from .settings import load_settings

        return load_settings(Path(config.config_file_path).parent)

    def on_config(self, config: Any) -> Any:
        redirects = config.plugins.get("redirects")
        self.hand_written = dict(redirects.config.get("redirect_maps") or {}) if redirects else {}
        self._redirect(config)
        as_of = _as_of(Path(config.docs_dir))
        if as_of:
            config.extra["briefings_as_of"] = as_of
        return config

    def _redirect(self, config: Any) -> None:
        """Give mkdocs-redirects a page for every old address in the registry (``redirect_to`` or home)."""
        from .editions import RegistryError, load_registry, redirect_maps
        from .settings import CONFIG_FILE, SettingsError

        self.read_files = (str(Path(config.config_file_path).parent.resolve() / CONFIG_FILE),)
        try:
            settings = self._settings(config)
            self.read_files += (str(settings.registry),)
            maps = redirect_maps(load_registry(settings.registry, settings.cache_dir))
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

    def on_page_markdown(self, markdown: str, *, page: Any, **kwargs: Any) -> str:
        """Set a generated page's raw HTML blocks aside, out of Markdown's way (see
        :mod:`generator.site.html_blocks`)."""
        from .site.html_blocks import set_aside
        from .site.site_inputs import is_generated

        if not is_generated(page.file.src_uri):
            return markdown
        markdown, self.blocks[page.file.src_uri] = set_aside(markdown)
        return markdown

    def on_page_content(self, html: str, *, page: Any, **kwargs: Any) -> str:
        """Put a generated page's raw HTML blocks back, and tell MkDocs their ids."""
        from .site.html_blocks import MissingBlock, anchor_ids, put_back

        blocks = self.blocks.pop(page.file.src_uri, None)
        if not blocks:
            return html
        try:
            html = put_back(html, blocks)
        except MissingBlock as exc:
            raise PluginError(f"briefings: {page.file.src_uri}: {exc}") from exc
        page.present_anchor_ids = (page.present_anchor_ids or set()) | anchor_ids(blocks)
        return html

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

    def on_post_build(self, *, config: Any) -> None:
        if not self.serving:
            return
        from .site import SearchIndexError, index_site

        try:
            indexed = index_site(Path(config.site_dir))
        except SearchIndexError as exc:
            log.warning("briefings: the preview has no search: %s", exc)
            return
        log.info("briefings: indexed %d page(s) for search in %.1f s", indexed.pages, indexed.seconds)
