"""The ``briefings`` command. Each command's docstring is its ``--help``; the
commands call the pipeline and print, and nothing else prints."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .aliases import AliasFileError
from .corrections_file import CorrectionsError
from .ingest import IngestError
from .models import SkippedFile
from .registry_file import RegistryError
from .settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from .pipeline import Note


def _settings(**overrides: object) -> Settings:
    try:
        return load_settings(Path("."), **overrides)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr while articles are read; none when quiet or not a terminal."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    bar = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Reading articles", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def _report(skipped: tuple[SkippedFile, ...], quiet: bool) -> None:
    """Every skipped file on one line each: the file, and the problem."""
    for s in skipped:
        if s.severity == "error" or not quiet:
            click.echo(f"{'error' if s.severity == 'error' else 'note'}: {s.path}: {s.reason}", err=True)


def _notes(notes: tuple[Note, ...], quiet: bool, stages: tuple[str, ...] = ("corrections", "registry")) -> None:
    """What the corrections and registry stages did; a correction that matched nothing even when quiet."""
    for note in notes:
        if note.stage not in stages:
            continue
        if note.problem:
            click.echo(f"warning: {note.text}", err=True)
        elif not quiet:
            click.echo(note.text)


def _check_strict(skipped: tuple[SkippedFile, ...], strict: bool, notes: tuple[Note, ...] = ()) -> None:
    errors = [s for s in skipped if s.severity == "error"]
    if strict and errors:
        raise click.ClickException(f"--strict: {len(errors)} input file(s) could not be read (listed above)")
    unmatched = [n for n in notes if n.problem]
    if strict and unmatched:
        raise click.ClickException(f"--strict: {len(unmatched)} correction(s) matched nothing (listed above)")


def _run(action: Callable[[], object]) -> object:
    """Turn the pipeline's known errors into one clear line and exit code 1."""
    from .nlp import ModelNotInstalledError

    try:
        return action()
    except (IngestError, AliasFileError, CorrectionsError, RegistryError, ModelNotInstalledError, SettingsError) as exc:
        raise click.ClickException(str(exc)) from exc


strict_option = click.option(
    "--strict", is_flag=True, help="Exit non-zero if any input file cannot be read or a correction matches nothing."
)
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print only errors; no progress bar.")
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
def build(articles: Path | None, site_dir: Path | None, strict: bool, quiet: bool) -> None:
    """Extract the articles, write the Markdown pages into docs/, update incidents.yml
    (the incident addresses: commit it) and build the site with MkDocs."""
    from .mkdocs_plugin import build_site
    from .pipeline import generate

    settings = _settings(articles=articles, site_dir=site_dir)
    with _progress(quiet) as progress:
        result = _run(lambda: generate(settings, progress=progress))
    _report(result.briefing.skipped, quiet)
    _notes(result.notes, quiet)
    _check_strict(result.briefing.skipped, strict, result.notes)
    problems = build_site(settings.mkdocs_config, settings.site_dir)
    if problems:
        raise click.ClickException(f"mkdocs build --strict failed: {problems}")
    if not quiet:
        b = result.briefing
        click.echo(
            f"Built {settings.site_dir}: {len(b.incidents)} incidents, {len(b.articles)} articles, "
            f"{len(b.claims)} figures, {len(b.skipped)} skipped file(s)."
        )


@cli.command()
@articles_option
@strict_option
@quiet_option
def generate(articles: Path | None, strict: bool, quiet: bool) -> None:
    """Write the Markdown pages into docs/ and update incidents.yml, without building the site."""
    from .pipeline import generate as generate_pages

    settings = _settings(articles=articles)
    with _progress(quiet) as progress:
        result = _run(lambda: generate_pages(settings, progress=progress))
    _report(result.briefing.skipped, quiet)
    _notes(result.notes, quiet)
    _check_strict(result.briefing.skipped, strict, result.notes)
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
def export(articles_dir: Path, output: Path, strict: bool, quiet: bool) -> None:
    """Write the export JSON (articles, incidents, claims) for ARTICLES_DIR.

    Incidents take their addresses from incidents.yml, if the project has one;
    the file is not changed."""
    from .pipeline import export as export_articles

    settings = _settings()
    with _progress(quiet) as progress:
        result = _run(lambda: export_articles(settings, articles_dir, progress=progress))
    _report(result.briefing.skipped, quiet)
    _notes(result.notes, quiet, stages=("corrections",))
    _check_strict(result.briefing.skipped, strict, result.notes)
    output.write_text(result.export_json, encoding="utf-8")
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
