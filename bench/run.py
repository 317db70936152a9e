"""Time ``briefings export`` against the bare spaCy model on the same words, and with
one worker against two.

Child processes, one after the other, each measured by the parent with
``os.wait4`` (its own peak RSS):

1. the bare model: ``spacy.load(model)`` then ``list(nlp.pipe(texts, batch_size=…))``
   over the report spans the pipeline parses (``ingest()``, then
   ``article.text[span.start:span.end]`` for every span of ``article.report``).
   Only ``nlp.pipe`` is timed; importing spaCy and loading the model are reported
   apart and not counted.
2. the real command, ``briefings export CORPUS -o OUT --quiet --workers 1``, timed by
   the wall clock from start to exit: start-up, ingest, model load, extraction, JSON.
   It runs with an empty cache folder of its own (``BRIEFINGS_CACHE_DIR``), so that
   every article is parsed: the extraction cache would otherwise answer a second
   run on the same corpus;
3. the same with ``--workers 2``. Its ``--timings-json`` and the first one's give the
   extraction (the ``ingest`` and ``extract`` stages: reading the files, loading the
   model, parsing and reading the figures) with one worker and with two.

With ``--repeat N`` the two exports run N times, alternately (one worker, two,
one, two…), and the medians are compared: on a machine shared with other work
the same run can take a fifth longer from one time to the next.

Words are the whitespace-separated tokens of those span texts, the same count
for both sides. The ratios (the one-worker export's words/s over bare words/s;
the extraction's seconds with one worker over those with two) are printed with
their targets and a PASS/FAIL verdict; the exit status is 0 either way (a miss is
a measurement, not an error), and 1 only when a side fails to run or the two
exports differ (``--workers`` must not change a byte).

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
from statistics import median

from child import run_child
from host_ratio import EVERY, HostRun, measure_host

from generator.read.files import ingest
from generator.settings import CACHE_ENV, load_settings

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.70
"""The export must keep this share of the bare model's words per second."""
WORKERS_TARGET = 1.8
"""Extraction with two workers at least this many times as fast as with one (on two cores)."""
EXTRACTION = ("ingest", "extract")
"""The stages of ``--timings-json`` that make the extraction."""


@dataclass(frozen=True, slots=True)
class Run:
    """One child process, as the parent measured it."""

    seconds: float
    """Wall clock from start to exit."""
    max_rss_kb: int
    """Peak resident memory, in kB."""
    output: str
    """What it printed on stdout."""
    extraction: float = 0.0
    """Seconds of the extraction stages, from ``--timings-json`` (exports only)."""


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


def export(corpus: Path, output: Path, workers: int) -> Run:
    """``briefings export`` of ``corpus`` with ``workers``, with an empty cache of its own."""
    with tempfile.TemporaryDirectory(prefix="briefings-bench-cache-") as cache:
        timings = Path(cache) / "timings.json"
        command = [str(Path(sys.executable).parent / "briefings"), "export", str(corpus), "-o", str(output)]
        command += ["--quiet", "--workers", str(workers), "--timings-json", str(timings)]
        print(f"bench: {' '.join(command)}", flush=True)
        run = measure(command, env={**os.environ, CACHE_ENV: cache})
        stages = json.loads(timings.read_text(encoding="utf-8"))["stages"]
    return Run(run.seconds, run.max_rss_kb, run.output, sum(stages.get(s, 0.0) for s in EXTRACTION))


def _mb(kb: int) -> str:
    return f"{kb / 1024:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=Path("bench-out/corpus"), help="articles folder")
    parser.add_argument("-o", "--output", type=Path, default=Path("bench-out/export.json"), help="export JSON to write")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each export, alternately (default 1)")
    parser.add_argument("--bare", action="store_true", help="internal: run the bare-model side and print JSON")
    parser.add_argument(
        "--no-host", action="store_true", help="skip measuring what this machine gives a parallel job (host_ratio.py)"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
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
    output = args.output if args.output.is_absolute() else ROOT / args.output
    two_output = output.with_name(output.stem + "-2-workers" + output.suffix)
    ones, twos, hosts = [], [], []
    for _ in range(args.repeat):
        ones.append(export(corpus, output, 1))
        twos.append(export(corpus, two_output, 2))
        if not args.no_host:
            print(f"bench: bare spaCy over every {EVERY}th report text, in one process and then in two at once")
            hosts.append(measure_host(corpus))
    if output.read_bytes() != two_output.read_bytes():
        print(f"bench: {output} and {two_output} differ: two workers must write the same bytes as one")
        return 1
    exported = len(json.loads(output.read_text(encoding="utf-8"))["articles"])
    export_run = Run(median(r.seconds for r in ones), max(r.max_rss_kb for r in ones), "")

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
    print_workers(ones, twos, words, hosts)
    if exported != articles:
        print(f"warning: the export holds {exported} articles of {articles}: some were skipped (run without --quiet)")
    return 0


def print_workers(ones: list[Run], twos: list[Run], words: int, hosts: list[HostRun]) -> None:
    """Extraction with one worker and with two: each run, the medians and their ratio; then
    what this machine gave the bare model split in two, measured beside each pair."""
    one, two = median(r.extraction for r in ones), median(r.extraction for r in twos)
    label = f"median of {len(ones)}" if len(ones) > 1 else "one run"
    print()
    print(f"extraction (ingest + extract stages of the export), one worker and two, {label}; {os.cpu_count()} CPUs")
    print(f"{'':24}{'seconds':>9}{'words/s':>10}{'peak RSS':>10}   runs (s, alternately)")
    for name, runs, seconds in (("--workers 1", ones, one), ("--workers 2", twos, two)):
        each = ", ".join(f"{r.extraction:.1f}" for r in runs)
        peak = _mb(max(r.max_rss_kb for r in runs))
        print(f"{name:24}{seconds:9.1f}{words / seconds:10,.0f}{peak:>10}   {each}")
    ratio = one / two
    verdict = "PASS" if ratio >= WORKERS_TARGET else "FAIL"
    pairs = ", ".join(f"{a.extraction / b.extraction:.2f}" for a, b in zip(ones, twos, strict=True))
    print(f"{'ratio 1 / 2 workers':24}{ratio:9.2f}   target >= {WORKERS_TARGET:.2f} on 2 cores   {verdict}")
    print(f"{'':24}{'':9}   each pair: {pairs}")
    if not hosts:
        return
    host_one, host_two = median(h.one for h in hosts), median(h.two for h in hosts)
    host = host_one / host_two
    print()
    print(f"the same split with nothing of ours: bare spaCy over every {EVERY}th report text, beside each pair")
    print(f"{'':24}{'seconds':>9}   runs (s)")
    for name, seconds, each in (
        ("bare, one process", host_one, [h.one for h in hosts]),
        ("bare, two at once", host_two, [h.two for h in hosts]),
    ):
        print(f"{name:24}{seconds:9.1f}   {', '.join(f'{s:.1f}' for s in each)}")
    print(
        f"{'host ratio':24}{host:9.2f}   what this machine gave a job that shares nothing; "
        f"the workers ratio is {ratio / host:.0%} of it"
    )


if __name__ == "__main__":
    sys.exit(main())
