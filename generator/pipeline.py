"""The order of the stages, and nothing else:

read → figures → incidents → editions (corrections, registry) → reconcile →
site (export, render) → MkDocs.

The editors' alias corrections act earlier, on the alias table extraction uses.

Every stage is a package of its own (``read``, ``figures``, ``incidents``,
``editions``, ``site``) and knows nothing of the others' order.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from .aliases import AliasTable, load_aliases
from .background import Background, Pending
from .editions import (
    ArticleCache,
    Assignment,
    CacheStats,
    Changes,
    Corrected,
    Corrections,
    ExtractionCache,
    Registry,
    advance,
    alias_additions,
    apply_corrections,
    assign_slugs,
    compare,
    grouping_key,
    load_corrections,
    load_grouping,
    load_history,
    load_readings,
    load_registry,
    pipeline_version,
    readings_version,
    save_grouping,
    save_history,
    save_readings,
    snapshot_of,
    write_registry,
)
from .figures import extract_articles
from .incidents import (
    ArticleReading,
    Gazetteer,
    build_incidents,
    grade_figures,
    load_index,
    locate_incidents,
    plain_readings,
    read_articles,
    reconcile,
    source_names,
)
from .models import Article, Briefing, Claim, Extraction, Incident
from .read import ingest, language_note
from .safe_files import unwritable_folder
from .settings import Settings, site_url_of
from .site import export_json, render_site
from .workers import available_cores

Progress = Callable[[int, int], None]
"""Called with (articles done, articles in all) while articles are read."""
_UNWRITABLE_CACHE = (
    "cache folder {} cannot be written ({}): the build goes on without saving its work for the next one; make it "
    "writable, or set cache_dir in briefings.yml (or BRIEFINGS_CACHE_DIR) to a folder you can write"
)


@dataclass(frozen=True, slots=True)
class Note:
    """One thing a stage did, or could not do, for the CLI to print."""

    stage: str
    """``corrections`` or ``registry``; ``input`` (an article's language), ``cache`` or
    ``history`` (a cache folder or build history that cannot be used)."""
    text: str
    problem: bool = False
    """Printed as a warning even when quiet: a correction that matched nothing (which fails
    ``--strict``), a cache that cannot be written or a history that cannot be read."""


def _nothing_to_keep() -> None:
    """What a build whose grouped incidents came from the cache stores for the next one."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What the reading stages produced, before anything is written."""

    briefing: Briefing
    timings: dict[str, float]
    notes: tuple[Note, ...] = ()
    registry: Registry = field(default_factory=Registry)
    """The incident addresses after this build: ``generate`` writes it back, ``export`` does not."""
    cache: CacheStats = field(default_factory=CacheStats)
    """How many extractions came from the cache, how many were parsed, which entries were corrupt."""
    keep: Callable[[], None] = _nothing_to_keep
    """Stores the grouped incidents for the next build, when they were not taken from there:
    a second or two at 5,000 articles, which ``generate`` spends in a second process while it
    renders the pages."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a run produced, for the CLI to report."""

    briefing: Briefing
    export_json: str = ""
    """The export JSON (``export``; ``generate`` writes it among the site's downloads)."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage."""
    written: tuple[str, ...] = ()
    """Generated pages that changed (empty when pages were not generated)."""
    notes: tuple[Note, ...] = ()
    """What the corrections and registry stages report: merges, new addresses, unmatched corrections."""
    cache: CacheStats = field(default_factory=CacheStats)
    since_last: Changes | None = None
    """What differs from the last build (for the build summary; the home page may compare further back)."""


@dataclass(frozen=True, slots=True)
class _Parsing:
    """Articles being parsed in a second process since ingest found them."""

    articles: tuple[Article, ...]
    keys: frozenset[str]
    """Their extraction cache keys."""
    extractions: Background[Extraction]


def _start_parsing(
    fresh: tuple[Article, ...], aliases: AliasTable, settings: Settings, cache: ExtractionCache
) -> _Parsing | None:
    """Start parsing the articles ingest analysed afresh that the cache lacks, if any, while
    ingest reads the others: loading spaCy takes longer than reading five thousand cached
    articles. An article ingest analysed again but whose extraction is stored starts nothing."""
    missing = tuple(a for a in fresh if not cache.holds(a))
    return _parsing(missing, aliases, settings, cache) if missing else None


def _parsing(
    articles: tuple[Article, ...], aliases: AliasTable, settings: Settings, cache: ExtractionCache | None
) -> _Parsing:
    """The parse of ``articles``, started in a second process (see :class:`Background`)."""
    keys = frozenset(cache.key(a) for a in articles) if cache else frozenset()
    return _Parsing(articles, keys, Background(lambda: _parse_each(articles, aliases, settings)))


def _extract_all(
    articles: tuple[Article, ...],
    aliases: AliasTable,
    settings: Settings,
    progress: Progress | None,
    cache: ExtractionCache | None = None,
    started: _Parsing | None = None,
) -> list[Extraction]:
    """Each article's extraction: from the cache when it holds one, else parsed (all the
    missing articles in one ``nlp.pipe``) and stored. spaCy is loaded only when an article
    is missing from the cache, and then in a second process, while the cached ones are read
    here: loading the model takes longer than parsing the article or two a rebuild adds.

    That process may have been ``started`` already, on the new files ingest found. If
    other articles are missing too (the rules changed, say), it is stopped, and all the
    missing articles are parsed together, so that spaCy is loaded once; if none of its
    articles is wanted after all, it is stopped too."""
    missing = tuple(a for a in articles if cache is None or not cache.holds(a))
    wanted = {cache.key(a) for a in missing} if cache else set()
    if started is not None and not (wanted and wanted <= started.keys):
        started.extractions.close()
        started = None
    parsed: dict[str, Extraction] = {}
    done = len(articles) - len(missing)

    def receive(todo: tuple[Article, ...], extractions: Iterable[Extraction]) -> None:
        nonlocal done
        for article, extraction in zip(todo, extractions, strict=True):
            if cache and cache.key(article) not in wanted:
                continue  # a file ingest then skipped (a duplicate, a clashing id)
            parsed[article.id] = extraction
            if cache:  # stored at once: a build stopped halfway keeps what it parsed
                cache.put(article, extraction)
            done += 1
            if progress:
                progress(done, len(articles))

    if started is None and missing:
        started = _parsing(missing, aliases, settings, cache)
    todo, parsing = (started.articles, started.extractions) if started else ((), nullcontext(()))
    with parsing as extractions:
        found = {a.id: cache.get(a) for a in articles} if cache else {}
        if progress and done:
            progress(done, len(articles))
        receive(todo, extractions)
    # An entry found damaged only when it was read is parsed now, after the others.
    damaged = tuple(a for a in articles if found.get(a.id) is None and a.id not in parsed)
    wanted |= {cache.key(a) for a in damaged} if cache else set()
    done -= len(damaged)
    receive(damaged, _parse_each(damaged, aliases, settings))
    return [found.get(a.id) or parsed[a.id] for a in articles]


def _parse_each(articles: tuple[Article, ...], aliases: AliasTable, settings: Settings) -> Iterator[Extraction]:
    """The figures stage over ``articles``, with the build's model, batch size and workers
    (not set: one per core)."""
    workers = settings.workers or available_cores()
    return extract_articles(articles, aliases, model=settings.model, batch_size=settings.batch_size, workers=workers)


def settle_incidents(
    incidents: Sequence[Incident],
    claims: Sequence[Claim],
    articles: Sequence[Article],
    corrections: Corrections,
    registry: Registry,
) -> tuple[Corrected, Assignment]:
    """The editors' corrections, then the registry: the incidents under the addresses they are published at."""
    # Editors name incidents by their published slugs: a preview of the registry's pairing finds them.
    preview = assign_slugs(incidents, claims, registry) if corrections.entries else None
    corrected = apply_corrections(corrections, incidents, claims, articles, preview)
    return corrected, assign_slugs(corrected.incidents, corrected.claims, registry, pinned=corrected.pinned)


def read_briefing(settings: Settings, *, articles_dir: Path | None = None, progress: Progress | None = None) -> Reading:
    """Run the reading stages over an articles folder."""
    # Both project files are read first, so that a mistake in either stops the build before spaCy runs.
    # The addresses and corrections are the project's: another folder (an export for scoring,
    # say) is read without them, so that nothing of this site leaks into it or is reported as unmatched.
    own = articles_dir is None or Path(articles_dir).resolve() == Path(settings.articles).resolve()
    corrections = load_corrections(settings.corrections) if own else Corrections(path="")
    registry = load_registry(settings.registry, settings.cache_dir) if own else Registry()
    aliases = load_aliases(settings.aliases, additions=alias_additions(corrections))
    timings: dict[str, float] = {}
    unwritable = unwritable_folder(settings.cache_dir)
    with ExitStack() as running:
        clock = time.perf_counter()
        cache = ExtractionCache(settings.cache_dir, pipeline_version(settings.model, aliases))
        started: list[_Parsing] = []

        def start(fresh: tuple[Article, ...]) -> None:
            parsing = _start_parsing(fresh, aliases, settings, cache)
            if parsing is not None:
                running.enter_context(parsing.extractions)  # stopped if the build fails before it is read
                started.append(parsing)

        articles_cache = ArticleCache(settings.cache_dir)
        articles_dir = articles_dir or settings.articles
        read = ingest(articles_dir, max_bytes=settings.max_article_bytes, store=articles_cache, fresh=start)
        if own:
            articles_cache.prune()
        timings["ingest"] = time.perf_counter() - clock

        clock = time.perf_counter()
        extractions = _extract_all(read.articles, aliases, settings, progress, cache, *started)
        if own:
            cache.prune(read.articles)  # only the project's own build knows which articles are gone
        timings["extract"] = time.perf_counter() - clock

    clock = time.perf_counter()
    key = grouping_key(read.articles, cache.version)
    stored = load_grouping(settings.cache_dir, key)
    grouped = _Grouped(*stored) if isinstance(stored, tuple) and len(stored) == 3 else None
    keep = _nothing_to_keep
    load_index(settings.cache_dir)
    gazetteer = Gazetteer(aliases)
    if grouped is None:
        # Each article is read on its own first: the readings of the articles the last build read are stored.
        version = readings_version(cache.version)
        stored = load_readings(settings.cache_dir, version, read.articles)
        readings = read_articles(read.articles, extractions, gazetteer, stored)
        grouped = _group(read.articles, extractions, aliases, gazetteer, readings)

        def keep() -> None:
            save_grouping(settings.cache_dir, key, (grouped.incidents, grouped.claims, grouped.organisations_named))
            save_readings(settings.cache_dir, version, read.articles, plain_readings(readings, extractions))

    corrected, named = settle_incidents(grouped.incidents, grouped.claims, read.articles, corrections, registry)
    located = locate_incidents(named.incidents, gazetteer)
    figures = grade_figures(reconcile(located, named.claims, read.articles, aliases), read.articles, aliases)
    timings["incidents"] = time.perf_counter() - clock
    briefing = Briefing(
        articles=read.articles,
        claims=named.claims,
        incidents=located,
        key_figures=figures,
        skipped=read.skipped,
        source_names=source_names(named.claims, aliases),
        organisations_named=grouped.organisations_named,
        other_names=_other_names(aliases, located, named.claims, grouped.organisations_named),
    )
    applied = len(corrected.applied)
    notes = (
        *(
            [Note("cache", _UNWRITABLE_CACHE.format(settings.cache_dir, unwritable), problem=True)]
            if unwritable
            else []
        ),
        *(Note("input", text) for a in read.articles if (text := language_note(a))),
        *(Note("corrections", text, problem=True) for text in corrected.unmatched),
        *([Note("corrections", f"applied {applied} correction(s) from {corrections.path}")] if applied else []),
        *(Note("registry", text) for text in named.messages),
    )
    return Reading(briefing, timings, notes, named.registry, cache.stats, keep)


@dataclass(frozen=True, slots=True)
class _Grouped:
    """The incidents the articles' reports make, before the editors' corrections and the
    registry's addresses: the same from the same articles (see
    :mod:`generator.editions.grouping_cache`)."""

    incidents: tuple[Incident, ...]
    claims: tuple[Claim, ...]
    """Every claim, assigned to its incident (or none)."""
    organisations_named: tuple[tuple[str, tuple[str, ...]], ...]
    """The organisations each article names (for search)."""


def _group(
    articles: tuple[Article, ...],
    extractions: list[Extraction],
    aliases: AliasTable,
    gazetteer: Gazetteer,
    readings: dict[str, ArticleReading],
) -> _Grouped:
    """Group the reports into incidents (``readings``: each article's, see
    :func:`~generator.incidents.read_articles`), and assign every claim to one."""
    # Which organisations each article names (for search) needs only the texts: a second
    # process reads them for it while this one groups the incidents.
    with Pending(lambda: _organisations_named(aliases, articles)) as naming:
        incidents, claims = build_incidents(articles, extractions, gazetteer, readings)
        return _Grouped(incidents, claims, naming.result())


def _organisations_named(aliases: AliasTable, articles: tuple[Article, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(article id, the organisations its report names) for every article that names one."""
    found = ((a.id, aliases.organisations_named_in(a.report_text)) for a in articles)
    return tuple((article, names) for article, names in found if names)


def _other_names(
    aliases: AliasTable,
    incidents: tuple[Incident, ...],
    claims: tuple[Claim, ...],
    named_in_articles: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The alias table's other names for every actor, claimant, organisation and place the
    incidents and their articles name."""
    named = {name for i in incidents for name in (*i.actors, i.location) if name}
    named |= {c.claimant for c in claims if c.claimant and c.incident}
    named |= {name for _, names in named_in_articles for name in names}
    found = ((name, aliases.other_names(name)) for name in sorted(named))
    return tuple((name, others) for name, others in found if others)


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Run Python's cycle collector rarely while a build runs; its thresholds are put back after.

    A build makes millions of small objects that live to its end (articles, claims,
    mentions, rows) and almost no cycles. With the default thresholds the collector
    walks all of them again and again: at 5,000 articles, 2 to 2.5 s of a 10 s warm
    rebuild. Collecting after 200,000 new objects, not 700, brings that to about 0.4 s;
    young cycles (spaCy's, say) are still collected.
    """
    before = gc.get_threshold()
    gc.set_threshold(200_000, 30, 30)
    try:
        yield
    finally:
        gc.set_threshold(*before)


Check = Callable[[Reading], None]
"""Called with what was read before anything is written; what it raises stops the run
(``--strict`` fails there, leaving the pages, the registry and the history as they were)."""


def export(
    settings: Settings, articles_dir: Path, progress: Progress | None = None, check: Check | None = None
) -> BuildResult:
    """The export JSON for a folder of articles. Incidents are named by the
    project's registry, if it has one, but the registry is not written."""
    with _rare_collections():
        reading = read_briefing(settings, articles_dir=articles_dir, progress=progress)
        if check is not None:
            check(reading)
        data = export_json(reading.briefing)
        reading.keep()
    return BuildResult(reading.briefing, data, reading.timings, notes=reading.notes, cache=reading.cache)


def generate(settings: Settings, progress: Progress | None = None, check: Check | None = None) -> BuildResult:
    """Read the articles, write the site's Markdown pages into ``docs_dir`` and
    write the registry of incident addresses back."""
    with _rare_collections():
        return _generate(settings, progress, check)


def _generate(settings: Settings, progress: Progress | None, check: Check | None) -> BuildResult:
    reading = read_briefing(settings, progress=progress)
    if check is not None:
        check(reading)
    clock = time.perf_counter()
    history_notes: list[Note] = []
    cache_warned = any(n.stage == "cache" for n in reading.notes)

    def warn(text: str) -> None:
        history_notes.append(Note("history", text, problem=True))

    # The registry file (and what the next build may reuse) is written by a second process while this one renders.
    with Pending(
        lambda: (write_registry(reading.registry, settings.registry, settings.cache_dir), reading.keep())
    ) as registry_written:
        last_history = load_history(settings.cache_dir, warn)
        history, previous = advance(last_history, snapshot_of(reading.briefing))
        changes = compare(previous, history["current"])
        since_last = compare(last_history.get("current") if last_history else None, history["current"])
        site_url = site_url_of(settings.mkdocs_config)
        rendered = render_site(
            reading.briefing, settings.docs_dir, changes=changes, site_url=site_url, cache_dir=settings.cache_dir
        )
        registry_written.result()
    if not save_history(settings.cache_dir, history) and not cache_warned:
        warn(
            f"the build history cannot be written into {settings.cache_dir}: the next build compares with an older one"
        )
    timings = {**reading.timings, "render": time.perf_counter() - clock}
    return BuildResult(
        reading.briefing,
        timings=timings,
        written=rendered.written,
        notes=(*reading.notes, *history_notes),
        cache=reading.cache,
        since_last=since_last,
    )
