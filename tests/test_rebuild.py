"""A rebuild renders only the pages that changed, and publishes the site a full build would.

A desk's project goes through a series of changes (an article added, edited, deleted; one
newer than all the others, which moves the "as of" date every page prints; two incidents
merged by a correction; the theme's template edited), each followed by ``briefings
build``. After each, the site it published is compared with a full build of the same
pages, file for file and byte for byte. Both builds run with ``SOURCE_DATE_EPOCH``, so
that the sitemap's dates (MkDocs writes the build's day) are the same.

One kind of file is compared decoded, not byte for byte: Pagefind writes the values of
a filter (the countries, kinds and years a reader filters by) in hash-map order, which
differs from one run to the next even over the same pages, so two full builds differ
there too. Those files (``filter/*.pf_filter``), and the metadata and entry files that
name them by their hashes, are compared for what they hold.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.settings import load_settings
from generator.site import build_site, index_site, mkdocs_pages, search_index
from generator.site.site_copy import make_folders
from generator.site.site_state import load_record, published_site

from .conftest import copy_project
from .site.search_bundle import decoded

EPOCH = "1700000000"

MAIDUGURI = """---
title: Suicide bomber kills seven at Maiduguri market
published: 2021-11-03
---
A suicide bomber killed seven people at a crowded market in Maiduguri, Nigeria, on Tuesday, police said.

Twenty others were wounded in the blast, which a police spokesman blamed on Boko Haram.
"""

MOGADISHU = """---
title: Car bomb kills 14 in Mogadishu
published: 2023-03-02
---
A car bomb exploded near a checkpoint in Mogadishu, Somalia, on Thursday, killing 14 people, officials said.

Al-Shabaab claimed the attack in a statement on its radio station.
"""


PART_BYTES = 60_000
"""Parts of the search index this small, so that the seeds' site has several, of which a
rebuild indexes again only those whose pages changed."""


@pytest.fixture
def desk(tmp_path, monkeypatch) -> Path:
    """The seeds, built once, as a desk has them after its first build."""
    monkeypatch.setattr(search_index, "PART_BYTES", PART_BYTES)
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.delenv("BRIEFINGS_CACHE_DIR", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    first = build(project)
    assert first["full"] and first["why"] == "first build"
    return project


def build(project: Path) -> dict:
    """``briefings build`` in ``project``: what it says of the pages it rendered."""
    timings = project.parent / "timings.json"
    result = CliRunner().invoke(cli, ["build", "--strict", "--quiet", "--timings-json", str(timings)])
    assert result.exit_code == 0, result.output
    data = json.loads(timings.read_text(encoding="utf-8"))
    search = (
        {"indexed_parts": data["search"]["indexed_parts"], "parts": data["search"]["parts"]} if "search" in data else {}
    )
    return {**data["pages"], **search}


def full_build(project: Path, folder: Path) -> Path:
    """Every page of ``project``'s docs built and indexed afresh into ``folder``."""
    built = build_site(project / "mkdocs.yml", folder, before_swap=index_site)
    assert built.problems == "" and built.full
    return folder


def site_files(site: Path) -> dict[str, object]:
    """Every file of a built site by path, its bytes; Pagefind's files that name a filter by
    its hash by what they hold (see the module's docstring). Every folder too (``path/``), so
    that a folder a rebuild left empty shows."""
    found: dict[str, object] = {}
    for root, dirs, names in os.walk(site):
        found.update((Path(root, d).relative_to(site).as_posix() + "/", None) for d in dirs)
        for name in names:
            path = Path(root, name)
            relative = path.relative_to(site).as_posix()
            if relative.endswith(".pf_filter"):
                filter_name, values = decoded(path)
                found[f"{relative.rsplit('/', 1)[0]}/{filter_name}"] = sorted(map(repr, values))
            elif relative.endswith(".pf_meta"):
                version, pages, chunks, filters, sorts, meta = decoded(path)
                found[f"{relative.rsplit('/', 1)[0]}/meta"] = [
                    version,
                    pages,
                    chunks,
                    sorted(f[0] for f in filters),
                    sorts,
                    meta,
                ]
            elif name == "pagefind-entry.json":
                entry = json.loads(path.read_bytes())
                found[relative] = {**entry, "languages": {k: {**v, "hash": ""} for k, v in entry["languages"].items()}}
            else:
                found[relative] = path.read_bytes()
    return found


