"""The search box, as a reader uses it: any spelling the articles give finds its incident,
above the articles that report it; a word of one article's text finds that article;
filters narrow the results; each result says what it is, when and where; nothing is
fetched from another host. The fixtures are in ``conftest.py``."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from generator.aliases import fold, load_aliases
from tests.conftest import ROOT

from .conftest import DATA, GOLD_SETS, SHARED
from .search_ui import answered, choose, first_incident, open_search, results, search_for

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails) saying how to install it
    expect = None

SEED_SPELLINGS = (
    *("Ghwayran", "Gweiran", "Hasakeh", "Hassaké", "Hassake", "Al Hasakah"),
    *("Daesh", "ISIS", "OSDH", "SOHR", "Amaq"),
)
"""How the seed articles name the prison attack's place, its actor, the monitor counting its
dead and the agency carrying the attackers' claim, as written and as a reader types them
(without the accent, without the hyphen)."""

SHORTEST = 3
"""Names shorter than this (IS, EI) are everyday words once folded to lower case: a search
for "is" finds every page, and is left out of the spelling tests."""


def export_of(project: Path) -> dict:
    return json.loads((project / "site" / "downloads" / "briefings.json").read_text(encoding="utf-8"))


def article_texts(folders: list[Path]) -> dict[str, str]:
    """Article id → its text, from the folders the site was built from."""
    return {p.stem: p.read_text(encoding="utf-8") for folder in folders for p in sorted(folder.glob("*.*"))}


def claimants_by_incident(export: dict) -> dict[str, set[str]]:
    claimants: dict[str, set[str]] = {}
    for claim in export["claims"]:
        if claim["incident"] and claim["claimant"]:
            claimants.setdefault(claim["incident"], set()).add(claim["claimant"])
    return claimants


def names_by_incident(export: dict, texts: dict[str, str]) -> dict[str, set[str]]:
    """Incident id → every name it goes by, folded: its place and every spelling of it, its
    country, its actors and claimants, the organisations its articles name, and the other
    names the alias table knows for them."""
    aliases = load_aliases()
    claimants = claimants_by_incident(export)
    found = {}
    for incident in export["incidents"]:
        named = {incident["location"], incident["country"], *incident["aliases"], *incident["actors"]}
        named |= claimants.get(incident["id"], set())
        named |= {org for a in incident["articles"] for org in aliases.organisations_named_in(texts.get(a, ""))}
        named |= {other for name in list(named) if name for other in aliases.other_names(name)}
        found[incident["id"]] = {fold(name) for name in named if name}
    return found


def misses(page, spellings: dict[str, set[str]]) -> list[str]:
    """Search each spelling; those whose first incident result is not an incident named so."""
    missed = []
    for spelling, incidents in sorted(spellings.items()):
        search_for(page, spelling)
        first = first_incident(page)
        if first not in incidents:
            missed.append(f"{spelling!r}: first incident {first}, not one of {sorted(incidents)}")
    return missed


def test_every_spelling_of_the_seeds_lands_on_its_incident_first(page, browser_site):
    export = export_of(browser_site)
    names = names_by_incident(export, article_texts([browser_site / "seeds"]))
    prison = next(i["id"] for i in export["incidents"] if "Gweiran" in i["aliases"])
    spellings = {s: {i for i, known in names.items() if fold(s) in known} for s in SEED_SPELLINGS}
    assert all(prison in incidents for incidents in spellings.values())
    page.open()
    open_search(page)

    assert misses(page, spellings) == []
    assert page.problems() == []


def spellings_of_the_shared_sets(export: dict) -> dict[str, set[str]]:
    """Every spelling the shared articles give an incident's place, actors, claimants and the
    organisations they name (the alias table's names for them that the incident's articles
    use), and the incidents so named."""
    texts = article_texts([SHARED / "corpus" / name / "articles" for name in GOLD_SETS])
    names = names_by_incident(export, texts)
    aliases = load_aliases()
    claimants = claimants_by_incident(export)
    spellings: set[str] = set()
    for incident in export["incidents"]:
        spellings |= set(incident["aliases"])
        said = " ".join(texts.get(a, "") for a in incident["articles"])
        named = [org for a in incident["articles"] for org in aliases.organisations_named_in(texts.get(a, ""))]
        for name in (*incident["actors"], *claimants.get(incident["id"], ()), *named):
            for spelling in (name, *aliases.other_names(name)):
                if re.search(rf"(?<!\w){re.escape(spelling)}(?!\w)", said):
                    spellings.add(spelling)
    spellings = {s for s in spellings if len(fold(s).replace(" ", "")) >= SHORTEST}
    return {s: {i for i, known in names.items() if fold(s) in known} for s in spellings}


def test_every_spelling_the_shared_sets_give_lands_on_its_incident_first(shared_page, shared_site):
    spellings = spellings_of_the_shared_sets(export_of(shared_site))
    assert len(spellings) >= 20, sorted(spellings)
    shared_page.open()
    open_search(shared_page)

    assert misses(shared_page, spellings) == []
    assert shared_page.problems() == []


def word_of_one_article(project: Path) -> tuple[str, str]:
    """A word that only one article's text uses, and that article's id: no other article has
    a word beginning as it does (Pagefind finds words by their beginning and their stem)."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in [*(ROOT / "seeds").glob("*.txt"), *DATA.glob("*.*")]}
    words = {article: set(re.findall(r"[A-Za-z]{8,}", text)) for article, text in texts.items()}
    prefixes = Counter(prefix for found in words.values() for prefix in {w[:5].lower() for w in found})
    exported = {a["id"] for a in export_of(project)["articles"]}
    for article in sorted(words):
        unique = sorted(w for w in words[article] if prefixes[w[:5].lower()] == 1)
        if unique and article in exported:
            return unique[0], article
    raise AssertionError("no article uses a word of its own")


