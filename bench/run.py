"""Time ``briefings export`` against the bare spaCy model on the same words.

Two child processes, one after the other, each measured by the parent with
``os.wait4`` (its own peak RSS):

1. the bare model: ``spacy.load(model)`` then ``list(nlp.pipe(texts, batch_size=…))``
   over the report spans the pipeline parses (``ingest()``, then
   ``article.text[span.start:span.end]`` for every span of ``article.report``).
   Only ``nlp.pipe`` is timed; importing spaCy and loading the model are reported
   apart and not counted.
2. the real command, ``briefings export CORPUS -o OUT --quiet``, timed by the wall
   clock from start to exit: start-up, ingest, model load, extraction, JSON. It
   runs with an empty cache folder of its own (``BRIEFINGS_CACHE_DIR``), so that
   every article is parsed: the extraction cache would otherwise answer a second
   run on the same corpus.

Words are the whitespace-separated tokens of those span texts, the same count
for both sides. The ratio (export words/s over bare words/s) is printed with
its target and a PASS/FAIL verdict; the exit status is 0 either way (a miss is
a measurement, not an error), and 1 only when a side fails to run.

    python bench/run.py bench-out/corpus -o bench-out/export.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from child import run_child

from generator.read.files import ingest
from generator.settings import CACHE_ENV, load_settings

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.70
"""The export must keep this share of the bare model's words per second."""


@dataclass(frozen=True, slots=True)
class Run:
    """One child process, as the parent measured it."""

    seconds: float
    """Wall clock from start to exit."""
    max_rss_kb: int
    """Peak resident memory, in kB."""
    output: str
    """What it printed on stdout."""


def report_texts(corpus: Path) -> list[str]:
    """The texts the pipeline parses: every report span of every article, in order."""
    settings = load_settings(ROOT)
    articles = ingest(corpus, max_bytes=settings.max_article_bytes).articles
    return [a.text[s.start : s.end] for a in articles for s in a.report]


def bare_model(corpus: Path) -> None:
    """The bare side (run in its own process): print its timings as JSON."""
    settings = load_settings(ROOT)
    texts = report_texts(corpus)
    clock = time.perf_counter()
    import spacy  # its import is part of loading, which is not counted

    nlp = spacy.load(settings.model)
    loaded = time.perf_counter() - clock
    clock = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=settings.batch_size))
    parsed = time.perf_counter() - clock
    result = {
        "load_seconds": loaded,
        "parse_seconds": parsed,
        "docs": len(docs),
        "words": sum(len(t.split()) for t in texts),
        "model": f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}",
        "batch_size": settings.batch_size,
    }
    print(json.dumps(result))


def measure(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``command`` from the project root; its wall time, its own peak RSS and its output."""
    child = run_child(command, cwd=ROOT, env=env, capture=True)
    if child.exit_code != 0:
        sys.exit(f"bench: '{' '.join(command)}' failed with exit status {child.exit_code} (its errors are above)")
    return Run(child.seconds, child.peak_kb, child.output or "")


def _mb(kb: int) -> str:
    return f"{kb / 1024:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=Path("bench-out/corpus"), help="articles folder")
    parser.add_argument("-o", "--output", type=Path, default=Path("bench-out/export.json"), help="export JSON to write")
    parser.add_argument("--bare", action="store_true", help="internal: run the bare-model side and print JSON")
    args = parser.parse_args(argv)
    corpus = args.corpus if args.corpus.is_absolute() else ROOT / args.corpus
    if not corpus.is_dir():
        sys.exit(
            f"bench: no corpus folder {corpus}: write one with 'python bench/make_corpus.py' (or run 'make bench')"
        )
    if args.bare:
        bare_model(corpus)
        return 0

    texts = report_texts(corpus)
    articles = len(ingest(corpus).articles)
    words = sum(len(t.split()) for t in texts)
    distinct = len(set(texts))

    # The bare side first: the export then finds the model's files in the page cache too.
    bare_run = measure([sys.executable, str(Path(__file__).resolve()), "--bare", str(corpus)])
    bare = json.loads(bare_run.output)
    with tempfile.TemporaryDirectory(prefix="briefings-bench-cache-") as cache:
        export_run = measure(
            [str(Path(sys.executable).parent / "briefings"), "export", str(corpus), "-o", str(args.output), "--quiet"],
            env={**os.environ, CACHE_ENV: cache},
        )
    output = args.output if args.output.is_absolute() else ROOT / args.output
    exported = len(json.loads(output.read_text(encoding="utf-8"))["articles"])

    bare_wps = words / bare["parse_seconds"]
    export_wps = words / export_run.seconds
    ratio = export_wps / bare_wps
    verdict = "PASS" if ratio >= TARGET else "FAIL"
    print()
    print(
        f"briefings bench: {articles:,} articles, {len(texts):,} report spans ({distinct:,} distinct), "
        f"{words:,} words; model {bare['model']}, batch {bare['batch_size']}"
    )
    print(f"{'':24}{'seconds':>9}{'words/s':>10}{'peak RSS':>10}")
    print(
        f"{'briefings export':24}{export_run.seconds:9.1f}{export_wps:10,.0f}{_mb(export_run.max_rss_kb):>10}"
        "   wall clock of the whole command (start-up, ingest, model load, extraction, JSON)"
    )
    print(
        f"{'bare spaCy nlp.pipe':24}{bare['parse_seconds']:9.1f}{bare_wps:10,.0f}{_mb(bare_run.max_rss_kb):>10}"
        f"   nlp.pipe only; import + model load ({bare['load_seconds']:.1f} s) not counted"
    )
    print(f"{'ratio export / bare':24}{ratio:9.2f}   target >= {TARGET:.2f}   {verdict}")
    if exported != articles:
        print(f"warning: the export holds {exported} articles of {articles}: some were skipped (run without --quiet)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
