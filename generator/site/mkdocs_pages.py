"""MkDocs driven page by page, in the process :mod:`.mkdocs_build` starts. No MkDocs
object leaves this module.

A full build takes MkDocs' own steps (``mkdocs.commands.build``): load the
configuration, the files and the navigation; populate every page (its Markdown to
HTML); write the static files, the theme's templates and every page; check the links
to anchors; run the plugins' last step. Along the way it keeps each page's
:class:`~.site_state.PageFacts`: what the other pages and the plugins read of it.

A rebuild takes the same steps but populates and writes only the pages whose
Markdown changed (or whose links point at a file that came or went); every other
page enters MkDocs with its facts instead, unrendered. So what spans the whole site is
made over every page, as a full build makes it: the Tags page, the tag chips and
``tags.json`` (Material's tags plugin), the sitemap and the 404 page, the redirects
(mkdocs-redirects), the checks of links between pages. The rest of the new site is
linked from the old one (:mod:`.site_copy`). A change that could touch every page
(:mod:`.site_inputs`; the navigation; a plugin this module does not know) builds
everything.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from mkdocs.commands.build import _build_extra_template, _build_page, _build_theme_template, _populate_page
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, ConfigurationError
from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation

from ..background import Background, BackgroundError, Pending, can_fork
from .site_copy import (
    FullBuildNeeded,
    as_of_mover,
    complete_from,
    make_folders,
    not_written_by_mkdocs,
    site_folders,
)
from .site_inputs import input_stamp, inputs_digest, is_generated, watched_paths
from .site_state import PageFacts, SiteRecord, file_digests

REBUILT_PLUGINS = frozenset({"material/tags", "briefings", "redirects"})
"""The plugins a rebuild knows how to feed with the pages it does not render (the tags
plugin) or that need no page at all. Any other plugin in force builds everything."""
SHARED_FROM = 300
"""Pages from which a full build renders them in two processes: below, forking costs more
than it saves."""
AS_OF = "briefings_as_of"
"""The configuration's ``extra`` value the briefings plugin sets: every page prints it."""


class _Warnings(logging.Handler):
    """MkDocs' warnings, which fail the build as ``mkdocs build --strict`` fails."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass(frozen=True, slots=True)
class PagesBuilt:
    """What a build of the pages did."""

    problems: tuple[str, ...]
    """MkDocs' warnings: the build failed when there is any."""
    record: SiteRecord | None
    """What the site was built from, for the next rebuild (``None`` when it failed)."""
    full: bool
    why: str
    """Why everything was built: '' for a rebuild of the changed pages only."""
    pages: int
    rendered: int
    """Pages whose Markdown was rendered (all of them in a full build)."""


@dataclass(slots=True)
class _MkDocs:
    """The configuration, files, navigation and pages MkDocs loaded, and the build's record so far."""

    config: Any
    files: Any
    env: Any
    nav: Any
    pages: list
    """The documentation files in MkDocs' order, each with its page."""
    tags: list
    """Material's tags plugins in force."""
    sources: dict[str, list]
    inputs: str
    plugins: list[str]
    watch: tuple[str, ...] = ()
    """Every file and folder the build reads, and their stamp before it read them (see
    :func:`~.site_inputs.input_stamp`)."""
    stamp: str = ""
    warnings: _Warnings | None = None


def build_pages(
    config_file: Path,
    site_dir: Path,
    *,
    token: str,
    previous: tuple[Path, SiteRecord] | None = None,
    also: str = "",
    stamped: tuple[tuple[str, ...], str] | None = None,
) -> PagesBuilt:
    """Build the site of ``config_file`` into the empty folder ``site_dir``: only the changed
    pages when ``previous`` (the site now published and its record) allows, else all.
    ``also`` joins the stamp of the build's inputs (what else is made from the site);
    ``stamped``: the stamp of those inputs, already taken (of the files it names)."""
    why = "first build" if previous is None else ""
    if previous is not None:
        # The old site's folders are made in a second process while MkDocs loads and renders
        # (see :mod:`.site_copy`); the files are linked into them once it has made them all.
        folders = site_folders(previous[0], not_written_by_mkdocs)
        with Pending(lambda: make_folders(site_dir, folders)) as making:

            def made() -> list[str]:
                try:
                    making.result()
                except BackgroundError:  # the second process ended without making them all: made here
                    make_folders(site_dir, folders)
                return folders

            def rebuild(mkdocs: _MkDocs) -> PagesBuilt:
                return _rebuild(mkdocs, site_dir, *previous, token, folders=made)

            try:
                return _attempt(rebuild, config_file, site_dir, previous, also, stamped)
            except FullBuildNeeded as reason:  # leaving the block stops the making, if still at it
                why = str(reason)
        shutil.rmtree(site_dir, ignore_errors=True)
        Path(site_dir).mkdir()
    built = _attempt(lambda mkdocs: _full(mkdocs, token), config_file, site_dir, None, also, stamped)
    return PagesBuilt(built.problems, built.record, True, why, built.pages, built.rendered)