def test_a_word_only_one_article_uses_finds_that_article(page, browser_site):
    word, article = word_of_one_article(browser_site)
    page.open()
    open_search(page)

    search_for(page, word.lower())

    found = results(page, "article")
    assert found and found[0]["path"] == f"/articles/{article}/", (word, found)
    assert re.search(rf"<mark>{re.escape(word)}", found[0]["excerpt"], re.IGNORECASE), found[0]["excerpt"]
    assert page.problems() == []


def test_each_result_says_what_it_is_when_and_where(page, browser_site):
    export = export_of(browser_site)
    incident = next(i for i in export["incidents"] if "Gweiran" in i["aliases"])
    page.open()
    open_search(page)

    search_for(page, "Gweiran")

    shown = results(page)
    assert [r["kind"] for r in shown] == sorted((r["kind"] for r in shown), key=["incident", "article", "page"].index)
    first = shown[0]
    assert first["path"] == f"/incidents/{incident['id']}/"
    assert first["about"] == f"Incident · {incident['date']} · {incident['location']}, {incident['country']}"
    assert first["title"] == incident["title"]
    assert "<mark>Gweiran" in first["excerpt"]
    articles = {a["id"]: a for a in export["articles"]}
    for result in results(page, "article"):
        article = articles[result["path"].strip("/").rsplit("/", 1)[-1]]
        assert result["about"].startswith(f"Article · {article['published']}" if article["published"] else "Article")
        assert incident["country"] in result["about"]
    assert page.problems() == []


def test_a_filter_narrows_the_results_to_a_country_and_a_year(page, browser_site):
    export = export_of(browser_site)
    countries = {i["country"] for i in export["incidents"] if i["country"]}
    assert len(countries) >= 2, countries
    country = sorted(countries)[0]
    page.open()
    open_search(page)
    search_for(page, "killed")
    everything = results(page)
    assert not [url for url in page.requests if url.endswith(".pf_filter")][1:]  # only the kinds, to group by

    choose(page, "country", country)
    answered(page, "killed", f"country={country}")

    narrowed = results(page)
    assert narrowed and len(narrowed) < len(everything)
    assert all(country in r["about"] for r in narrowed if r["kind"] != "page")
    assert not [r for r in narrowed if r["kind"] == "page"]  # hand-written pages have no country

    choose(page, "country", "")
    search_for(page, "")
    year = min(i["date"][:4] for i in export["incidents"] if i["date"])
    choose(page, "year", year)
    answered(page, "", f"year={year}")
    listed = results(page, "incident")
    expected = sorted((i for i in export["incidents"] if (i["date"] or "")[:4] == year), key=lambda i: i["date"])
    assert [r["path"] for r in listed] == [f"/incidents/{i['id']}/" for i in reversed(expected)]
    assert page.problems() == []


def test_the_keyboard_opens_search_and_enter_goes_to_the_first_incident(page, browser_site):
    export = export_of(browser_site)
    incident = next(i for i in export["incidents"] if "Gweiran" in i["aliases"])
    page.open()
    page.keyboard.press("/")
    expect(page.locator("[data-briefings-search-query]")).to_be_focused()
    expect(page.locator("[data-briefings-search-meta]")).to_have_text(re.compile("Type to start searching"))
    page.keyboard.type("Ghwayran")
    answered(page, "Ghwayran")

    page.keyboard.press("Enter")

    expect(page.page).to_have_url(re.compile(rf"/incidents/{re.escape(incident['id'])}/\?highlight=ghwayran$"))
    assert page.problems() == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_search_box_takes_the_palettes_colours(page, browser_site, artifacts, scheme):
    """Material's light and dark palettes (as a project that sets ``theme.palette`` has them):
    the dialog and its filters follow either."""
    [palette] = (browser_site / "site" / "assets" / "stylesheets").glob("palette.*.min.css")
    page.open()
    page.add_style_tag(url=f"{page.base_url}assets/stylesheets/{palette.name}")
    page.evaluate(f"() => document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    open_search(page)
    search_for(page, "Hasakah")
    page.locator("[data-briefings-search-filters] summary").click()

    colours = page.evaluate(
        """() => {
             const style = el => getComputedStyle(document.querySelector(el));
             return {
               results: style('.md-search__scrollwrap').backgroundColor,
               filters: style('.briefings-search__filters select').backgroundColor,
               text: style('.md-search-result__item h1').color,
             };
           }"""
    )
    page.screenshot(path=str(artifacts / f"search-{scheme}.png"), animations="disabled")

    def brightness(rgb: str) -> float:
        r, g, b = (int(v) for v in re.findall(r"\d+", rgb)[:3])
        return (r + g + b) / 3

    assert colours["results"] == colours["filters"]
    assert (brightness(colours["results"]) > 128) == (scheme == "default")
    assert (brightness(colours["text"]) > 128) == (scheme == "slate")
    assert page.problems() == []


def test_on_a_phone_the_search_button_in_the_header_opens_the_search(page, browser_site):
    page.set_viewport_size({"width": 375, "height": 800})
    page.open()
    expect(page.locator("#__search")).not_to_be_checked()

    page.locator('.md-header label[for="__search"]').first.click()

    expect(page.locator("#__search")).to_be_checked()
    expect(page.locator("[data-briefings-search-query]")).to_be_focused()
    expect(page.locator("[data-briefings-search-query]")).to_be_in_viewport()
    search_for(page, "Maiduguri")
    expect(page.locator(".md-search-result__item").first).to_be_in_viewport()
    assert page.problems() == []
