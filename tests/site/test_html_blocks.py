"""The generated pages' raw HTML blocks kept out of Markdown's way: the site is the one
Markdown makes when it reads them, byte for byte, hostile articles among its pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.mkdocs_plugin import BriefingsPlugin
from generator.pipeline import generate
from generator.settings import load_settings
from generator.site.html_blocks import MissingBlock, anchor_ids, put_back, set_aside
from generator.site.mkdocs_pages import build_pages

from ..conftest import ROOT, copy_project

HOSTILE = (ROOT / "tests" / "browser" / "data", ROOT / "tests" / "data" / "hostile")


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_site_built_with_the_blocks_set_aside_is_the_site_markdown_makes_of_them(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    for folder in HOSTILE:
        for article in sorted(folder.glob("*.*")):
            shutil.copy(article, project / "seeds" / article.name)
    monkeypatch.delenv("BRIEFINGS_CACHE_DIR", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    generate(load_settings(project))
    (tmp_path / "aside").mkdir()
    aside = build_pages(project / "mkdocs.yml", tmp_path / "aside", token="aside")

    monkeypatch.setattr(BriefingsPlugin, "on_page_markdown", lambda self, markdown, **kwargs: markdown)
    monkeypatch.setattr(BriefingsPlugin, "on_page_content", lambda self, html, **kwargs: html)
    (tmp_path / "read").mkdir()
    read = build_pages(project / "mkdocs.yml", tmp_path / "read", token="read")

    assert aside.problems == read.problems == ()
    mine, theirs = site_files(tmp_path / "aside"), site_files(tmp_path / "read")
    assert sorted(mine) == sorted(theirs)
    assert [path for path in mine if mine[path] != theirs[path]] == []
    # MkDocs learns the same ids, which links to anchors are checked against.
    assert {p: f.anchors for p, f in aside.record.pages.items()} == {p: f.anchors for p, f in read.record.pages.items()}
    assert any("claim" in anchor for facts in aside.record.pages.values() for anchor in facts.anchors)


def test_a_block_is_a_block_level_element_after_a_blank_line_up_to_the_next_blank_line():
    page = (
        "# Title {: #title }\n\n"
        '<div class="table-wrap">\n<table id="claims">\n<tr><td>12</td></tr>\n</table>\n</div>\n\n'
        "<span>an inline tag starts a paragraph</span>\n\n"
        "Text\n<div>after text, without a blank line: part of the paragraph</div>\n\n"
        "<ul>\n<li>one</li>\n</ul>\n"
    )

    markdown, blocks = set_aside(page)

    assert blocks == [
        '<div class="table-wrap">\n<table id="claims">\n<tr><td>12</td></tr>\n</table>\n</div>',
        "<ul>\n<li>one</li>\n</ul>",
    ]
    assert "<span>an inline tag" in markdown and "<div>after text" in markdown
    assert put_back(markdown, blocks) == page
    assert anchor_ids(blocks) == {"claims"}


def test_a_block_whose_marker_markdown_lost_stops_the_build():
    _, blocks = set_aside("<div>\nkept\n</div>\n\n<p>lost</p>\n")

    with pytest.raises(MissingBlock, match="2 HTML block"):
        put_back("<!--briefings-block-0-->\n", blocks)