def _attempt(
    build: Callable[[_MkDocs], PagesBuilt],
    config_file: Path,
    site_dir: Path,
    previous: tuple[Path, SiteRecord] | None,
    also: str,
    stamped: tuple[tuple[str, ...], str] | None = None,
) -> PagesBuilt:
    """Load MkDocs and ``build``, collecting MkDocs' warnings and errors: any fails the build
    (``--strict``), with the messages as its problems."""
    warnings = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        mkdocs = _load(config_file, site_dir, previous[1].sources if previous else {}, also, stamped)
        mkdocs.warnings = warnings
        built = build(mkdocs)
    except (Abort, BuildError, ConfigurationError) as exc:
        return PagesBuilt((*warnings.messages, str(exc) or "mkdocs build failed"), None, True, "", 0, 0)
    finally:
        logger.removeHandler(warnings)
    if warnings.messages:
        count = f"Aborted with {len(warnings.messages)} warning(s) in strict mode!"
        return PagesBuilt((*warnings.messages, count), None, built.full, built.why, built.pages, built.rendered)
    return built


def _load(
    config_file: Path,
    site_dir: Path,
    known_sources: dict[str, list],
    also: str,
    stamped: tuple[tuple[str, ...], str] | None = None,
) -> _MkDocs:
    """MkDocs' first steps, as ``mkdocs build`` takes them: the configuration and the plugins'
    view of it, the files, the navigation, a page for every documentation file."""
    config = load_config(str(config_file), strict=True, site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    watch, stamp = _watched(config, also, stamped)
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    pages = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
    assert all(file.page is not None for file in pages)
    docs = {file.src_uri: file.abs_src_path for file in files if file.src_dir == config.docs_dir}
    sources = file_digests(docs, known_sources)
    plugins = list(config.plugins.keys())
    extra = {key: value for key, value in config.extra.items() if key != AS_OF}
    hand_written = {path: found[2] for path, found in sources.items() if not is_generated(path)}
    inputs = inputs_digest(Path(config.config_file_path), config.theme.dirs, plugins, extra, hand_written)
    return _MkDocs(config, files, env, nav, pages, _tags_plugins(config), sources, inputs, plugins, watch, stamp)


def _watched(config: Any, also: str, stamped: tuple[tuple[str, ...], str] | None = None) -> tuple[tuple[str, ...], str]:
    """Every file and folder the build reads (those the plugins read among them) and their
    stamp (see :func:`~.site_inputs.input_stamp`); none when a plugin this module does not
    know is in force, since what it reads is unknown. The stamp ``stamped`` is taken when it
    is of the same files (the build that started this process took it, a moment ago)."""
    if set(config.plugins.keys()) - REBUILT_PLUGINS:
        return (), ""
    read = [name for plugin in config.plugins.values() for name in getattr(plugin, "read_files", ())]
    watch = tuple(watched_paths(Path(config.config_file_path), config.theme.dirs, Path(config.docs_dir), read))
    if stamped is not None and stamped[0] == watch:
        return watch, stamped[1]
    return watch, input_stamp(watch, also) if watch else ""


def _tags_plugins(config: Any) -> list:
    from material.plugins.tags.plugin import TagsPlugin

    return [plugin for plugin in config.plugins.values() if isinstance(plugin, TagsPlugin)]


def _full(mkdocs: _MkDocs, token: str) -> PagesBuilt:
    """Every page, as ``mkdocs build`` builds them, with each page's facts kept; in two
    processes where there are two cores and enough pages (:func:`_full_in_two`)."""
    if len(mkdocs.pages) >= SHARED_FROM and _cores() >= 2 and can_fork():
        return _full_in_two(mkdocs, token)
    facts = {file.src_uri: _populate(file.page, mkdocs) for file in mkdocs.pages}
    _write(mkdocs, mkdocs.pages, static=None)
    return PagesBuilt((), _record(mkdocs, token, facts), True, "", len(mkdocs.pages), len(mkdocs.pages))


def _full_in_two(mkdocs: _MkDocs, token: str) -> PagesBuilt:
    """Every page, half of them rendered in a forked process.

    Each process populates its half, sends the other the facts of its pages, takes the
    other's pages in by their facts (as a rebuild takes in the pages it does not render),
    and writes its own pages. This one writes everything else (static files, the theme's
    templates, the plugins' last step), so the site is the one a single process builds."""
    mine, theirs = _halves(mkdocs.pages)
    context = multiprocessing.get_context("fork")
    here, there = context.Pipe()

    def work() -> Iterator[object]:
        logged = len(mkdocs.warnings.messages) if mkdocs.warnings else 0
        yield {file.src_uri: _populate(file.page, mkdocs).to_json() for file in theirs}
        _take_in(mkdocs, mine, {path: PageFacts.from_json(data) for path, data in there.recv().items()})
        scratch = Path(tempfile.mkdtemp(prefix=".pages-", dir=Path(mkdocs.config.site_dir).parent))
        try:
            mkdocs.config.site_dir = str(scratch)  # what the plugins write at their env step is this process's own
            _write(mkdocs, theirs, static=set(), checked=theirs, whole_site=False)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        yield mkdocs.warnings.messages[logged:] if mkdocs.warnings else []

    with Background(work, fork=True) as worker:
        received = iter(worker)
        facts = {file.src_uri: _populate(file.page, mkdocs) for file in mine}
        other = {path: PageFacts.from_json(data) for path, data in next(received).items()}
        here.send({path: found.to_json() for path, found in facts.items()})
        _take_in(mkdocs, theirs, other)
        _write(mkdocs, mine, static=None, checked=mine)
        for message in next(received):
            logging.getLogger("mkdocs").warning(message)
    facts.update(other)
    ordered = {file.src_uri: facts[file.src_uri] for file in mkdocs.pages}
    return PagesBuilt((), _record(mkdocs, token, ordered), True, "", len(mkdocs.pages), len(mkdocs.pages))


def _halves(pages: list) -> tuple[list, list]:
    """The pages in two shares of about as many bytes of Markdown (a page's cost), each in MkDocs' order."""
    sizes = {file.src_uri: os.path.getsize(file.abs_src_path) for file in pages}
    shares: tuple[set, set] = (set(), set())
    held = [0, 0]
    for file in sorted(pages, key=lambda f: (-sizes[f.src_uri], f.src_uri)):
        lighter = 0 if held[0] <= held[1] else 1
        shares[lighter].add(file.src_uri)
        held[lighter] += sizes[file.src_uri]
    return [f for f in pages if f.src_uri in shares[0]], [f for f in pages if f.src_uri in shares[1]]


def _take_in(mkdocs: _MkDocs, pages: list, facts: dict[str, PageFacts]) -> None:
    """Give MkDocs the pages another process rendered, by their facts; a page with a tags
    listing is rendered here too (its listing is the tags plugin's own object). Then the tags
    plugin's pages are put back in MkDocs' order, the order one process would have met them."""
    for file in pages:
        if facts[file.src_uri].listing:
            said = len(mkdocs.warnings.messages) if mkdocs.warnings else 0
            _populate(file.page, mkdocs)
            if mkdocs.warnings:  # the process that renders the page says what is wrong with it
                del mkdocs.warnings.messages[said:]
        else:
            _restore(file.page, facts[file.src_uri], mkdocs)
    order = {file.page.url: n for n, file in enumerate(mkdocs.pages)}
    for plugin in mkdocs.tags:
        plugin.mappings.data = dict(sorted(plugin.mappings.data.items(), key=lambda item: order.get(item[0], -1)))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _rebuild(
    mkdocs: _MkDocs,
    site_dir: Path,
    old_site: Path,
    record: SiteRecord,
    token: str,
    folders: Callable[[], list[str]] = list,
) -> PagesBuilt:
    """Only the pages whose Markdown changed, with the rest of the site linked from ``old_site``
    (into the ``folders`` made for it: called when they are wanted, it waits until they are)."""
    config, files = mkdocs.config, mkdocs.files
    if mkdocs.inputs != record.inputs:
        raise FullBuildNeeded("the configuration, the theme, a hand-written page or a version changed")
    unknown = sorted(set(mkdocs.plugins) - REBUILT_PLUGINS)
    if unknown:
        raise FullBuildNeeded(f"the plugin(s) {', '.join(unknown)} cannot be rebuilt page by page")
    as_of = config.extra.get(AS_OF)
    if (as_of is None) != (record.as_of is None):
        raise FullBuildNeeded('the "as of" date appeared or went')
    changed = {path for path, found in mkdocs.sources.items() if record.sources.get(path, [None] * 3)[2] != found[2]}
    facts: dict[str, PageFacts] = {}
    rendered, kept = [], []
    for file in mkdocs.pages:
        old = record.pages.get(file.src_uri)
        if file.src_uri in changed or old is None or old.meta is None or old.listing or not _same(old, files):
            facts[file.src_uri] = _populate(file.page, mkdocs)
            rendered.append(file)
        else:
            _restore(file.page, old, mkdocs)
            facts[file.src_uri] = old
            kept.append(file)
    if _navigation_digest(mkdocs.nav) != record.navigation:
        raise FullBuildNeeded("the navigation changed")
    static = {file.src_uri for file in files if file.src_dir == config.docs_dir and file.src_uri in changed}
    _write(mkdocs, rendered, static=static)
    outputs = [file.dest_uri for file in files if file.inclusion.is_included()]
    move = as_of_mover(record.as_of, as_of) if as_of != record.as_of else None
    made = folders()
    complete_from(old_site, site_dir, outputs, move_as_of=move, pages={file.dest_uri for file in kept}, made=made)
    return PagesBuilt((), _record(mkdocs, token, facts), False, "", len(mkdocs.pages), len(rendered))


def _write(
    mkdocs: _MkDocs,
    pages: Iterable,
    *,
    static: set[str] | None,
    checked: Iterable | None = None,
    whole_site: bool = True,
) -> None:
    """MkDocs' last steps, as ``mkdocs build`` takes them, for ``pages`` and the ``static``
    docs files (all static files when ``None``): the plugins' ``env`` step, the static files,
    the theme's templates, the pages, the checks of links to anchors (on the ``checked``
    pages, all by default), the plugins' last step. Without ``whole_site``, only the pages
    and their checks (the share of a second process)."""
    config, files, nav = mkdocs.config, mkdocs.files, mkdocs.nav
    env = config.plugins.on_env(mkdocs.env, config=config, files=files)
    if whole_site and static is None:
        files.copy_static_files(inclusion=InclusionLevel.is_included)
    elif whole_site:
        for file in files:
            if file.src_uri in static and not file.is_documentation_page() and file.inclusion.is_included():
                file.copy_file()
    if whole_site:
        for template in sorted(config.theme.static_templates):
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)
    for file in pages:
        _build_page(file.page, config, mkdocs.pages, nav, env, excluded=file.inclusion.is_excluded())
    for file in mkdocs.pages if checked is None else checked:
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    if whole_site:
        config.plugins.on_post_build(config=config)


