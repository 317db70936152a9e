"""The ``briefings`` command. Each command's docstring is its ``--help``; the
commands call the pipeline and print, and nothing else prints."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .aliases import AliasFileError
from .build_lock import BuildLockedError, one_build_at_a_time
from .editions import CorrectionsError, RegistryError
from .figures import ModelNotInstalledError
from .models import SkippedFile
from .read import IngestError
from .safe_files import unwritable_folder, write_atomically
from .settings import Settings, SettingsError, load_settings
from .site import SiteFolderError, check_site_folder, project_paths

if TYPE_CHECKING:
    from .pipeline import BuildResult, Note, Reading
    from .site import SearchIndex, SiteBuild


def _settings(**overrides: object) -> Settings:
    try:
        return load_settings(Path("."), **overrides)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc


class _Bar:
    """A progress bar on stderr while articles are read, drawn from the first update."""

    def __init__(self) -> None:
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Reading articles", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        """End the bar's line, so that what is printed next starts a line of its own."""
        bar, self.bar = self.bar, None
        if bar is not None:
            bar.__exit__(None, None, None)


@contextmanager
def _progress(quiet: bool) -> Iterator[_Bar | None]:
    """A progress bar on stderr while articles are read; none when quiet or not a terminal."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    bar = _Bar()
    try:
        yield bar
    finally:
        bar.close()


def _report(skipped: tuple[SkippedFile, ...], quiet: bool) -> None:
    """Every skipped file on one line each: the file, and the problem."""
    for s in skipped:
        if s.severity == "error" or not quiet:
            click.echo(f"{'error' if s.severity == 'error' else 'note'}: {s.path}: {s.reason}", err=True)


_STAGES = ("cache", "input", "corrections", "registry")
"""The notes printed once the articles are read; the history's come after the pages are written."""


def _notes(notes: tuple[Note, ...], quiet: bool, stages: tuple[str, ...] = _STAGES) -> None:
    """What the stages did; a problem (a correction that matched nothing, a cache that
    cannot be written) even when quiet."""
    for note in notes:
        if note.stage not in stages:
            continue
        if note.problem:
            click.echo(f"warning: {note.text}", err=True)
        elif not quiet:
            click.echo(note.text)


def summary_data(
    result: BuildResult, timings: dict[str, float], search: SearchIndex | None = None, site: SiteBuild | None = None
) -> dict:
    """The figures of the build summary as plain data (``--timings-json``)."""
    b = result.briefing
    data = {
        "stages": {name: round(seconds, 3) for name, seconds in timings.items()},
        "articles": {
            "read": len(b.articles),
            "extracted": result.cache.misses,
            "cached": result.cache.hits,
            "corrupt_cache_entries": len(result.cache.corrupt),
        },
        "incidents": len(b.incidents),
        "claims": len(b.claims),
        "skipped": len(b.skipped),
    }
    if site is not None:
        data["pages"] = {
            "built": site.pages,
            "rendered": site.rendered,
            "full": site.full,
            "why": site.why,
            "unchanged": site.unchanged,
        }
    if search is not None:
        data["search"] = {
            "pages": search.pages,
            "parts": search.parts,
            "indexed_parts": search.indexed_parts,
            "bytes": search.bytes,
            "seconds": round(search.seconds, 3),
            "peak_mb": None if search.peak_bytes is None else round(search.peak_bytes / 1024**2, 1),
        }
    return data


