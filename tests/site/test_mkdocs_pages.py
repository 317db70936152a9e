"""MkDocs driven page by page builds the site ``mkdocs build`` builds, in one process or two."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.pipeline import generate
from generator.settings import load_settings
from generator.site import mkdocs_pages
from generator.site.mkdocs_pages import build_pages

from ..conftest import copy_project


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    """The seeds' pages, generated."""
    project = copy_project(tmp_path_factory.mktemp("pages") / "project")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("BRIEFINGS_CACHE_DIR", raising=False)
        generate(load_settings(project))
    return project


@pytest.fixture(autouse=True)
def one_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the sitemap's dates


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def pages_built(project: Path, folder: Path) -> mkdocs_pages.PagesBuilt:
    folder.mkdir()
    built = build_pages(project / "mkdocs.yml", folder, token=folder.name)
    assert built.problems == () and built.full
    return built


def test_the_site_is_the_one_mkdocs_build_builds(seeds, tmp_path):
    pages_built(seeds, tmp_path / "pages")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    build(load_config(str(seeds / "mkdocs.yml"), strict=True, site_dir=str(tmp_path / "mkdocs")))

    mine, theirs = site_files(tmp_path / "pages"), site_files(tmp_path / "mkdocs")
    assert sorted(mine) == sorted(theirs)
    assert [path for path in mine if mine[path] != theirs[path]] == []


def test_pages_rendered_in_two_processes_make_the_site_one_process_makes(seeds, tmp_path, monkeypatch):
    one = pages_built(seeds, tmp_path / "one")
    monkeypatch.setattr(mkdocs_pages, "SHARED_FROM", 0)
    monkeypatch.setattr(mkdocs_pages, "_cores", lambda: 2)
    shared = []
    real = mkdocs_pages._full_in_two
    monkeypatch.setattr(mkdocs_pages, "_full_in_two", lambda *args: shared.append(True) or real(*args))

    two = pages_built(seeds, tmp_path / "two")

    assert shared == [True]
    mine, theirs = site_files(tmp_path / "two"), site_files(tmp_path / "one")
    assert sorted(mine) == sorted(theirs)
    assert [path for path in mine if mine[path] != theirs[path]] == []
    assert two.record.pages == one.record.pages  # what the next rebuild reads of each page
    assert list(two.record.pages) == list(one.record.pages)


def test_broken_links_on_the_pages_of_either_process_fail_the_build_as_in_one_process(seeds, tmp_path, monkeypatch):
    pages = sorted((seeds / "docs").rglob("*.md"))
    try:
        for page in pages:  # every page, so that both processes have some
            page.write_text(page.read_text(encoding="utf-8") + "\n[broken](nowhere.md)\n", encoding="utf-8")
        (tmp_path / "one").mkdir()
        one = build_pages(seeds / "mkdocs.yml", tmp_path / "one", token="one")
        monkeypatch.setattr(mkdocs_pages, "SHARED_FROM", 0)
        monkeypatch.setattr(mkdocs_pages, "_cores", lambda: 2)
        (tmp_path / "two").mkdir()
        two = build_pages(seeds / "mkdocs.yml", tmp_path / "two", token="two")
    finally:
        for page in pages:
            page.write_text(page.read_text(encoding="utf-8").removesuffix("\n[broken](nowhere.md)\n"), "utf-8")
    assert two.record is None and len(two.problems) > len(pages) // 2
    assert sorted(two.problems) == sorted(one.problems)
