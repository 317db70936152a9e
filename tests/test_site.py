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


def test_search_index_covers_incidents_but_not_the_article_texts(site):
    """Incidents carry every spelling, actor and quoted sentence; the article texts would
    make the index a reader downloads several times larger for no new answer."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for incident in export_of(site)["incidents"]:
        assert f"incidents/{incident['id']}/" in locations
    assert not [loc for loc in locations if loc.startswith("articles/") and loc != "articles/"]
    incident_docs = [doc for doc in index["docs"] if doc["location"].startswith("incidents/2")]
    assert any("Gweiran" in doc["text"] for doc in incident_docs)
    assert any("Syrian Observatory for Human Rights" in doc["text"] for doc in incident_docs)


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
