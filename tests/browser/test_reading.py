"""Reading the built site the way an analyst does: on a phone and a wide screen, sorting and
filtering tables, finding a place on a map, and printing an incident as a brief.

The site is the seeds plus ``tests/browser/data/`` (see ``conftest.py``). Screenshots of
the phone, print and map views go to the artifacts folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.test_browser import VIEWPORTS, export_of, incident_written

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) saying how to install it
    expect = None

PHONE, DESKTOP = {"width": 375, "height": 800}, {"width": 1280, "height": 900}
NOT_PAGES = ("assets/", "search/", "404.html")


def generated_pages(project: Path) -> list[str]:
    """Every page of the built site but MkDocs' own (search, the 404 page) and redirects."""
    site = project / "site"
    pages = []
    for path in sorted(site.rglob("index.html")):
        relative = path.parent.relative_to(site).as_posix()
        url = "" if relative == "." else relative + "/"
        if not url.startswith(NOT_PAGES) and 'http-equiv="refresh"' not in path.read_text(encoding="utf-8")[:2000]:
            pages.append(url)
    return pages


def overflow(page) -> dict:
    """How wide the page and its widest table are, against the window."""
    return page.evaluate(
        """() => new Promise(done => requestAnimationFrame(() => done({
             page: document.documentElement.scrollWidth,
             window: window.innerWidth,
             tables: [...document.querySelectorAll('table')]
               .filter(t => t.offsetParent !== null)
               .map(t => t.getBoundingClientRect())
               .filter(r => r.left < -1 || r.right > window.innerWidth + 1)
               .map(r => `${Math.round(r.left)}–${Math.round(r.right)}`),
           })))"""
    )


def test_no_page_scrolls_sideways_and_no_table_is_wider_than_the_window(page, browser_site):
    pages = generated_pages(browser_site)
    assert len(pages) > 20 and "incidents/" in pages and "" in pages
    wide = []
    for viewport in VIEWPORTS:
        page.set_viewport_size(viewport)
        for path in pages:
            page.open(path)
            found = overflow(page)
            if found["page"] > found["window"] + 1 or found["tables"]:
                wide.append(f"{path} at {viewport['width']}px: {found}")
    assert wide == []
    assert page.problems() == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_first_screen_of_an_incident_shows_its_summary_and_key_figures(page, browser_site, artifacts, viewport):
    page.set_viewport_size(viewport)
    for incident in export_of(browser_site)["incidents"]:
        page.open(f"incidents/{incident['id']}/")
        summary = page.locator("p.summary")
        expect(summary).to_be_in_viewport()
        assert re.search(r"\d", summary.inner_text())
        if incident["key_figures"]:
            first = page.locator("table.key-figures tbody tr").first
            expect(first).to_be_in_viewport()
            best = first.locator("td.best")
            expect(best).to_be_in_viewport(ratio=1)
            assert best.inner_text().strip() == f"{incident['key_figures'][0]['best']:,}"
    incident = incident_written(browser_site, "Gweiran")
    page.open(f"incidents/{incident['id']}/")
    name = "phone" if viewport is PHONE else "desktop"
    page.screenshot(path=str(artifacts / f"{name}-incident-first-screen.png"), animations="disabled")
    page.screenshot(path=str(artifacts / f"{name}-incident-full.png"), full_page=True, animations="disabled")
    assert page.problems() == []


def test_on_a_phone_each_source_is_a_card_with_its_sentence_in_view(page, browser_site):
    page.set_viewport_size(PHONE)
    incident = incident_written(browser_site, "Gweiran")
    page.open(f"incidents/{incident['id']}/")
    card = page.locator("table.claims tbody tr:visible").first
    card.scroll_into_view_if_needed()
    box, sentence = card.bounding_box(), card.locator("td.sentence")
    assert box["width"] <= PHONE["width"] and box["height"] < PHONE["height"] / 2, box
    expect(sentence).to_be_in_viewport()
    assert len(sentence.inner_text()) > 40


def cells(page, table: str, column: int) -> list[str]:
    return page.locator(f"{table} tbody tr:visible").evaluate_all(
        f"rows => rows.map(r => r.cells[{column}].getAttribute('data-sort') ?? r.cells[{column}].innerText.trim())"
    )


def test_sorting_the_incidents_by_toll_and_back(page, browser_site):
    page.open("incidents/")
    table = "table.incidents"
    headings = page.locator(f"{table} thead th").all_inner_texts()
    killed = next(n for n, text in enumerate(headings) if text.startswith("Killed"))
    page.locator(f"{table} thead th").nth(killed).get_by_role("button").click()
    values = [float(v) for v in cells(page, table, killed)]
    assert values == sorted(values) and len(set(values)) > 1
    expect(page.locator(f"{table} thead th").nth(killed)).to_have_attribute("aria-sort", "ascending")
    page.locator(f"{table} thead th").nth(killed).get_by_role("button").click()
    assert [float(v) for v in cells(page, table, killed)] == sorted(values, reverse=True)
    page.locator(f"{table} thead th").nth(0).get_by_role("button").click()
    dates = cells(page, table, 0)
    assert dates == sorted(dates)
    assert page.problems() == []


