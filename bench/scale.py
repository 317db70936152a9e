"""The scale run: a large generated corpus built cold, then warm, against a bare MkDocs build.

In a project folder of its own (``bench-out/scale/project``: the repository's
``mkdocs.yml``, ``overrides/`` and hand-written ``docs/`` pages, with N articles
of ``make_corpus.py`` as its ``seeds/``) and a cache folder of its own
(``BRIEFINGS_CACHE_DIR=bench-out/scale/cache``), four child processes run one
after the other, each timed by the wall clock and measured by ``os.wait4`` (its
own peak RSS):

1. cold: ``briefings build --strict --quiet --timings-json T``, no cache, no
   generated pages, no ``incidents.yml``;
2. warm +1: article N + 1 of the same seed added to ``seeds/``, built again;
3. warm, nothing new: built again;
4. bare: ``python -m mkdocs build --strict -q -d bench-out/scale/bare-site`` of the
   same ``docs/`` and ``mkdocs.yml`` (the same plugins): what MkDocs alone costs.

With ``--repeat N``, steps 2 to 4 run N times (before each repeat the added article
is taken out again and the project rebuilt, untimed), and the targets are judged on
the median of each kind of run: on a shared machine one build of the same pages
can take a fifth longer than the next.

``--timings-json`` gives each build's stages, grouped as extraction (ingest,
extract), page generation (incidents, render), MkDocs and the search index
(Pagefind), with the index's pages, parts, size and peak memory; without it only
totals are shown. Then the built ``site/`` is measured (size, pages, average and
largest HTML page, the search index) and, when Playwright and Chromium are
installed, search is timed in a headless browser and the bytes a reader fetches
for a query are counted.

One markdown table, the site's figures and each target with PASS/FAIL are
printed; everything is also written to ``bench-out/scale/results.json``. The
exit status is 0 whether targets are met or not (a miss is a measurement) and 1
when a run fails.

    python bench/scale.py --articles 300
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import median

from child import run_child
from make_corpus import PREFIX, read_sources, source_folders, write_corpus
from search_timing import browser_search

from generator.site.render import OWNED_DIRS, OWNED_FILES

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GROUPS = {
    "extraction": ("ingest", "extract"),
    "page generation": ("incidents", "render"),
    "mkdocs": ("mkdocs",),
    "search index": ("search",),
}
"""How ``--timings-json`` stages add up to the table's columns."""
ARTICLE_COUNTS = ("read", "extracted", "cached")
QUIET_BANNERS = {"DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}
"""The theme's and a plugin's banners about MkDocs' future, which would bury the results."""
EXPECTED_EXTRACTED = {"warm +1": 1, "warm, nothing new": 0}
"""How many articles a warm build should parse: more means the extraction cache was not reused."""

WARM_SHARE = 0.02
"""Warm +1: extraction + page generation at most this share of the cold build's."""
WARM_OVER_BARE = 1.3
"""A warm build's total at most this many times a bare ``mkdocs build``."""
HTML_PER_PAGE = 40_000
"""Bytes of HTML per page, on average."""
PEAK_MEMORY = 2 * 1024**3
"""Bytes of resident memory, at the peak of any build."""
SEARCH_SECONDS = 1.0
WHOLE_BUILD_SECONDS = {"cold": 300.0, "warm +1": 20.0, "warm, nothing new": 10.0}
"""Issue 19, at 5,000 articles on two cores: each whole ``briefings build``, at most."""
"""From typing a query to the first result, in the browser."""


@dataclass(frozen=True, slots=True)
class Run:
    """One child process, as the parent measured it."""

    name: str
    seconds: float
    """Wall clock from start to exit."""
    peak_mb: float
    """Its own peak resident memory (``ru_maxrss``)."""
    summary: dict | None = None
    """What ``--timings-json`` wrote: seconds per stage (``stages``), articles read, extracted and
    cached (``articles``), incidents, claims; None without it."""
    groups: dict[str, float] | None = None
    """The stages added up as the table's columns, and ``other``: the rest of the wall clock
    (start-up, imports, the summary)."""

    @property
    def stages(self) -> dict[str, float]:
        return (self.summary or {}).get("stages") or {}


def measure(name: str, command: list[str], cwd: Path, env: dict[str, str], timings: Path | None = None) -> Run:
    """Run ``command``; its wall time, its own peak RSS (``os.wait4``) and its stage timings."""
    if timings:
        timings.unlink(missing_ok=True)
    print(f"scale: {name}: {' '.join(command)}", flush=True)
    child = run_child(command, cwd=cwd, env=env)
    if child.exit_code != 0:
        sys.exit(
            f"scale: {name}: '{' '.join(command)}' failed with exit status {child.exit_code} (its errors are above)"
        )
    seconds, peak_mb = child.seconds, child.peak_kb / 1024
    if not (timings and timings.is_file()):
        return Run(name, seconds, peak_mb)
    summary = json.loads(timings.read_text(encoding="utf-8"))
    stages = {k: float(v) for k, v in (summary.get("stages") or {}).items()}
    groups = {group: sum(stages.get(s, 0.0) for s in names) for group, names in GROUPS.items()}
    groups["other"] = seconds - sum(stages.values())
    return Run(name, seconds, peak_mb, summary, groups)


def has_timings_option() -> bool:
    """Does this ``briefings build`` have ``--timings-json``?"""
    out = subprocess.run([str(BIN / "briefings"), "build", "--help"], capture_output=True, text=True, check=False)
    return "--timings-json" in out.stdout


def make_project(project: Path, corpus: list[Path]) -> None:
    """A fresh project as a user has it after cloning, with ``corpus`` as its seeds."""
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    docs = ROOT / "docs"
    # The pages `briefings generate` writes are left behind, so that the cold build writes them all.
    generated = set(OWNED_FILES) | set(OWNED_DIRS)
    shutil.copytree(
        docs, project / "docs", ignore=lambda folder, names: generated & set(names) if Path(folder) == docs else set()
    )
    (project / "seeds").mkdir()
    for path in corpus:
        shutil.copy2(path, project / "seeds" / path.name)


def site_figures(site: Path) -> dict:
    """Sizes of the built site: all of it, its HTML pages and the search index (every part)."""
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    html = sum(p.stat().st_size for p in pages)
    largest = max(pages, key=lambda p: p.stat().st_size)
    by_folder: dict[str, int] = {}
    for p in files:
        top = p.relative_to(site).parts[0] if len(p.relative_to(site).parts) > 1 else "(top level)"
        by_folder[top] = by_folder.get(top, 0) + p.stat().st_size
    index = [p for p in files if p.relative_to(site).parts[0].startswith("pagefind")]
    parts = json.loads((site / "pagefind" / "parts.json").read_text(encoding="utf-8"))["parts"]
    return {
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "html_pages": len(pages),
        "html_bytes": html,
        "html_bytes_per_page": html / len(pages),
        "largest_page": str(largest.relative_to(site)),
        "largest_page_bytes": largest.stat().st_size,
        "by_folder": dict(sorted(by_folder.items(), key=lambda kv: -kv[1])),
        "search_index_bytes": sum(p.stat().st_size for p in index),
        "search_index_files": len(index),
        "search_index_parts": len(parts),
        "search_index_pages": len(list(site.glob("pagefind*/fragment/*.pf_fragment"))),
    }


def _cell(value: float | None, fmt: str = "{:,.1f}") -> str:
    return "–" if value is None else fmt.format(value)


def table(runs: list[Run]) -> list[str]:
    lines = [
        "| run | " + " | ".join(f"{group} s" for group in GROUPS) + " | other s | total s | peak MB |",
        "| --- |" + " ---: |" * (len(GROUPS) + 3),
    ]
    for r in runs:
        g = r.groups or {}
        cells = [_cell(g.get(k)) for k in (*GROUPS, "other")] + [_cell(r.seconds), _cell(r.peak_mb, "{:,.0f}")]
        lines.append(f"| {r.name} | " + " | ".join(cells) + " |")
    return lines


def typical(runs: list[Run]) -> Run:
    """The median run of a kind (of an even number, the mean of the middle two): its wall
    clock and stage groups; its peak memory is the largest of them all."""
    if len(runs) == 1:
        return runs[0]
    groups = None
    if all(r.groups for r in runs):
        groups = {k: median(r.groups[k] for r in runs) for k in runs[0].groups}  # type: ignore[index]
    name = runs[0].name.rsplit(" (", 1)[0] + f" (median of {len(runs)})"
    return Run(name, median(r.seconds for r in runs), max(r.peak_mb for r in runs), runs[0].summary, groups)


def targets(cold: Run, plus: Run, same: Run, bare: Run, site: dict, search: dict | None) -> list[dict]:
    """Each target: what it asks, the measured value, and PASS, FAIL or n/a (not measured)."""

    def target(name: str, measured: str, ok: bool | None) -> dict:
        return {"target": name, "measured": measured, "verdict": "n/a" if ok is None else "PASS" if ok else "FAIL"}

    out = []
    for run in (cold, plus, same):
        kind = run.name.rsplit(" (", 1)[0]
        limit = WHOLE_BUILD_SECONDS[kind]
        out.append(target(f"{kind}: the whole build <= {limit:.0f} s", f"{run.seconds:.1f} s", run.seconds <= limit))
    if cold.groups and plus.groups:
        work = {r.name: r.groups["extraction"] + r.groups["page generation"] for r in (cold, plus)}
        share = work[plus.name] / work[cold.name] if work[cold.name] else float("inf")
        out.append(
            target(
                f"warm +1: extraction + page generation <= {WARM_SHARE:.0%} of the cold build's",
                f"{work[plus.name]:.1f} s of {work[cold.name]:.1f} s = {share:.1%}",
                share <= WARM_SHARE,
            )
        )
    else:
        out.append(target(f"warm +1: extraction + page generation <= {WARM_SHARE:.0%} of cold", "no split", None))
    for run in (plus, same):
        # A bare `mkdocs build` makes no search index: the build's own, in its column, is left out.
        indexing = (run.groups or {}).get("search index", 0.0)
        ratio = (run.seconds - indexing) / bare.seconds
        out.append(
            target(
                f"{run.name}: total without the search index <= {WARM_OVER_BARE}x bare mkdocs build",
                f"({run.seconds:.1f} s - {indexing:.1f} s) / {bare.seconds:.1f} s = {ratio:.2f}x",
                ratio <= WARM_OVER_BARE,
            )
        )
    per_page = site["html_bytes_per_page"]
    out.append(
        target(
            f"average HTML per page <= {HTML_PER_PAGE / 1000:.0f} kB",
            f"{per_page / 1000:.1f} kB",
            per_page <= HTML_PER_PAGE,
        )
    )
    indexing = (cold.summary or {}).get("search")
    if indexing:
        out.append(
            target(
                f"search index of the cold build: time, and peak memory <= {PEAK_MEMORY / 1024**3:.0f} GB",
                f"{indexing['seconds']:.1f} s for {indexing['pages']:,} pages in {indexing['parts']} part(s), "
                f"{indexing['bytes'] / 1e6:.1f} MB; peak {_cell(indexing['peak_mb'], '{:,.0f}')} MB",
                None if indexing["peak_mb"] is None else indexing["peak_mb"] * 1024**2 <= PEAK_MEMORY,
            )
        )
    if search and "error" not in search:
        out.append(
            target(
                "bytes a reader fetches for one query (no limit set)",
                f"{search['first_query_bytes'] / 1000:,.0f} kB ({search['first_query_gzip_bytes'] / 1000:,.0f} kB "
                f"from a compressing server): {search['open']['bytes'] / 1000:,.0f} kB to open the search, then "
                + ", ".join(f"{q['bytes'] / 1000:,.0f} kB for {q['query']!r}" for q in search["queries"]),
                None,
            )
        )
    if search and "error" in search:
        out.append(target(f"search answers in < {SEARCH_SECONDS:.0f} s in the browser", search["error"], False))
    elif search:
        out.append(
            target(
                f"search answers in < {SEARCH_SECONDS:.0f} s in the browser",
                f"{search['answer_seconds']:.2f} s for {search['query']!r} "
                f"(ready {search['ready_seconds']:.1f} s after opening the home page)",
                search["answer_seconds"] < SEARCH_SECONDS,
            )
        )
    else:
        out.append(target(f"search answers in < {SEARCH_SECONDS:.0f} s in the browser", "not measured", None))
    peak = max(r.peak_mb for r in (cold, plus, same))
    out.append(
        target(
            f"peak memory of a build <= {PEAK_MEMORY / 1024**3:.0f} GB",
            f"{peak:,.0f} MB",
            peak * 1024**2 <= PEAK_MEMORY,
        )
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="articles of the cold build (default 300)")
    parser.add_argument("--seed", type=int, default=0, help="the corpus's random seed (default 0)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (../shared)")
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "bench-out" / "scale", help="folder to work in")
    parser.add_argument(
        "--browser", action=argparse.BooleanOptionalAction, default=True, help="time search in Chromium if installed"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of each warm build and of the bare build")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    corpus_dir, project, cache = out / "corpus", out / "project", out / "cache"

    # N + 1 articles of one seed: the first N are the cold build's, the last one is added for warm +1.
    write_corpus(corpus_dir, args.articles + 1, args.seed, read_sources(source_folders(args.shared)))
    corpus = sorted(corpus_dir.glob(f"{PREFIX}*.txt"))
    make_project(project, corpus[:-1])
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "BRIEFINGS_CACHE_DIR": str(cache), **QUIET_BANNERS}
    split = has_timings_option()
    if not split:
        print("scale: this 'briefings build' has no --timings-json: only totals are shown", flush=True)

    def build(name: str, tag: str) -> Run:
        timings = out / f"timings-{tag}.json"
        command = [str(BIN / "briefings"), "build", "--strict", "--quiet"]
        return measure(name, command + (["--timings-json", str(timings)] if split else []), project, env, timings)

    bare_site = out / "bare-site"
    mkdocs = [str(BIN / "python"), "-m", "mkdocs", "build", "--strict", "-q", "-f", "mkdocs.yml", "-d", str(bare_site)]
    added = project / "seeds" / corpus[-1].name
    cold = build("cold", "cold")
    pluses, sames, bares = [], [], []
    for n in range(1, args.repeat + 1):
        suffix = f" ({n})" if args.repeat > 1 else ""
        if n > 1:  # back to the N articles, so that the next warm +1 again adds one
            added.unlink()
            build(f"without the added article{suffix}, not timed", f"reset-{n}")
        shutil.copy2(corpus[-1], added)
        pluses.append(build(f"warm +1{suffix}", f"plus-{n}" if args.repeat > 1 else "plus"))
        sames.append(build(f"warm, nothing new{suffix}", f"same-{n}" if args.repeat > 1 else "same"))
        shutil.rmtree(bare_site, ignore_errors=True)
        bares.append(measure(f"bare mkdocs build{suffix}", mkdocs, project, env))
    runs = [cold, *pluses, *sames, *bares]
    plus, same, bare = typical(pluses), typical(sames), typical(bares)
    if args.repeat > 1:
        runs += [plus, same, bare]

    site = site_figures(project / "site")
    search = browser_search(project / "site") if args.browser else None
    results = targets(cold, plus, same, bare, site, search)

    words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus[:-1])
    made = (same.summary or {}).get("incidents")
    print(
        f"\nbriefings scale: {args.articles:,} articles (+1), {words:,} words, seed {args.seed}"
        + (f", {made:,} incidents" if isinstance(made, int) else "")
        + f"; {os.cpu_count()} CPUs; {project}\n"
    )
    print_report(runs, site, results)
    report = {
        "articles": args.articles,
        "words": words,
        "incidents": made,
        "seed": args.seed,
        "cpus": os.cpu_count(),
        "machine": platform.platform(),
        "stage_split": split,
        "repeat": args.repeat,
        "runs": [asdict(r) for r in runs],
        "site": site,
        "search": search,
        "targets": results,
    }
    (out / "results.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {out / 'results.json'}")
    return 0