def build_summary(
    result: BuildResult,
    timings: dict[str, float],
    site_dir: Path,
    search: SearchIndex | None = None,
    site: SiteBuild | None = None,
) -> str:
    """One screen: what was read, what changed since the last build, what was skipped, and the time."""
    b, since, cache = result.briefing, result.since_last, result.cache
    total = sum(timings.values())
    lines = [f"Built {site_dir} in {total:.1f} s."]
    articles = f"{len(b.articles)} read"
    if since is not None and not since.first_build:
        articles += f": {len(since.new_articles)} new, {len(since.changed_articles)} changed since the last build"
    articles += f"; {cache.misses} extracted, {cache.hits} from the cache"
    if cache.corrupt:
        articles += f" ({len(cache.corrupt)} damaged cache entr{'y' if len(cache.corrupt) == 1 else 'ies'} redone)"
    lines.append(f"  articles   {articles}")
    errors = sum(1 for s in b.skipped if s.severity == "error")
    lines.append(f"  skipped    {len(b.skipped)} file(s), {errors} unreadable" + (":" if b.skipped else ""))
    shown = 8
    lines += [f"               {s.path}: {s.reason}" for s in b.skipped[:shown]]
    if len(b.skipped) > shown:
        lines.append(f"               … and {len(b.skipped) - shown} more on the build report page")
    registry = [n.text for n in result.notes if n.stage == "registry"]
    created = sum(t.startswith("new incident") for t in registry)
    redirected = sum(t.startswith("merged") or "now redirects" in t for t in registry)
    retired = sum(t.startswith("retired") for t in registry)
    lines.append(
        f"  incidents  {len(b.incidents)}: {created} created, {redirected} merged or redirected, {retired} retired"
    )
    if since is not None and not since.first_build:
        lines.append(
            f"  figures    {len(b.claims)} claims; {len(since.revisions)} key figure(s) revised since the last build"
        )
    else:
        lines.append(f"  figures    {len(b.claims)} claims; first build, nothing to compare with")
    if site is not None and site.unchanged:
        lines.append("  pages      none rendered: nothing the last build read has changed, the site is as it was")
    elif site is not None:
        how = f"all of them: {site.why}" if site.full else "the others are as the last build left them"
        lines.append(f"  pages      {site.rendered:,} of {site.pages:,} rendered ({how})")
    if search is not None:
        peak = "" if search.peak_bytes is None else f", peak {search.peak_bytes / 1024**2:,.0f} MB"
        parts = f" indexed in {search.parts} parts" if search.parts > 1 else " indexed"
        if search.parts and not search.indexed_parts:
            parts = ", none changed: the last build's index"
        elif search.parts > 1 and search.indexed_parts < search.parts:
            parts += f" ({search.indexed_parts} indexed again, the others kept)"
        lines.append(
            f"  search     {search.pages:,} pages{parts}, {search.bytes / 1e6:,.1f} MB ({search.seconds:.1f} s{peak})"
        )
    stages = " · ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
    lines.append(f"  time       {stages}")
    return "\n".join(lines)


def _check_strict(skipped: tuple[SkippedFile, ...], strict: bool, notes: tuple[Note, ...] = ()) -> None:
    errors = [s for s in skipped if s.severity == "error"]
    if strict and errors:
        raise click.ClickException(f"--strict: {len(errors)} input file(s) could not be read (listed above)")
    unmatched = [n for n in notes if n.problem and n.stage == "corrections"]
    if strict and unmatched:
        raise click.ClickException(f"--strict: {len(unmatched)} correction(s) matched nothing (listed above)")


def _checked(
    strict: bool, quiet: bool, progress: _Bar | None, stages: tuple[str, ...] = _STAGES
) -> Callable[[Reading], None]:
    """What runs once the articles are read and before anything is written: the skipped files
    and the notes are printed, and ``--strict`` fails there, leaving every output as it was."""

    def check(reading: Reading) -> None:
        if progress is not None:
            progress.close()
        _report(reading.briefing.skipped, quiet)
        _notes(reading.notes, quiet, stages)
        _check_strict(reading.briefing.skipped, strict, reading.notes)

    return check


def _run(action: Callable[[], object]) -> object:
    """Turn the pipeline's known errors into one clear line and exit code 1."""
    try:
        return action()
    except (
        IngestError,
        AliasFileError,
        CorrectionsError,
        RegistryError,
        ModelNotInstalledError,
        SettingsError,
        SiteFolderError,
    ) as exc:
        raise click.ClickException(str(exc)) from exc


@contextmanager
def _one_build(settings: Settings, command: str) -> Iterator[None]:
    """Hold the project's build lock (see :mod:`generator.build_lock`), or stop saying who holds it."""
    try:
        with one_build_at_a_time(settings.mkdocs_config.parent, command):
            yield
    except BuildLockedError as exc:
        raise click.ClickException(str(exc)) from exc


strict_option = click.option(
    "--strict", is_flag=True, help="Exit non-zero if any input file cannot be read or a correction matches nothing."
)
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print only errors; no progress bar.")
workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Parse articles in N processes (default: the 'workers' option, else one per core). The output is the same.",
)
timings_option = click.option(
    "--timings-json",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the seconds per stage and the cache counts to this JSON file (for benchmarks).",
)
articles_option = click.option(
    "--articles",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of input articles (default: the 'articles' option, seeds/).",
)


@click.group()
@click.version_option(__version__, prog_name="briefings")
def cli() -> None:
    """Read news articles about violent incidents and publish a briefing site."""