def test_filtering_the_sources_of_an_incident_keeps_the_rows_that_match(page, browser_site):
    incident = incident_written(browser_site, "Gweiran")
    page.open(f"incidents/{incident['id']}/")
    rows = page.locator("table.claims tbody tr:not(.more)")
    total = rows.count()
    page.locator(".table-filter input").fill("observatory killed")
    visible = page.locator("table.claims tbody tr:not(.more):visible")
    shown = visible.count()
    assert 0 < shown < total
    for text in visible.all_inner_texts():
        assert "observatory" in text.lower() and "killed" in text.lower()
    expect(page.locator(".table-filter-count")).to_have_text(f"{shown} of {total}")
    page.locator(".table-filter input").fill("")
    assert page.locator("table.claims tbody tr:visible").count() == total  # all, the collapse lifted
    assert page.problems() == []


def test_a_long_source_table_shows_the_first_rows_of_each_report_and_the_rest_on_a_click(page, browser_site):
    incident = incident_written(browser_site, "Gweiran")
    page.open(f"incidents/{incident['id']}/")
    table = page.locator("table.claims")
    total = table.locator("tbody tr:not(.more)").count()
    assert total > 12
    shown = table.locator("tbody tr:not(.more):visible").count()
    assert shown < total
    button = table.locator("tr.more button").first
    more = int(re.search(r"Show (\d+) more", button.inner_text()).group(1))
    button.click()
    assert table.locator("tbody tr:not(.more):visible").count() == shown + more
    page.locator("table.claims thead th").first.get_by_role("button").click()  # sorting shows them all
    assert table.locator("tbody tr:visible").count() == total
    assert page.problems() == []


def test_an_incident_is_marked_on_a_map_drawn_from_local_files(page, browser_site, artifacts):
    incident = incident_written(browser_site, "Gweiran")
    page.open(f"incidents/{incident['id']}/")
    figure = page.locator("figure.locator-map")
    base = figure.locator("img")
    expect(base).to_be_visible()
    assert base.evaluate("img => img.complete && img.naturalWidth > 0"), "the base map did not load"
    mark = figure.locator("svg.map-marks circle.mark").first
    expect(mark).to_be_visible()
    inside = page.evaluate(
        """([img, dot]) => { const a = img.getBoundingClientRect(), b = dot.getBoundingClientRect();
             return b.left >= a.left && b.right <= a.right && b.top >= a.top && b.bottom <= a.bottom; }""",
        [base.element_handle(), mark.element_handle()],
    )
    assert inside, "the mark falls outside its map"
    src = base.get_attribute("src")
    svg = page.request.get(page.url + src).text() if not src.startswith("/") else ""
    assert svg.startswith("<svg") and not re.search(r"(?:href|src)=\"(?:https?:)?//", svg)
    expect(figure.locator("figcaption")).to_contain_text(incident["location"])
    figure.screenshot(path=str(artifacts / "map-incident.png"))

    page.open("")
    overview = page.locator("figure.overview-map")
    expect(overview.locator("img")).to_be_visible()
    marks = overview.locator("svg.map-marks a")
    assert marks.count() >= 2
    overview.screenshot(path=str(artifacts / "map-overview.png"))
    target = marks.first.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    marks.first.locator("circle.mark").last.click()
    expect(page.page).to_have_url(re.compile(rf"/incidents/{re.escape(target)}/$"))
    expect(page.locator("figure.locator-map")).to_be_visible()
    assert page.off_host == []
    assert {urlsplit(url).netloc for url in page.requests if not url.startswith("data:")} == {
        urlsplit(page.base_url).netloc
    }
    assert page.problems() == []


def test_a_printed_incident_gives_every_figure_its_hedge_source_report_and_date(page, browser_site, artifacts):
    incident = incident_written(browser_site, "Gweiran")
    page.open(f"incidents/{incident['id']}/")
    page.emulate_media(media="print")
    as_of = page.locator(".print-as-of")
    expect(as_of).to_be_visible()
    newest = max(a["published"] for a in export_of(browser_site)["articles"] if a["published"])
    expect(as_of).to_contain_text(f"as of {newest}")
    table = page.locator("table.claims")
    expect(table.locator("thead th")).to_have_text(["Figure", "Counts", "Hedge", "Claimed by", "Report", "Sentence"])
    for th in table.locator("thead th").all():
        expect(th).to_be_visible()
    rows = table.locator("tbody tr:not(.more)")
    assert rows.count() == table.locator("tbody tr:visible").count()  # nothing collapsed on paper
    claims = [c for c in export_of(browser_site)["claims"] if c["incident"] == incident["id"]]
    assert rows.count() == len(claims)
    for row in rows.all():
        hedge, report = row.locator("td").nth(2), row.locator("td").nth(4)
        expect(hedge).to_be_visible()
        assert hedge.inner_text().strip() in {"exact", "at least", "at most", "about"}
        assert re.match(r"(\d{4}-\d{2}-\d{2}|undated)\s+\S", report.inner_text().strip())
    pdf = page.pdf(format="A4", print_background=True)
    (artifacts / "print-incident.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= 2
    page.screenshot(path=str(artifacts / "print-incident-media.png"), full_page=True)
    assert page.problems() == []
