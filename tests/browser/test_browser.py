"""The built site in a real browser: what a reader does, and what hostile articles must not do.

The site is the seeds plus ``tests/browser/data/`` (two reports of an attack in
Maiduguri carrying HTML, script, ``javascript:`` links, template syntax, table
pipes and a 400-character word). The fixtures are in ``conftest.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .search_ui import first_incident, open_search, results, search_for

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) saying how to install it
    expect = None

HOSTILE_ARTICLES = ("900_maiduguri_market_attack", "901_maiduguri_toll_rises")
XSS = "<script>alert('xss')</script>"
VIEWPORTS = ({"width": 1280, "height": 900}, {"width": 375, "height": 800})


def export_of(project: Path) -> dict:
    return json.loads((project / "site" / "downloads" / "briefings.json").read_text(encoding="utf-8"))


def incident_written(project: Path, alias: str) -> dict:
    """The incident whose aliases include ``alias``."""
    found = [i for i in export_of(project)["incidents"] if alias in i["aliases"]]
    assert len(found) == 1, f"{len(found)} incidents are also written {alias!r}"
    return found[0]


def incident_of_article(project: Path, article_id: str) -> dict:
    found = [i for i in export_of(project)["incidents"] if article_id in i["articles"]]
    assert found, f"{article_id} feeds no incident: the hostile article no longer reads as a report"
    return found[0]


def assert_layout_fits(page) -> None:
    """At every viewport, nothing widens the page past the window (no sideways scrolling)."""
    for viewport in VIEWPORTS:
        page.set_viewport_size(viewport)
        widths = page.evaluate(
            "() => new Promise(done => requestAnimationFrame(() =>"
            " done([document.documentElement.scrollWidth, window.innerWidth])))"
        )
        assert widths[0] <= widths[1] + 1, f"{page.url} at {viewport['width']}px is {widths[0]}px wide"


def injected(page) -> list[str]:
    """Elements and links that article text must never turn into."""
    return page.evaluate(
        """() => [
          ...[...document.scripts].filter(s => /alert|xss/.test(s.textContent)).map(s => 'script: ' + s.outerHTML),
          ...[...document.querySelectorAll('[onerror], [onload], [onclick], [onmouseover]')]
                .map(e => 'handler: ' + e.outerHTML),
          ...[...document.querySelectorAll('a[href], area[href], iframe[src], form[action]')]
                .filter(e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || ''))
                .map(e => 'javascript link: ' + e.outerHTML),
          ...[...document.querySelectorAll('main b, main i')]
                .filter(e => /Maiduguri|Sentinel/.test(e.textContent)).map(e => 'markup: ' + e.outerHTML),
        ]"""
    )


def test_searching_a_prison_name_leads_to_its_incident_within_a_second(page, browser_site):
    incident = incident_written(browser_site, "Gweiran")
    page.open()
    open_search(page)

    seconds = search_for(page, "Gweiran")

    assert seconds < 1.0, f"search took {seconds:.2f}s to show results"
    assert first_incident(page) == incident["id"]
    page.locator('.md-search-result__item[data-kind="incident"] a').first.click()
    # the words searched for go with it, and are marked on the incident's page
    expect(page.page).to_have_url(re.compile(rf"/incidents/{re.escape(incident['id'])}/\?highlight=gweiran$"))
    expect(page.locator("h1")).to_have_text(re.compile(rf"^{re.escape(incident['title'])}\W*$"))  # and its ¶
    expect(page.locator("mark.pagefind-highlight", has_text="Gweiran").first).to_be_visible()
    assert page.problems() == []


def test_a_source_row_leads_to_the_number_it_quotes_in_the_article(page, browser_site):
    incident = incident_written(browser_site, "Gweiran")
    page.open(f"incidents/{incident['id']}/")
    key_figures = page.locator("table", has=page.locator("th", has_text="Best estimate"))
    expect(key_figures.locator("tbody tr", has_text="killed").first).to_be_visible()
    sources = page.locator("table", has=page.locator("th", has_text="Sentence"))
    expect(sources.locator("tbody tr").first).to_be_visible()
    rows = sources.evaluate(
        """table => [...table.tBodies[0].rows].map(row => ({
             figure: row.cells[0].innerText,
             href: row.querySelector('a[href*="#claim-"]')?.getAttribute('href'),
             sentence: row.cells[row.cells.length - 1].innerText,
           }))"""
    )
    row = next(r for r in rows if r["href"] and re.search(r"\d", r["figure"]))

    sources.locator(f'a[href="{row["href"]}"]').first.click()

    anchor = row["href"].split("#", 1)[1]
    expect(page.page).to_have_url(re.compile(rf"/articles/[^/]+/#{anchor}$"))
    assert re.fullmatch(r"claim-\d+", anchor)
    figure = page.locator(f"#{anchor}")
    expect(figure).to_be_visible()
    expect(figure).to_be_in_viewport()
    number = figure.inner_text()
    assert re.fullmatch(r"\d[\d,]*", number), f"#{anchor} marks {number!r}, not a number"
    assert number in row["figure"] and number in row["sentence"]
    assert page.problems() == []


@pytest.mark.parametrize("which", [*HOSTILE_ARTICLES, "incident"])
def test_hostile_article_text_shows_as_text_and_runs_nothing(page, browser_site, which):
    if which == "incident":
        path = f"incidents/{incident_of_article(browser_site, HOSTILE_ARTICLES[0])['id']}/"
    else:
        path = f"articles/{which}/"
    page.open(path)

    expect(page.get_by_text(XSS).first).to_be_visible()
    expect(page.get_by_text("{{ config.site_name }}").first).to_be_visible()
    if which != "incident":
        expect(page.locator("h1")).to_contain_text("<b>Maiduguri</b>")
        expect(page.locator("h1")).to_contain_text("|")
        expect(page.get_by_text("[click](javascript:alert(1))").first).to_be_visible()
    assert "<b>Maiduguri</b>" in page.title() or which == "incident"
    assert injected(page) == []
    assert_layout_fits(page)
    assert page.problems() == []


def test_the_original_address_of_a_hostile_article_stays_one_inert_link(page):
    page.open(f"articles/{HOSTILE_ARTICLES[0]}/")
    original = page.get_by_role("link", name="the article on the web")
    href = original.get_attribute("href")
    assert urlsplit(href).scheme == "https" and urlsplit(href).hostname == "example.org"
    assert not re.search(r"[<>\"]", href), href
    assert page.problems() == []


def test_searching_hostile_articles_shows_their_markup_as_text(page, browser_site):
    """Article texts are in the index: their incident is found by its place, and the words
    of their markup find them, shown as text in titles and excerpts, running nothing."""
    incident = incident_of_article(browser_site, HOSTILE_ARTICLES[0])
    page.open()
    open_search(page)
    search_for(page, "Maiduguri")
    assert first_incident(page) == incident["id"]
    for markup in ("onerror", "script alert", "javascript"):
        search_for(page, markup)
        found = results(page, "article")
        assert {r["path"] for r in found} & {f"/articles/{a}/" for a in HOSTILE_ARTICLES}, markup
        assert injected(page) == []
        assert page.locator(".md-search-result img, .md-search-result script, .md-search-result b").count() == 0
    assert any("<b>Maiduguri</b>" in r["title"] for r in results(page, "article"))
    assert page.problems() == []


def test_no_request_leaves_the_site(page, browser_site):
    incident = incident_written(browser_site, "Gweiran")
    page.open()
    page.open(f"incidents/{incident['id']}/")
    page.open(f"articles/{incident['articles'][0]}/")
    open_search(page)
    search_for(page, "Hasakah")
    page.locator(".md-search-result__item a").first.click()
    expect(page.locator("mark.pagefind-highlight").first).to_be_visible()

    assert page.off_host == []
    # Pagefind's script comes from the first part of the index (pagefind-…/), on this site
    assert any(re.search(r"/pagefind-[^/]+/pagefind\.js$", url) for url in page.requests), page.requests
    assert any(url.endswith(".pf_index") for url in page.requests), page.requests
    fetched = {urlsplit(url).netloc for url in page.requests if not url.startswith(("data:", "blob:"))}
    assert fetched == {urlsplit(page.base_url).netloc}
    assert page.problems() == []


def test_screenshots_of_the_home_and_an_incident_page(page, browser_site, artifacts):
    incident = incident_written(browser_site, "Gweiran")
    shots = {"home.png": "", "incident.png": f"incidents/{incident['id']}/"}
    for name, path in shots.items():
        (artifacts / name).unlink(missing_ok=True)
        page.open(path)
        page.screenshot(path=str(artifacts / name), full_page=True, animations="disabled")

    for name in shots:
        data = (artifacts / name).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000, name


def test_a_reader_finds_an_incident_by_country_and_by_day(page, browser_site):
    incident = incident_written(browser_site, "Gweiran")
    page.open()
    page.get_by_role("link", name="by country").first.click()
    page.get_by_role("link", name=incident["country"], exact=True).first.click()
    page.locator(f'a[href$="incidents/{incident["id"]}/"]').first.click()
    expect(page.locator("h1")).to_have_text(re.compile(rf"^{re.escape(incident['title'])}\W*$"))

    page.get_by_role("link", name=incident["date"], exact=True).first.click()
    expect(page.locator("h1")).to_contain_text("Incidents of")
    expect(page.locator(f'a[href$="incidents/{incident["id"]}/"]').first).to_be_visible()
    assert page.problems() == []


def test_the_toll_chart_draws_and_the_feed_is_announced(page, browser_site):
    incident = incident_written(browser_site, "Gweiran")
    page.open(f"incidents/{incident['id']}/")
    chart = page.locator("img.toll-chart")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), "the chart did not load"
    assert chart.evaluate("img => img.getBoundingClientRect().height") > 100
    feed = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert feed.count() == 1
    assert page.request.get(feed.evaluate("link => link.href")).ok
    assert page.problems() == []


@pytest.mark.parametrize("alias", ["Gweiran", "Diyala"])
def test_an_incident_page_prints_as_a_brief_of_at_most_two_pages(page, browser_site, artifacts, alias):
    incident = incident_written(browser_site, alias)
    page.open(f"incidents/{incident['id']}/")
    pdf = page.pdf(format="A4", print_background=True)
    (artifacts / f"incident-{alias.lower()}.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= 2, f"{incident['id']} prints on {pages} pages"
