"""The search index: Pagefind run over a built site, on the pages the theme marked,
in parts of bounded size, its memory measured; a clear error when it cannot run."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import pytest

from generator.site import search_index
from generator.site.search_index import SearchIndexError, index_site
from generator.site.search_parts import IndexedPage, indexed_page, partition

from .search_bundle import fragments, parts


def page(title: str, body: str, marked: bool = True, size: int = 0, date: str = "", as_of: str = "") -> str:
    """A built page as the theme writes it: marked for search, or a listing that is not;
    with the date of its search facts, and the "as of" line every printed page shows."""
    mark = " data-pagefind-body" if marked else ""
    padding = "<!-- " + "x" * size + " -->" if size else ""
    dated = f'<span data-pagefind-meta="date" data-pagefind-sort="date">{date}</span>' if date else ""
    printed = (
        f'<p class="print-only print-as-of">Briefings · as of {as_of}, the date of the newest</p>' if as_of else ""
    )
    return (
        f'<html lang="en"><head><title>{title}</title></head><body><nav>Home Incidents</nav>{padding}{printed}'
        f'<article{mark}><h1>{title}<a class="headerlink" href="#t">¶</a></h1><p>{body}</p></article>'
        f'<div hidden><span data-pagefind-meta="kind">incident</span>{dated}'
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
    assert parts(small_site) == ["pagefind-all/"]
    assert indexed.bytes > 0 and indexed.seconds > 0


def test_indexing_leaves_no_working_folder_and_none_of_pagefinds_own_interfaces(small_site):
    index_site(small_site)

    assert not [p for p in small_site.iterdir() if p.name.startswith(".")]
    assert (small_site / "pagefind-all" / "pagefind.js").is_file()
    assert (small_site / "pagefind" / "pagefind-highlight.js").is_file()
    assert not list(small_site.glob("pagefind*/pagefind-*ui.*"))


def test_a_site_larger_than_a_part_is_indexed_in_parts_the_browser_merges(tmp_path):
    pages = {
        f"articles/report_{n}/index.html": page(f"Report {n}", f"Word{n} was reported.", size=3000) for n in range(7)
    }
    site = write_site(tmp_path / "site", pages)

    indexed = index_site(site, part_bytes=7_000)

    assert indexed.parts == len(parts(site)) > 2 and indexed.pages == 7
    assert all(folder.startswith("pagefind-undated-") for folder in parts(site))
    assert set(fragments(site)) == {f"/articles/report_{n}/" for n in range(7)}
    for folder in parts(site):
        assert 0 < len(list((site / folder / "fragment").iterdir())) <= 2, folder


def sized(path: str, size: int, date: str | None = None) -> IndexedPage:
    return IndexedPage(path, size, None if date is None else dt.date.fromisoformat(date).toordinal())


def test_a_site_within_the_budget_is_one_part_and_a_larger_one_is_split_by_date_then_by_path():
    pages = [
        sized("incidents/a/index.html", 40, "2021-03-01"),
        sized("articles/a/index.html", 40, "2021-03-02"),
        sized("incidents/b/index.html", 40, "2022-09-14"),
        sized("methodology/index.html", 30),
        sized("articles/undated/index.html", 30),
    ]

    assert partition(pages, 1000) == {"all": pages}
    parts = partition(pages, 100)
    assert sorted(page.path for part in parts.values() for page in part) == sorted(page.path for page in pages)
    assert all(sum(page.size for page in part) <= 100 for part in parts.values())
    dated = [name for name in parts if name[0].isdigit()]
    assert len(dated) == 2
    assert [p.path for p in parts[dated[0]]] == ["incidents/a/index.html", "articles/a/index.html"]
    assert [p.path for p in parts["undated"]] == ["methodology/index.html", "articles/undated/index.html"]


def test_a_page_added_leaves_every_other_part_as_it_was():
    pages = [sized(f"incidents/{n}/index.html", 30, f"2021-{1 + n % 12:02}-{1 + n % 28:02}") for n in range(40)]
    pages += [sized(f"articles/{n}/index.html", 30) for n in range(20)]
    before = partition(pages, 200)

    after = partition([*pages, sized("incidents/new/index.html", 30, "2021-06-15")], 200)

    moved = [name for name in after if [p.path for p in after[name]] != [p.path for p in before.get(name, [])]]
    assert 1 <= len(moved) <= 2  # the span that holds the new page (halved if it grew past the budget)
    indexed_again = {page.path for name in moved for page in after[name]}
    assert "incidents/new/index.html" in indexed_again
    assert len(indexed_again) <= 1 + max(len(part) for part in before.values())


def test_a_page_takes_its_date_from_its_search_facts():
    dated = indexed_page("incidents/a/index.html", page("A", "b", date="2022-07-05").encode())
    undated = indexed_page("articles/a/index.html", page("A", "b").encode())

    assert dated.day == dt.date(2022, 7, 5).toordinal() and undated.day is None


def test_a_rebuild_indexes_again_only_the_parts_whose_pages_changed(tmp_path):
    days = ["2021-01-04", "2021-05-20", "2021-09-30", "2022-02-11"]
    pages = {
        f"incidents/{n}/index.html": page(f"Attack {n}", f"Word{n} reported.", size=2500, date=day, as_of="2022-02-11")
        for n, day in enumerate(days)
    }
    old = write_site(tmp_path / "old", pages)
    index_site(old, part_bytes=6_000)
    assert len(parts(old)) > 2
    new = tmp_path / "new"
    shutil.copytree(old, new, ignore=shutil.ignore_patterns("pagefind*"))
    # A newer article moves every page's "as of" line (which is not indexed); one page's text changes.
    for path, html in pages.items():
        (new / path).write_text(html.replace("as of 2022-02-11", "as of 2022-03-01"), encoding="utf-8")
    changed = page("Attack 3", "Word3 reported again.", size=2500, date=days[3], as_of="2022-03-01")
    (new / "incidents/3/index.html").write_text(changed, encoding="utf-8")

    rebuilt = index_site(new, part_bytes=6_000, previous=old)

    assert (rebuilt.indexed_parts, rebuilt.parts) == (1, len(parts(old)))
    assert parts(new) == parts(old)
    assert "Word3 reported again." in fragments(new)["/incidents/3/"]["content"]
    fresh = tmp_path / "fresh"
    shutil.copytree(new, fresh, ignore=shutil.ignore_patterns("pagefind*"))
    index_site(fresh, part_bytes=6_000)
    assert fragments(new) == fragments(fresh)
    linked = [folder for folder in parts(new) if (new / folder / "pagefind.js").samefile(old / folder / "pagefind.js")]
    assert len(linked) == len(parts(new)) - 1  # the others are the old site's files, linked


def test_a_rebuild_reads_only_the_pages_it_wrote_not_those_it_linked_from_the_old_site(tmp_path, monkeypatch):
    pages = {
        f"incidents/{n}/index.html": page(f"Attack {n}", f"Word{n} reported.", size=2500, date=f"2021-0{n + 1}-04")
        for n in range(4)
    }
    old = write_site(tmp_path / "old", {**pages, "dates/index.html": page("Days", "All days", marked=False)})
    index_site(old, part_bytes=6_000)
    new = tmp_path / "new"
    new.mkdir()
    for path in [*pages, "dates/index.html"]:  # as the rebuild leaves them: the old site's files
        (new / path).parent.mkdir(parents=True, exist_ok=True)
        (new / path).hardlink_to(old / path)
    (new / "incidents/0/index.html").unlink()
    (new / "incidents/0/index.html").write_text(page("Attack 0", "Word0 again.", size=2500, date="2021-01-04"))
    read = []
    monkeypatch.setattr(
        search_index, "indexed_page", lambda path, content: read.append(path) or indexed_page(path, content)
    )

    index_site(new, part_bytes=6_000, previous=old)

    assert read == ["incidents/0/index.html"]
    assert "Word0 again." in fragments(new)["/incidents/0/"]["content"]


def test_another_budget_indexes_every_part_again(tmp_path):
    pages = {f"incidents/{n}/index.html": page(f"A {n}", "w", size=2500, date=f"2021-0{n + 1}-01") for n in range(4)}
    old = write_site(tmp_path / "old", pages)
    index_site(old, part_bytes=6_000)
    new = tmp_path / "new"
    shutil.copytree(old, new, ignore=shutil.ignore_patterns("pagefind*"))

    assert index_site(new, part_bytes=7_000, previous=old).indexed_parts == len(parts(new))


def test_a_site_with_nothing_to_search_has_an_empty_index(tmp_path):
    site = write_site(tmp_path / "site", {"index.html": page("Briefings", "No incident yet", marked=False)})

    indexed = index_site(site)

    assert (indexed.pages, indexed.parts) == (0, 0)
    assert parts(site) == []


@pytest.mark.skipif(sys.platform not in ("linux", "darwin"), reason="peak memory is measured where there is fork")
def test_the_peak_memory_is_pagefinds_own_not_the_builds(small_site):
    held = bytearray(300 * 1024**2)  # the build's own memory, resident before Pagefind starts
    held[::4096] = b"x" * len(held[::4096])

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
