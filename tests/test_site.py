"""End to end: the seeds in, a searchable site out, every link resolving."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .conftest import ROOT, copy_project
from .site.search_bundle import fragments


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("seeds-site") / "project")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(project)
        result = CliRunner().invoke(cli, ["build", "--strict", "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return project / "site"


def export_of(site: Path) -> dict:
    return json.loads((site / "downloads" / "briefings.json").read_text(encoding="utf-8"))


def test_every_seed_article_has_a_page(site):
    ids = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
    assert [a["id"] for a in export_of(site)["articles"]] == ids
    for article_id in ids:
        assert (site / "articles" / article_id / "index.html").is_file()


def test_every_incident_has_a_page_at_its_slug(site):
    incidents = export_of(site)["incidents"]
    assert incidents, "the seeds report incidents"
    for incident in incidents:
        page = site / "incidents" / incident["id"] / "index.html"
        assert page.is_file()
        assert incident["id"].startswith(incident["date"] or "undated")


def test_home_report_and_download_are_published(site):
    assert (site / "index.html").is_file()
    assert (site / "report" / "index.html").is_file()
    assert export_of(site)["schema"] == 1


def test_search_indexes_every_incident_article_and_hand_written_page_but_no_listing(site):
    indexed = set(fragments(site))
    export = export_of(site)
    assert {f"/incidents/{i['id']}/" for i in export["incidents"]} <= indexed
    assert {f"/articles/{a['id']}/" for a in export["articles"]} <= indexed
    assert {"/methodology/", "/configuration/", "/corrections/"} <= indexed
    assert "/report/" not in indexed  # the build report tells of the build and changes with each one
    listings = ("/", "/incidents/", "/articles/", "/dates/", "/countries/", "/actors/", "/tags/")
    assert not [url for url in indexed if url in listings or url.startswith(("/dates/", "/countries/", "/actors/"))]


def test_an_incident_is_indexed_whole_with_every_name_its_articles_give(site):
    """Its key figures, quoted sentences, claimants and every spelling, and the other names of
    its actors and claimants (Daesh for Islamic State, OSDH for the Syrian Observatory)."""
    export = export_of(site)
    incident = next(i for i in export["incidents"] if "Gweiran" in i["aliases"])
    fragment = fragments(site)[f"/incidents/{incident['id']}/"]
    text = fragment["content"]
    quotes = [c["quote"] for c in export["claims"] if c["incident"] == incident["id"]]
    assert quotes and all(" ".join(q.split()) in text for q in quotes)
    assert all(alias in text for alias in incident["aliases"])
    for name in ("Syrian Observatory for Human Rights", "OSDH", "SOHR", "Islamic State", "Daesh", "ISIS"):
        assert re.search(rf"\b{name}\b", text), name
    assert "¶" not in text and "one row per claim" not in text
    assert fragment["meta"]["kind"] == "incident" and fragment["meta"]["date"] == incident["date"]
    assert fragment["filters"]["country"] == [incident["country"]]
    assert fragment["filters"]["year"] == [incident["date"][:4]]


def test_each_fact_and_column_heading_of_an_incident_is_a_word_of_its_own_for_search(site):
    """A label and its value ("Actors" and "Islamic State"), or two column headings, written
    with no space between their tags would reach the index as one word ("ActorsIslamic"),
    and a search for the value would miss the page."""
    export = export_of(site)
    incident = next(i for i in export["incidents"] if i["actors"])
    text = fragments(site)[f"/incidents/{incident['id']}/"]["content"]
    assert re.search(rf"\bActors\W+{re.escape(incident['actors'][0])}\b", text), text[:400]
    assert re.search(rf"\bPlace\W+{re.escape(incident['location'])}\b", text), text[:400]
    assert re.search(r"\bCount\W+Range\W+Best estimate\b", text), text[:1200]


def test_an_article_is_indexed_with_its_whole_text(site):
    export = export_of(site)
    article = export["articles"][0]
    fragment = fragments(site)[f"/articles/{article['id']}/"]
    source = (ROOT / "seeds" / f"{article['id']}.txt").read_text(encoding="utf-8")
    last_paragraph = [p for p in source.split("\n\n") if len(p.split()) > 8][-1]
    assert " ".join(last_paragraph.split()) in fragment["content"]
    assert fragment["meta"]["kind"] == "article"


def test_every_internal_link_resolves(site):
    broken = []
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]+)"', html):
            url = urlparse(href)
            if url.scheme or href.startswith(("#", "mailto:")):
                continue
            # 404.html links from the site root (it is served at any depth)
            base = site if href.startswith("/") else page.parent
            target = (base / unquote(url.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} → {href}")
            elif (
                url.fragment
                and target.suffix == ".html"
                and f'id="{url.fragment}"' not in target.read_text(encoding="utf-8")
            ):
                broken.append(f"{page.relative_to(site)} → {href} (no anchor)")
    assert not broken, "\n".join(broken[:20])
