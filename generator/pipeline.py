"""The order of the stages, and nothing else:

ingest → nlp → extract → incidents → reconcile → (export, render) → MkDocs.

Every other module does one stage and knows nothing of the others' order.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .aliases import load_aliases
from .export import export_json
from .extract import extract_article
from .gazetteer import Gazetteer
from .incidents import build_incidents
from .ingest import ingest
from .models import Article, Briefing, Extraction, TextSpan
from .reconcile import reconcile
from .settings import Settings

Progress = Callable[[int, int], None]
"""Called with (articles done, articles in all) while articles are read."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a run produced, for the CLI to report."""

    briefing: Briefing
    export_json: str
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage."""
    written: tuple[str, ...] = ()
    """Generated pages that changed (empty when pages were not generated)."""


def _extract_all(articles: tuple[Article, ...], settings: Settings, progress: Progress | None) -> list[Extraction]:
    """Parse every article's report spans with one ``nlp.pipe`` and read their claims."""
    if not articles:
        return []
    from .nlp import build_pipeline, parse  # spaCy loads only when there is something to parse

    nlp = build_pipeline(settings.model)
    aliases = load_aliases(settings.aliases)

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


def read_briefing(
    settings: Settings, *, articles_dir: Path | None = None, progress: Progress | None = None
) -> tuple[Briefing, dict[str, float]]:
    """Run the reading stages over an articles folder."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    read = ingest(articles_dir or settings.articles, max_bytes=settings.max_article_bytes)
    timings["ingest"] = time.perf_counter() - clock

    clock = time.perf_counter()
    extractions = _extract_all(read.articles, settings, progress)
    timings["extract"] = time.perf_counter() - clock

    clock = time.perf_counter()
    gazetteer = Gazetteer(load_aliases(settings.aliases))
    incidents, claims = build_incidents(read.articles, extractions, gazetteer)
    figures = reconcile(incidents, claims, read.articles)
    timings["incidents"] = time.perf_counter() - clock
    briefing = Briefing(
        articles=read.articles, claims=claims, incidents=incidents, key_figures=figures, skipped=read.skipped
    )
    return briefing, timings


def export(settings: Settings, articles_dir: Path, progress: Progress | None = None) -> BuildResult:
    """The export JSON for a folder of articles."""
    briefing, timings = read_briefing(settings, articles_dir=articles_dir, progress=progress)
    return BuildResult(briefing, export_json(briefing), timings)


def generate(settings: Settings, progress: Progress | None = None) -> BuildResult:
    """Read the articles and write the site's Markdown pages into ``docs_dir``."""
    from .render import render_site

    briefing, timings = read_briefing(settings, progress=progress)
    data = export_json(briefing)
    clock = time.perf_counter()
    rendered = render_site(briefing, settings.docs_dir, data)
    timings["render"] = time.perf_counter() - clock
    return BuildResult(briefing, data, timings, rendered.written)