def assert_same_site(rebuilt: Path, full: Path) -> None:
    mine, theirs = site_files(rebuilt), site_files(full)
    assert sorted(set(mine) - set(theirs)) == []
    assert sorted(set(theirs) - set(mine)) == []
    assert sorted(path for path in mine if mine[path] != theirs[path]) == []


def incident_slugs(project: Path) -> list[str]:
    return sorted(p.stem for p in (project / "docs" / "incidents").glob("*.md") if p.name != "index.md")


def test_a_rebuild_renders_only_what_changed_and_publishes_what_a_full_build_would(desk, tmp_path):
    site, seeds = desk / "site", desk / "seeds"
    steps = [
        ("an article added", lambda: (seeds / "005_maiduguri.md").write_text(MAIDUGURI, encoding="utf-8")),
        ("an article edited", lambda: (seeds / "005_maiduguri.md").write_text(
            MAIDUGURI.replace("killed seven", "killed nine"), encoding="utf-8")),
        ("an article newer than all: every page's 'as of' date moves",
         lambda: (seeds / "006_mogadishu.md").write_text(MOGADISHU, encoding="utf-8")),
        ("an article deleted", lambda: (seeds / "005_maiduguri.md").unlink()),
        ("two incidents merged by a correction", lambda: (desk / "corrections.yml").write_text(
            "corrections:\n  - merge: [" + ", ".join(incident_slugs(desk)[:2]) + "]\n", encoding="utf-8")),
    ]  # fmt: skip
    for step, (what, change) in enumerate(steps):
        before = incident_slugs(desk)
        change()
        rebuilt = build(desk)
        assert not rebuilt["full"], f"{what}: {rebuilt['why']}"
        assert 0 < rebuilt["rendered"] < rebuilt["built"], what
        assert rebuilt["indexed_parts"] < rebuilt["parts"], what
        assert_same_site(site, full_build(desk, tmp_path / f"full-{step}"))
        if "merged" in what:
            gone = set(before) - set(incident_slugs(desk))
            assert len(gone) == 1 and (site / "incidents" / gone.pop() / "index.html").is_file()  # a redirect

    published = os.stat(site)
    unchanged = build(desk)
    assert unchanged["unchanged"] and unchanged["rendered"] == 0 and "parts" not in unchanged  # not even indexed
    assert os.stat(site).st_ino == published.st_ino  # the very folder published before
    assert_same_site(site, tmp_path / f"full-{len(steps) - 1}")


def test_a_change_to_the_theme_renders_every_page_again(desk, tmp_path):
    template = desk / "overrides" / "main.html"
    template.write_text(template.read_text(encoding="utf-8").replace("new and updated", "new and revised"), "utf-8")

    rebuilt = build(desk)

    assert rebuilt["full"] and "theme" in rebuilt["why"]
    assert b"new and revised incidents" in (desk / "site" / "index.html").read_bytes()
    assert_same_site(desk / "site", full_build(desk, tmp_path / "full"))


def test_a_build_with_nothing_new_leaves_the_site_as_it_was(desk):
    """The desk's CI runs the build on every push, most of which add no article: the
    published site, and its search index, stay as they were, and the build says so."""
    published = os.stat(desk / "site")
    result = CliRunner().invoke(cli, ["build", "--strict"])

    assert result.exit_code == 0, result.output
    assert "none rendered: nothing the last build read has changed" in result.output
    assert os.stat(desk / "site").st_ino == published.st_ino


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize(
    ("what", "change"),
    [
        ("a hand-written page edited", lambda desk: _append(desk / "docs" / "methodology.md", "\nOne more line.\n")),
        ("a stylesheet edited", lambda desk: _append(desk / "docs" / "assets" / "extra.css", "\n/* wider */\n")),
        ("the registry edited by hand", lambda desk: _append(desk / "incidents.yml", "\n# checked by the desk\n")),
        ("the project's settings written", lambda desk: (desk / "briefings.yml").write_text("workers: 1\n")),
        (
            "the site folder built over by a bare mkdocs build",
            lambda desk: build_site(desk / "mkdocs.yml", desk / "site"),
        ),
    ],
)
def test_anything_the_last_build_read_being_written_builds_the_site_again(desk, what, change):
    change(desk)

    rebuilt = build(desk)

    assert not rebuilt["unchanged"], what
    assert "parts" in rebuilt, what  # indexed for search again (the parts whose pages changed)