def print_report(runs: list[Run], site: dict, results: list[dict]) -> None:
    """The runs' table and notes, the site's figures, the targets' table."""
    print("\n".join(table(runs)))
    print()
    counted = [r for r in runs if r.summary and r.summary.get("articles")]
    if counted:
        counts = [
            f"{r.name} {'/'.join(str(r.summary['articles'].get(k, '?')) for k in ARTICLE_COUNTS)}" for r in counted
        ]
        print(f"articles ({' / '.join(ARTICLE_COUNTS)}): {'; '.join(counts)}")
    for r in counted:
        extracted = r.summary["articles"].get("extracted")
        expected = EXPECTED_EXTRACTED.get(r.name.rsplit(" (", 1)[0])
        if expected is not None and isinstance(extracted, int) and extracted > expected:
            print(
                f"warning: {r.name} parsed {extracted} articles, not {expected}: the extraction "
                "cache was not reused (was generator/ or the model changed during the run?); run again"
            )
    loose = sorted({s for r in runs for s in r.stages} - {s for names in GROUPS.values() for s in names})
    print(
        "total: the whole command's wall clock; other: what no stage times (start-up, imports, the summary"
        + (f", and the stages {', '.join(loose)}" if loose else "")
        + "); peak: the largest maximum resident memory of the command and the processes it started"
    )
    print()
    print(
        f"site: {site['bytes'] / 1e6:,.1f} MB in {site['files']:,} files; {site['html_pages']:,} HTML pages, "
        f"{site['html_bytes'] / 1e6:,.1f} MB, {site['html_bytes_per_page'] / 1000:,.1f} kB per page on average; "
        f"largest {site['largest_page']} ({site['largest_page_bytes'] / 1000:,.0f} kB)"
    )
    print("      by folder: " + ", ".join(f"{k} {v / 1e6:,.1f} MB" for k, v in list(site["by_folder"].items())[:6]))
    print(
        f"search index: {site['search_index_bytes'] / 1e6:,.2f} MB in {site['search_index_files']:,} files, "
        f"{site['search_index_pages']:,} pages in {site['search_index_parts']} part(s); a reader fetches a few of them"
    )
    print()
    print("| target | measured | verdict |")
    print("| --- | --- | --- |")
    for t in results:
        print(f"| {t['target']} | {t['measured']} | {t['verdict']} |")


if __name__ == "__main__":
    sys.exit(main())
