"""What a reader does with the search box in the header, for the browser tests."""

from __future__ import annotations

import re
import time

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) saying how to install it
    expect = None

QUERY = "[data-briefings-search-query]"
META = "[data-briefings-search-meta]"
RESULT = ".md-search-result__item"
READY = re.compile("Type to start searching")
ANSWERED = re.compile(r"matching document")


def open_search(page) -> None:
    """Click the search box and wait until the index is loaded and the filters are filled."""
    page.locator(QUERY).click()
    expect(page.locator(META)).to_have_text(READY)


def search_for(page, query: str, filters: str = "") -> float:
    """Type ``query`` into the open search; the seconds until its results show."""
    start = time.perf_counter()
    page.locator(QUERY).fill(query)
    answered(page, query, filters)
    return time.perf_counter() - start


def answered(page, query: str, filters: str = "") -> None:
    """Wait until the results shown answer ``query`` with ``filters`` (``country=Syria&year=2022``)."""
    page.wait_for_function(
        """([query, filters]) => {
             const list = document.querySelector('[data-briefings-search-results]');
             return list.dataset.query === query && list.dataset.filters === filters;
           }""",
        arg=[query, filters],
    )


def choose(page, name: str, value: str) -> None:
    """Pick ``value`` ("" for any) in the filter ``name`` (``country``, ``event``, ``year``),
    opening the filters first if they are closed."""
    filters = page.locator("[data-briefings-search-filters]")
    if not filters.evaluate("details => details.open"):
        filters.locator("summary").click()
    expect(page.locator("[data-briefings-search-filters][data-filled]")).to_have_count(1)
    filters.locator(f"select[name={name}]").select_option(value)


def results(page, kind: str | None = None) -> list[dict]:
    """The results shown, in order: each one's kind, address (without the highlight), the line
    saying what it is, its title and its excerpt's HTML."""
    found = page.evaluate(
        """() => [...document.querySelectorAll('.md-search-result__item')].map(item => ({
             kind: item.dataset.kind,
             href: item.querySelector('a').getAttribute('href'),
             about: item.querySelector('.briefings-search__about').textContent,
             title: item.querySelector('h1').textContent,
             excerpt: item.querySelector('.briefings-search__excerpt').innerHTML,
           }))"""
    )
    for result in found:
        result["path"] = result["href"].split("?", 1)[0]
    return [r for r in found if kind is None or r["kind"] == kind]


def first_incident(page) -> str | None:
    """The incident id of the first incident result, or None when no incident is found."""
    incidents = results(page, "incident")
    return incidents[0]["path"].rstrip("/").rsplit("/", 1)[-1] if incidents else None