def test_a_configuration_that_reads_the_environment_is_built_every_time(desk):
    _append(desk / "mkdocs.yml", "\nextra:\n  desk: !ENV [BRIEFINGS_DESK, 'news desk']\n")
    build(desk)

    again = build(desk)

    assert not again["unchanged"]  # what the environment says is not known from one build to the next


def nothing_beside_the_site(project: Path) -> bool:
    """Whether the folders a build leaves beside the site (the site it replaced, the folder
    it built in) are gone, once the processes removing them in the background are done."""
    deadline = time.monotonic() + 60
    while list(project.glob(".site.*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    return list(project.glob(".site.*")) == []


def test_the_site_a_rebuild_replaced_is_removed_and_nothing_is_left_beside_the_new_one(desk):
    (desk / "seeds" / "005_maiduguri.md").write_text(MAIDUGURI, encoding="utf-8")
    build(desk)
    assert nothing_beside_the_site(desk)  # neither the old site nor a folder being built is left
    assert (desk / "site" / "incidents").is_dir()

    assert build(desk)["unchanged"]  # the folder made for a next site that was not needed goes too
    assert nothing_beside_the_site(desk)


def test_a_build_that_fails_while_the_pages_are_generated_leaves_the_site_and_nothing_beside_it(desk):
    published = (desk / "site" / "index.html").read_bytes()
    (desk / "incidents.yml").write_text("incidents: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--strict", "--quiet"])
    assert result.exit_code != 0 and "incidents.yml" in result.output
    assert nothing_beside_the_site(desk)
    assert (desk / "site" / "index.html").read_bytes() == published


def test_a_build_removes_what_a_stopped_build_left_but_not_what_a_running_process_is_removing(desk):
    gone = 2**22 + 1  # above any process id Linux gives by default: no process has it
    left = [desk / f".site.{kind}-{gone}-0a1b2c3d" for kind in ("building", "old", "removing")]
    being_removed = desk / f".site.removing-{os.getpid()}-0a1b2c3d"  # this test's process stands in for the remover
    for folder in (*left, being_removed):
        (folder / "incidents").mkdir(parents=True)
    (desk / "seeds" / "005_maiduguri.md").write_text(MAIDUGURI, encoding="utf-8")
    build(desk)
    assert [folder for folder in left if folder.exists()] == []
    assert being_removed.is_dir()


def test_a_rebuild_whose_folder_making_process_dies_makes_the_folders_itself(desk, tmp_path, monkeypatch):
    (desk / "seeds" / "005_maiduguri.md").write_text(MAIDUGURI, encoding="utf-8")
    assert CliRunner().invoke(cli, ["generate", "--quiet"]).exit_code == 0
    cache, site = load_settings(desk).cache_dir, (desk / "site").resolve()
    record = load_record(cache, published_site(cache, site).token)
    parent = os.getpid()

    def dying(site_dir: Path, folders: list[str]) -> None:
        if os.getpid() != parent:
            os._exit(9)  # killed before it made a folder
        make_folders(site_dir, folders)

    monkeypatch.setattr(mkdocs_pages, "make_folders", dying)
    rebuilt = tmp_path / "rebuilt"
    rebuilt.mkdir()
    built = mkdocs_pages.build_pages(desk / "mkdocs.yml", rebuilt, token="t", previous=(site, record))

    assert built.problems == () and not built.full and 0 < built.rendered < built.pages
    full = tmp_path / "full"
    full.mkdir()
    assert mkdocs_pages.build_pages(desk / "mkdocs.yml", full, token="u").full
    assert site_files(rebuilt) == site_files(full)  # every folder and file, and no other
