"""The search index: Pagefind run over a built site, on the pages the theme marked,
in parts of bounded size, its memory measured; a clear error when it cannot run."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from generator.site import search_index
from generator.site.search_index import SearchIndexError, index_site, split_into_parts

from .search_bundle import fragments, parts


def page(title: str, body: str, marked: bool = True, size: int = 0) -> str:
    """A built page as the theme writes it: marked for search, or a listing that is not."""
    mark = " data-pagefind-body" if marked else ""
    padding = "<!-- " + "x" * size + " -->" if size else ""
    return (
        f'<html lang="en"><head><title>{title}</title></head><body><nav>Home Incidents</nav>{padding}'
        f"<article{mark}><h1>{title}<a class=\"headerlink\" href=\"#t\">¶</a></h1><p>{body}</p></article>"
        f'<div hidden><span data-pagefind-meta="kind">incident</span>'
        f'<span data-pagefind-filter="country">Nigeria</span></div></body></html>'
    )


def write_site(site: Path, pages: dict[str, str]) -> Path:
    for path, html in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html, encoding="utf-8")
    return site


@pytest.fixture
def small_site(tmp_path) -> Path:
    return write_site(
        tmp_path / "site",
        {
            "index.html": page("Briefings", "Today's briefing lists Kuje", marked=False),
            "incidents/2022-07-05-kuje-prison-break/index.html": page(
                "Prison break in Kuje, Nigeria", "Gunmen freed inmates from the Kuje custodial centre."
            ),
            "articles/kuje_jailbreak/index.html": page("Jailbreak in Abuja", "Residents heard explosions at night."),
            "dates/2022-07-05/index.html": page("Incidents of 5 July 2022", "Prison break in Kuje", marked=False),
        },
    )


def test_only_the_pages_the_theme_marked_are_indexed(small_site):
    indexed = index_site(small_site)

    found = fragments(small_site)
    assert set(found) == {"/incidents/2022-07-05-kuje-prison-break/", "/articles/kuje_jailbreak/"}
    assert (indexed.pages, indexed.parts) == (2, 1)
    incident = found["/incidents/2022-07-05-kuje-prison-break/"]
    assert "custodial centre" in incident["content"]
    assert "¶" not in incident["content"] and "Home Incidents" not in incident["content"]
    assert incident["meta"]["kind"] == "incident" and incident["filters"]["country"] == ["Nigeria"]
    assert parts(small_site) == ["pagefind/"]
    assert indexed.bytes > 0 and indexed.seconds > 0


def test_indexing_leaves_no_working_folder_and_none_of_pagefinds_own_interfaces(small_site):
    index_site(small_site)

    assert not [p for p in small_site.iterdir() if p.name.startswith(".")]
    bundle = small_site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-highlight.js").is_file()
    assert not list(bundle.glob("pagefind-*ui.*"))


def test_a_site_larger_than_a_part_is_indexed_in_parts_the_browser_merges(tmp_path):
    pages = {
        f"articles/report_{n}/index.html": page(f"Report {n}", f"Word{n} was reported.", size=3000)
        for n in range(7)
    }
    site = write_site(tmp_path / "site", pages)

    indexed = index_site(site, part_bytes=7_000)

    assert indexed.parts == 4 and indexed.pages == 7
    assert parts(site) == ["pagefind/", "pagefind-2/", "pagefind-3/", "pagefind-4/"]
    assert set(fragments(site)) == {f"/articles/report_{n}/" for n in range(7)}
    for folder in parts(site):
        assert list((site / folder / "fragment").iterdir()), folder


def test_parts_keep_the_pages_in_order_and_under_the_budget():
    pages = [("a", 40), ("b", 40), ("c", 30), ("d", 150), ("e", 10)]

    assert split_into_parts(pages, 100) == [[("a", 40), ("b", 40)], [("c", 30)], [("d", 150)], [("e", 10)]]
    assert split_into_parts(pages, 1000) == [pages]


def test_a_site_with_nothing_to_search_has_an_empty_index(tmp_path):
    site = write_site(tmp_path / "site", {"index.html": page("Briefings", "No incident yet", marked=False)})

    indexed = index_site(site)

    assert (indexed.pages, indexed.parts) == (0, 0)
    assert parts(site) == []


@pytest.mark.skipif(sys.platform not in ("linux", "darwin"), reason="peak memory is measured where there is fork")
def test_the_peak_memory_is_pagefinds_own_not_the_builds(small_site):
    held = bytearray(300 * 1024**2)  # the build's own memory, resident before Pagefind starts
    held[:: 4096] = b"x" * len(held[:: 4096])

    indexed = index_site(small_site)

    assert indexed.peak_bytes is not None
    assert 1024**2 < indexed.peak_bytes < 200 * 1024**2
    del held


def test_without_pagefind_the_error_says_how_to_install_it(small_site, monkeypatch):
    import pagefind_bin

    def missing():
        raise FileNotFoundError("no pagefind here")

    monkeypatch.setattr(pagefind_bin, "get_executable", missing)

    with pytest.raises(SearchIndexError, match=r"not installed: run `make site`"):
        index_site(small_site)


def test_a_failed_run_names_pagefind_and_leaves_no_working_folder(small_site, monkeypatch):
    monkeypatch.setattr(search_index, "_binary", lambda: Path(shutil.which("false") or "/bin/false"))

    with pytest.raises(SearchIndexError, match=r"pagefind stopped \(exit code 1\)"):
        index_site(small_site)
    assert not [p for p in small_site.iterdir() if p.name.startswith(".")]
