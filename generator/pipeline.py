"""The order of the stages, and nothing else:

ingest → nlp → extract → incidents → corrections → registry → reconcile →
(export, render) → MkDocs.

The editors' alias corrections act earlier, on the alias table extraction uses.

Every other module does one stage and knows nothing of the others' order.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .aliases import AliasTable, load_aliases
from .changes import advance, compare, snapshot_of
from .changes_file import load_history, save_history
from .corrections import (
    Corrected,
    Corrections,
    alias_additions,
    apply_corrections,
    load_corrections,
)
from .export import export_json
from .extract import extract_article
from .gazetteer import Gazetteer
from .incidents import build_incidents, locate_incidents
from .ingest import ingest
from .models import Article, Briefing, Claim, Extraction, Incident, TextSpan
from .reconcile import reconcile
from .registry import Assignment, Registry, assign_slugs
from .registry_file import load_registry, write_registry
from .settings import Settings, site_url_of

Progress = Callable[[int, int], None]
"""Called with (articles done, articles in all) while articles are read."""


@dataclass(frozen=True, slots=True)
class Note:
    """One thing the corrections or registry stage did, or could not do, for the CLI to print."""

    stage: str
    """``corrections`` or ``registry``."""
    text: str
    problem: bool = False
    """A correction that matched nothing: printed even when quiet, and fails ``--strict``."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What the reading stages produced, before anything is written."""

    briefing: Briefing
    timings: dict[str, float]
    notes: tuple[Note, ...] = ()
    registry: Registry = field(default_factory=Registry)
    """The incident addresses after this build: ``generate`` writes it back, ``export`` does not."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a run produced, for the CLI to report."""

    briefing: Briefing
    export_json: str
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage."""
    written: tuple[str, ...] = ()
    """Generated pages that changed (empty when pages were not generated)."""
    notes: tuple[Note, ...] = ()
    """What the corrections and registry stages report: merges, new addresses, unmatched corrections."""


def _extract_all(
    articles: tuple[Article, ...], aliases: AliasTable, settings: Settings, progress: Progress | None
) -> list[Extraction]:
    """Parse every article's report spans with one ``nlp.pipe`` and read their claims."""
    if not articles:
        return []
    from .nlp import build_pipeline, parse  # spaCy loads only when there is something to parse

    nlp = build_pipeline(settings.model)

    def spans() -> Iterator[tuple[str, tuple[int, TextSpan]]]:
        for n, article in enumerate(articles):
            for span in article.report:
                yield article.text[span.start : span.end], (n, span)

    parsed: dict[int, list] = {n: [] for n in range(len(articles))}
    extractions: list[Extraction] = []
    done = 0
    for doc, (n, span) in parse(nlp, spans(), batch_size=settings.batch_size):
        parsed[n].append((span, doc))
        # An article is complete when its last span arrives (nlp.pipe keeps order).
        while done < len(articles) and len(parsed[done]) == len(articles[done].report):
            extractions.append(extract_article(articles[done], parsed.pop(done), aliases))
            done += 1
            if progress:
                progress(done, len(articles))
    while done < len(articles):  # articles with no report text
        extractions.append(extract_article(articles[done], parsed.pop(done, []), aliases))
        done += 1
    return extractions


def settle_incidents(
    incidents: Sequence[Incident],
    claims: Sequence[Claim],
    articles: Sequence[Article],
    corrections: Corrections,
    registry: Registry,
) -> tuple[Corrected, Assignment]:
    """The editors' corrections, then the registry: the incidents under the addresses they are published at."""
    # Editors name incidents by their published slugs: a preview of the registry's pairing finds them.
    preview = assign_slugs(incidents, claims, registry)
    corrected = apply_corrections(corrections, incidents, claims, articles, preview)
    return corrected, assign_slugs(corrected.incidents, corrected.claims, registry, pinned=corrected.pinned)


def read_briefing(settings: Settings, *, articles_dir: Path | None = None, progress: Progress | None = None) -> Reading:
    """Run the reading stages over an articles folder."""
    # Both project files are read first, so that a mistake in either stops the build before spaCy runs.
    # The addresses and corrections are the project's: another folder (an export for scoring,
    # say) is read without them, so that nothing of this site leaks into it or is reported as unmatched.
    own = articles_dir is None or Path(articles_dir).resolve() == Path(settings.articles).resolve()
    corrections = load_corrections(settings.corrections) if own else Corrections(path="")
    registry = load_registry(settings.registry) if own else Registry()
    aliases = load_aliases(settings.aliases, additions=alias_additions(corrections))
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    read = ingest(articles_dir or settings.articles, max_bytes=settings.max_article_bytes)
    timings["ingest"] = time.perf_counter() - clock

    clock = time.perf_counter()
    extractions = _extract_all(read.articles, aliases, settings, progress)
    timings["extract"] = time.perf_counter() - clock

    clock = time.perf_counter()
    gazetteer = Gazetteer(aliases)
    incidents, claims = build_incidents(read.articles, extractions, gazetteer)
    corrected, named = settle_incidents(incidents, claims, read.articles, corrections, registry)
    located = locate_incidents(named.incidents, gazetteer)
    figures = reconcile(located, named.claims, read.articles, aliases)
    timings["incidents"] = time.perf_counter() - clock
    briefing = Briefing(
        articles=read.articles,
        claims=named.claims,
        incidents=located,
        key_figures=figures,
        skipped=read.skipped,
    )
    applied = len(corrected.applied)
    notes = (
        *(Note("corrections", text, problem=True) for text in corrected.unmatched),
        *([Note("corrections", f"applied {applied} correction(s) from {corrections.path}")] if applied else []),
        *(Note("registry", text) for text in named.messages),
    )
    return Reading(briefing, timings, notes, named.registry)


def export(settings: Settings, articles_dir: Path, progress: Progress | None = None) -> BuildResult:
    """The export JSON for a folder of articles. Incidents are named by the
    project's registry, if it has one, but the registry is not written."""
    reading = read_briefing(settings, articles_dir=articles_dir, progress=progress)
    return BuildResult(reading.briefing, export_json(reading.briefing), reading.timings, notes=reading.notes)


def generate(settings: Settings, progress: Progress | None = None) -> BuildResult:
    """Read the articles, write the site's Markdown pages into ``docs_dir`` and
    write the registry of incident addresses back."""
    from .render import render_site

    reading = read_briefing(settings, progress=progress)
    data = export_json(reading.briefing)
    clock = time.perf_counter()
    history, previous = advance(load_history(settings.cache_dir), snapshot_of(reading.briefing))
    changes = compare(previous, history["current"])
    site_url = site_url_of(settings.mkdocs_config)
    rendered = render_site(reading.briefing, settings.docs_dir, data, changes=changes, site_url=site_url)
    write_registry(reading.registry, settings.registry)
    save_history(settings.cache_dir, history)
    timings = {**reading.timings, "render": time.perf_counter() - clock}
    return BuildResult(reading.briefing, data, timings, rendered.written, reading.notes)