@cli.command()
@articles_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the built site (default: site/).",
)
@strict_option
@quiet_option
@workers_option
@timings_option
def build(
    articles: Path | None,
    site_dir: Path | None,
    strict: bool,
    quiet: bool,
    workers: int | None,
    timings_json: Path | None,
) -> None:
    """Extract the articles, write the Markdown pages into docs/, update incidents.yml
    (the incident addresses: commit it), build the site with MkDocs and index it for
    search. Ends with a summary of what changed since the last build."""
    import time

    from .pipeline import generate
    from .site import SearchIndexError, build_site, index_site, index_version

    settings = _settings(articles=articles, site_dir=site_dir, workers=workers)
    _run(lambda: check_site_folder(settings.site_dir, project_paths(settings)))
    indexed: list[SearchIndex] = []

    def index_search(built: Path) -> None:
        previous = settings.site_dir if settings.site_dir.is_dir() else None
        indexed.append(index_site(built, previous=previous))

    with _one_build(settings, "briefings build"):
        with _progress(quiet) as progress:
            result = _run(lambda: generate(settings, progress=progress, check=_checked(strict, quiet, progress)))
        _notes(result.notes, quiet, stages=("history",))
        clock = time.perf_counter()
        try:
            site = _run(
                lambda: build_site(
                    settings.mkdocs_config,
                    settings.site_dir,
                    before_swap=index_search,
                    cache_dir=settings.cache_dir,
                    also=index_version(),
                )
            )
        except SearchIndexError as exc:
            raise click.ClickException(f"{exc}; the site was not replaced") from exc
        seconds = time.perf_counter() - clock
    search = indexed[0] if indexed else None
    timings = {**result.timings, "mkdocs": seconds - (search.seconds if search else 0.0)}
    if search is not None:
        timings["search"] = search.seconds
    if timings_json is not None:
        data = summary_data(result, timings, search, site)
        timings_json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    if site.problems:
        raise click.ClickException(f"mkdocs build --strict failed: {site.problems}")
    if not quiet:
        click.echo(build_summary(result, timings, settings.site_dir, search, site))


@cli.command()
@articles_option
@strict_option
@quiet_option
@workers_option
def generate(articles: Path | None, strict: bool, quiet: bool, workers: int | None) -> None:
    """Write the Markdown pages into docs/ and update incidents.yml, without building the site."""
    from .pipeline import generate as generate_pages

    settings = _settings(articles=articles, workers=workers)
    with _one_build(settings, "briefings generate"):
        with _progress(quiet) as progress:
            result = _run(lambda: generate_pages(settings, progress=progress, check=_checked(strict, quiet, progress)))
        _notes(result.notes, quiet, stages=("history",))
    if not quiet:
        click.echo(f"Wrote {len(result.written)} changed page(s) into {settings.docs_dir}.")


@cli.command()
@click.argument("articles_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The JSON file to write (schema 1).",
)
@strict_option
@quiet_option
@workers_option
@timings_option
def export(
    articles_dir: Path, output: Path, strict: bool, quiet: bool, workers: int | None, timings_json: Path | None
) -> None:
    """Write the export JSON (articles, incidents, claims) for ARTICLES_DIR.

    Incidents take their addresses from incidents.yml, if the project has one;
    the file is not changed."""
    from .pipeline import export as export_articles

    settings = _settings(workers=workers)
    # Checked before the articles are read: a folder found missing after the whole extraction costs it all.
    if not output.parent.is_dir():
        raise click.ClickException(f"{output}: no folder {output.parent} to write it into: create it first")
    if output.is_dir():
        raise click.ClickException(f"{output}: is a folder: name the JSON file to write, such as {output}/export.json")
    if problem := unwritable_folder(output.parent):
        raise click.ClickException(f"{output}: cannot be written into {output.parent} ({problem})")
    stages = ("cache", "input", "corrections")
    with _progress(quiet) as progress:
        check = _checked(strict, quiet, progress, stages)
        result = _run(lambda: export_articles(settings, articles_dir, progress=progress, check=check))
    try:
        write_atomically(output, result.export_json.encode("utf-8"))
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot be written ({exc.strerror or exc})") from exc
    if timings_json is not None:
        timings_json.write_text(json.dumps(summary_data(result, result.timings), indent=2) + "\n", encoding="utf-8")
    if not quiet:
        b = result.briefing
        click.echo(f"Wrote {output}: {len(b.articles)} articles, {len(b.incidents)} incidents, {len(b.claims)} claims.")


@cli.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve the preview on.")
def serve(dev_addr: str) -> None:
    """Preview the site live; pages are regenerated when an article changes."""
    from .mkdocs_plugin import serve_site

    settings = _settings()
    serve_site(settings.mkdocs_config, dev_addr)