def _populate(page: Any, mkdocs: _MkDocs) -> PageFacts:
    """Render the page's Markdown as MkDocs does, noting every docs file it looks for."""
    files = mkdocs.files
    lookups: dict[str, bool] = {}
    find = files.get_file_from_path

    def recording(path: str) -> Any:
        found = find(path)
        lookups[PurePath(path).as_posix()] = found is not None
        return found

    files.get_file_from_path = recording
    try:
        _populate_page(page, mkdocs.config, files)
    finally:
        del files.get_file_from_path
    links = {target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()}
    listing = any(listing.page is page for plugin in mkdocs.tags for listing in plugin.listings)
    meta = page.meta if _survives_json(page.meta) else None
    return PageFacts(page.title, meta, tuple(sorted(page.present_anchor_ids or ())), links, lookups, listing)


def _restore(page: Any, facts: PageFacts, mkdocs: _MkDocs) -> None:
    """Give an unrendered page what the other pages and the plugins read of it."""
    page.title = facts.title  # MkDocs' title is a property an instance value overrides
    page.meta = facts.meta
    page.present_anchor_ids = set(facts.anchors)
    targets = mkdocs.files.src_uris
    page.links_to_anchors = {targets[path]: dict(anchors) for path, anchors in facts.links.items() if path in targets}
    for plugin in mkdocs.tags:  # its tags, for the Tags page and tags.json
        plugin.on_page_markdown("", page=page, config=mkdocs.config, files=mkdocs.files)


def _same(facts: PageFacts, files: Any) -> bool:
    """Whether every file the page looked for is still there, or still missing."""
    targets = files.src_uris
    return all((path in targets) == found for path, found in facts.lookups.items())


def _survives_json(meta: Any) -> bool:
    try:
        return json.loads(json.dumps(meta)) == meta
    except (TypeError, ValueError):
        return False


def _navigation_digest(nav: Any) -> str:
    """What of the navigation every page shows: each item's title, address and kind, and a
    page's front matter (the theme may show its icon or status)."""

    def item(entry: Any) -> list:
        meta = entry.meta if entry.is_page else None
        children = [item(child) for child in entry.children or ()]
        return [entry.title, getattr(entry, "url", None), entry.is_section, entry.is_link, meta, children]

    text = json.dumps([item(entry) for entry in nav.items], default=repr, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _record(mkdocs: _MkDocs, token: str, facts: dict[str, PageFacts]) -> SiteRecord:
    as_of = mkdocs.config.extra.get(AS_OF)
    navigation = _navigation_digest(mkdocs.nav)
    return SiteRecord(token, mkdocs.inputs, navigation, as_of, mkdocs.sources, facts, mkdocs.watch, mkdocs.stamp)
