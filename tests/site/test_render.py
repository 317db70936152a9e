"""The render stage: a hand-made briefing becomes pages that a real
``mkdocs build --strict`` accepts, with every link and claim anchor resolved and
every hostile input shown as text."""

from __future__ import annotations

import dataclasses
import html
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from generator.editions import page_path_of_article, page_path_of_incident
from generator.site import markdown_text as mt
from generator.site.export import export_json
from generator.site.filters import environment
from generator.site.pages import render_pages
from generator.site.render import OWNED_DIRS, OWNED_FILES, RenderResult, render_site
from tests.conftest import inheriting_config
from tests.render_fixtures import (
    HOSTILE_ARTICLE,
    HOSTILE_CLAIMANT,
    HOSTILE_INCIDENT,
    HOSTILE_OTHER_NAME,
    HOSTILE_QUOTE,
    HOSTILE_TITLE,
    IMG,
    INCIDENT,
    SCRIPT,
    sample_briefing,
)

ROOT = Path(__file__).resolve().parents[2]
GENERATED = (*OWNED_FILES, *OWNED_DIRS)
"""What the generator writes into docs/: left out when a project is copied."""


class Page(HTMLParser):
    """A built HTML page, parsed: its head, its tags, its tables and its text."""

    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.source = path.read_text(encoding="utf-8")
        self.head = self.source[: self.source.index("</head>")]
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.text: list[str] = []
        self._stack: list[str] = []
        self.feed(self.source)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._stack.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.tables[-1][-1].append("")

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self._stack and self._stack[-1] == "script":
            self.scripts.append(data)
            return
        self.text.append(data)
        if "td" in self._stack or "th" in self._stack:
            row = self.tables[-1][-1]
            row[-1] += data

    @property
    def visible_text(self) -> str:
        return " ".join(" ".join(self.text).split())

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.tags if attrs.get("id")}


def site_page(site: Path, page: str) -> Page:
    """The built HTML of a docs page given as ``incidents/<id>.md``."""
    stem = page.removesuffix(".md")
    return Page(site / ("index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"))


def copy_hand_written_docs(target: Path) -> None:
    """Copy the committed docs/ (not pages a local build generated) to ``target``."""
    source = ROOT / "docs"
    shutil.copytree(
        source, target, ignore=lambda folder, names: [n for n in names if Path(folder) == source and n in GENERATED]
    )


def mkdocs_build(project: Path) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` on the committed mkdocs.yml, with the docs in ``project``.

    The config inherits the committed one without its plugins, so that a plugin
    which regenerates pages cannot replace the pages under test.
    """
    config = inheriting_config(project, [])
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample briefing rendered and built once: (project dir, briefing, result)."""
    project = tmp_path_factory.mktemp("site")
    copy_hand_written_docs(project / "docs")
    briefing = sample_briefing()
    result = render_site(briefing, project / "docs")
    build = mkdocs_build(project)
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.stderr}"
    return project, briefing, result


# --- the pages -----------------------------------------------------------------


def test_every_incident_and_article_gets_a_page(built):
    project, briefing, result = built
    site = project / "site"
    for incident in briefing.incidents:
        assert site_page(site, page_path_of_incident(incident.id)).visible_text
    for article in briefing.articles:
        assert site_page(site, page_path_of_article(article.id)).visible_text
    for listing in ("index.md", "incidents/index.md", "articles/index.md", "report.md", "methodology.md"):
        assert site_page(site, listing).visible_text
    assert (site / "downloads" / "briefings.json").read_text(encoding="utf-8") == export_json(briefing)
    assert isinstance(result, RenderResult)
    assert "downloads/briefings.json" in result.written


def test_strict_build_resolves_every_claim_link_to_its_anchor(built):
    """Strict mode already fails on a missing anchor; this checks the links exist at all."""
    project, briefing, _ = built
    site = project / "site"
    incident_page = site_page(site, page_path_of_incident(INCIDENT))
    hrefs = {attrs.get("href") for tag, attrs in incident_page.tags if tag == "a"}
    for claim in (c for c in briefing.claims if c.incident == INCIDENT):
        assert f"../../articles/{claim.article}/#{claim.anchor}" in hrefs
        assert claim.anchor in site_page(site, page_path_of_article(claim.article)).ids()


def test_claim_read_from_boilerplate_is_anchored_in_the_claims_table(built):
    project, briefing, _ = built
    page = site_page(project / "site", page_path_of_article(HOSTILE_ARTICLE))
    caption = next(c for c in briefing.claims if c.article == HOSTILE_ARTICLE and c.value == 7)
    assert ("span", {"class": "claim", "id": caption.anchor}) in page.tags


def test_context_figure_shows_only_on_its_article_page(built):
    project, briefing, _ = built
    site = project / "site"
    context = next(c for c in briefing.claims if c.incident is None)
    assert context.quote in site_page(site, page_path_of_article(context.article)).visible_text
    for incident in briefing.incidents:
        assert context.quote not in site_page(site, page_path_of_incident(incident.id)).visible_text


def test_incident_page_shows_key_figures_and_sources(built):
    project, _, _ = built
    page = site_page(project / "site", page_path_of_incident(INCIDENT))
    figures, sources = page.tables
    assert figures[0] == ["Count", "Range", "Best estimate", "Latest report", "Confidence"]
    assert figures[1] == [
        "Security forces killed",
        "23–28",
        "23",
        "28 (Syrian Observatory for Human Rights, 2022-01-22)",
        "—",  # the sample's figures are not graded
    ]
    assert sources[0] == ["Figure", "Counts", "Hedge", "Claimed by", "Report", "Sentence"]
    assert [row[0] for row in sources[1:]] == ["At least 23", "28", "Nearly 40"]
    assert sources[1][1:4] == ["Security forces killed", "at least", "Syrian Observatory for Human Rights"]
    assert sources[1][4].startswith("2022-01-21 Islamic State attacks prison")  # the report: its date, its title


def test_no_markdown_escape_shows_on_a_generated_page(built):
    """Tables and texts are raw HTML, where a Markdown backslash escape would show as it is."""
    project, _, _ = built
    for path in sorted((project / "site").rglob("*.html")):
        text = Page(path).visible_text
        assert not re.search(r"\\[-.()#*_\[\]!{}+`]", text), (path, re.search(r".{30}\\[-.()#*_].{30}", text))


def test_an_incident_is_reached_by_its_day_its_country_and_its_actors(built):
    project, _, _ = built
    site = project / "site"
    incident_href = f"../../incidents/{INCIDENT}/"
    for listing in ("dates/2022-01-20.md", "countries/syria.md", "actors/islamic-state.md"):
        hrefs = {attrs.get("href") for tag, attrs in site_page(site, listing).tags if tag == "a"}
        assert incident_href in hrefs, listing
    for index, entry in (("dates/index.md", "2022-01-20/"), ("countries/index.md", "syria/"),
                         ("actors/index.md", "syrian-democratic-forces/")):  # fmt: skip
        assert entry in {attrs.get("href") for tag, attrs in site_page(site, index).tags if tag == "a"}, index
    page = site_page(site, page_path_of_incident(INCIDENT))
    hrefs = {attrs.get("href") for tag, attrs in page.tags if tag == "a"}
    assert {"../../dates/2022-01-20/", "../../countries/syria/", "../../actors/islamic-state/"} <= hrefs
    day = site_page(site, "dates/2022-01-20.md")
    assert "Later: 2022-02-01" in day.visible_text


def test_incident_page_has_its_chart_coordinates_and_data(built):
    project, _, _ = built
    site = project / "site"
    page = site_page(site, page_path_of_incident(INCIDENT))
    [chart] = [attrs for tag, attrs in page.tags if tag == "img" and "toll-chart" in (attrs.get("class") or "")]
    assert chart["src"] == f"../{INCIDENT}.svg" and chart["alt"].startswith("Chart: how the tolls")
    assert (site / "incidents" / f"{INCIDENT}.svg").read_text(encoding="utf-8").startswith("<svg")
    assert "36.5024° N, 40.7477° E" in page.visible_text
    [osm] = [attrs for tag, attrs in page.tags if tag == "a" and "openstreetmap.org" in (attrs.get("href") or "")]
    assert "nofollow" in osm["rel"]
    hrefs = {attrs.get("href") for tag, attrs in page.tags if tag == "a"}
    assert {
        "../../downloads/briefings.json",
        "../../downloads/claims.csv",
        "../../downloads/incidents.geojson",
    } <= hrefs
    for download in ("claims.csv", "incidents.geojson"):
        assert (site / "downloads" / download).stat().st_size > 0
    assert (site / "feed.xml").read_text(encoding="utf-8").startswith("<?xml")


def test_incident_pages_are_tagged_with_plain_words_only():
    pages = render_pages(sample_briefing())
    front = pages[page_path_of_incident(INCIDENT)].split("---")[1]
    assert "tags:\n- Syria\n- Islamic State\n- Syrian Democratic Forces\n- prison attack\n- killed\n- injured" in front
    assert "search:\n  kind: incident\n" in front
    hostile = pages[page_path_of_incident(HOSTILE_INCIDENT)].split("---")[1]
    assert "tags:\n- killed\nsearch:" in hostile  # markup in a country, actor or kind is never a tag


def test_home_lists_incidents_newest_first_with_headline_figures(built):
    project, _, _ = built
    home = site_page(project / "site", "index.md")
    incidents = home.tables[0]
    assert incidents[0] == ["Date", "Place", "Incident", "Headline figures", "Confidence"]
    assert [row[0] for row in incidents[1:]] == ["2022-02-01", "2022-01-20"]
    assert incidents[2][1] == "Al-Hasakah, Syria"
    assert incidents[2][3] == "Security forces killed: 23–28, best 23People injured: up to 40, best 40"
    hrefs = {attrs.get("href") for tag, attrs in home.tags if tag == "a"}
    assert {"report/", "downloads/briefings.json", "downloads/claims.csv", "feed.xml", "articles/"} <= hrefs
    assert {"dates/", "countries/", "actors/", "tags/"} <= hrefs
    assert "Figures about people killed" in home.visible_text  # the hand-written intro


def test_build_report_lists_skipped_files_or_says_no_problems(built, tmp_path):
    project, briefing, _ = built
    report = site_page(project / "site", "report.md")
    counts = dict(report.tables[0][1:])
    assert counts["Claims"] == str(len(briefing.claims))
    context = sum(c.incident is None for c in briefing.claims)
    assert 0 < context < len(briefing.claims)
    assert counts["Claims tied to no incident (context figures)"] == str(context)
    assert report.tables[1][1] == ["articles/bad | <b>file</b>.txt", "error", "not UTF-8 *text*: save it as UTF-8"]
    render_site(dataclasses.replace(briefing, skipped=()), tmp_path)
    assert "No problems" in (tmp_path / "report.md").read_text(encoding="utf-8")


# --- untrusted text -----------------------------------------------------------------


def test_hostile_text_is_shown_as_text_and_never_runs(built):
    project, _, _ = built
    site = project / "site"
    for path in sorted(site.rglob("*.html")):
        page = Page(path)
        assert "<script>alert" not in page.source and "<img src=x" not in page.source, path
        assert not any("alert" in script for script in page.scripts), path
        for tag, attrs in page.tags:
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            assert not (attrs.get("href") or "").startswith("javascript:"), (path, tag, attrs)
            assert not (tag == "img" and attrs.get("src") == "x"), path
    article = site_page(site, page_path_of_article(HOSTILE_ARTICLE))
    for literal in (HOSTILE_TITLE, IMG, "# Not a heading", "---", HOSTILE_CLAIMANT, '--8<-- "intro.md"', "A" * 300):
        assert " ".join(literal.split()) in article.visible_text, literal
    assert "wzxhzdk" in article.visible_text and "\x02" not in article.source


def test_page_title_cannot_close_the_title_tag(built):
    project, _, _ = built
    page = site_page(project / "site", page_path_of_article(HOSTILE_ARTICLE))
    assert page.source.count("</title>") == 1
    assert html.unescape(page.head.split("<title>")[1].split("</title>")[0]).startswith(f"</title>{SCRIPT}")


def test_pipe_in_a_quote_keeps_the_table_shape(built):
    project, _, _ = built
    site = project / "site"
    for page_path in (page_path_of_incident(HOSTILE_INCIDENT), page_path_of_article(HOSTILE_ARTICLE)):
        claims = site_page(site, page_path).tables[-1]
        assert {len(row) for row in claims} == {6}, page_path
        assert " ".join(HOSTILE_QUOTE.split()) in [row[5] for row in claims]


def test_escaping_is_the_default_in_templates():
    env = environment()
    assert env.from_string("{{ x }}").render(x="<b>*a*|b</b>") == "&lt;b&gt;\\*a\\*&#124;b&lt;/b&gt;"
    assert env.from_string("{{ x }}").render(x=Markup("<b>ours</b>")) == "<b>ours</b>"
    assert env.from_string("{{ x }}").render(x=None) == "—"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def test_escape_text_keeps_a_value_on_one_line_and_in_one_cell():
    assert mt.escape_text("a\n\n# b | c\x02") == "a \\# b &#124; c"
    assert mt.escape_text(" 1. x ", strip=False) == " 1\\. x "
    assert mt.external_link("x", "javascript:alert(1)") is None
    assert mt.external_link("x", "https://example.org/a b(c)").startswith("[x](https://example.org/a%20b%28c%29)")


# --- file names, determinism, stale pages -----------------------------------------


def test_page_paths_are_one_per_id_and_never_leave_their_folder():
    assert page_path_of_incident("2022-01-20-x") == "incidents/2022-01-20-x.md"
    assert page_path_of_article("000_abc") == "articles/000_abc.md"
    assert page_path_of_article("index") == "articles/index~.md"
    assert page_path_of_article("README") == "articles/README~.md"
    assert page_path_of_article("index~") == "articles/index~~.md"
    for bad in ("", "../x", "a/b", ".hidden"):
        with pytest.raises(ValueError, match="rename the input file"):
            page_path_of_article(bad)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_briefing_in_any_order_gives_identical_bytes(tmp_path):
    briefing = sample_briefing()
    shuffled = dataclasses.replace(
        briefing,
        articles=briefing.articles[::-1],
        claims=briefing.claims[::-1],
        incidents=briefing.incidents[::-1],
        key_figures=briefing.key_figures[::-1],
        skipped=briefing.skipped[::-1],
    )
    first = render_site(briefing, tmp_path / "a")
    render_site(shuffled, tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    again = render_site(briefing, tmp_path / "a")
    assert again == RenderResult(written=(), removed=(), unchanged=first.written)


def test_stale_pages_are_removed_and_hand_written_pages_kept(tmp_path):
    docs = tmp_path / "docs"
    copy_hand_written_docs(docs)
    hand_written = _files(docs)
    briefing = sample_briefing()
    render_site(briefing, docs)
    (docs / "incidents" / "old" / "deep.md").parent.mkdir(parents=True)
    (docs / "incidents" / "old" / "deep.md").write_text("# old\n", encoding="utf-8")
    smaller = dataclasses.replace(
        briefing,
        articles=tuple(a for a in briefing.articles if a.id != HOSTILE_ARTICLE),
        claims=tuple(c for c in briefing.claims if c.article != HOSTILE_ARTICLE),
        incidents=tuple(i for i in briefing.incidents if i.id != HOSTILE_INCIDENT),
        key_figures=tuple(k for k in briefing.key_figures if k.incident != HOSTILE_INCIDENT),
    )
    result = render_site(smaller, docs)
    # The hostile incident's own pages go: its article, its day, its country and actor.
    assert result.removed == (
        "actors/i-evil-i-corp-x.md",
        page_path_of_article(HOSTILE_ARTICLE),
        "countries/u-nowhere-u.md",
        "dates/2022-02-01.md",
        page_path_of_incident(HOSTILE_INCIDENT),
        "incidents/old/deep.md",
    )
    assert not (docs / "incidents" / "old").exists()
    # Listings, downloads and the neighbouring day change; the other incident's page does not.
    assert page_path_of_incident(INCIDENT) in result.unchanged
    assert {"articles/index.md", "incidents/index.md", "index.md", "report.md", "dates/2022-01-20.md",
            "downloads/briefings.json", "downloads/claims.csv", "feed.xml"} <= set(result.written)  # fmt: skip
    after = _files(docs)
    assert {path: after[path] for path in hand_written} == hand_written


# --- the built site -------------------------------------------------------------------


def search_marks(page: Page) -> dict[str, list[str]]:
    """What a built page tells search (``data-pagefind-meta``/``-filter``/``-sort`` elements):
    ``"meta title"`` → its texts."""
    marks: dict[str, list[str]] = {}
    for found in re.finditer(r'<span data-pagefind-(meta|filter|sort)="([^"]+)"[^>]*>([^<]*)</span>', page.source):
        marks.setdefault(f"{found[1]} {found[2]}", []).append(html.unescape(found[3]))
    return marks


def test_incident_and_article_pages_tell_search_what_they_are(built):
    site = built[0] / "site"
    incident = site_page(site, page_path_of_incident(INCIDENT))
    assert incident.source.count("data-pagefind-body") == 1
    marks = search_marks(incident)
    assert marks["meta title"] == ["Islamic State attack on Ghwayran prison"]
    assert marks["meta kind"] == marks["filter kind"] == ["incident"]
    assert marks["meta date"] == ["2022-01-20"] and marks["meta place"] == ["Al-Hasakah, Syria"]
    assert (marks["filter country"], marks["filter event"], marks["filter year"]) == (
        ["Syria"],
        ["prison attack"],
        ["2022"],
    )
    # The other names of its actors and claimants, and of the organisations its articles name:
    # indexed, not shown, a mere mention weighing less than a name of its own.
    hidden = dict(re.findall(r'<p hidden data-pagefind-weight="([\d.]+)">([^<]*)</p>', incident.source))
    (own, names), (mentioned, mentions) = sorted(hidden.items(), reverse=True)
    assert set(html.unescape(names).split(", ")) == {"Daesh", "ISIS", "OSDH", "SOHR"}
    assert set(html.unescape(mentions).split(", ")) == {"Amaq", "Amaq News Agency"}
    assert 0 < float(mentioned) < float(own) < 1
    article = search_marks(site_page(site, page_path_of_article("000_hasakah")))
    assert article["meta kind"] == ["article"] and article["meta date"] == ["2022-01-21"]
    assert article["filter country"] == ["Syria"] and article["filter year"] == ["2022"]


def test_listings_are_left_out_of_search(built):
    site = built[0] / "site"
    for listing in ("index.md", "incidents/index.md", "articles/index.md", "dates/index.md", "dates/2022-01-20.md",
                    "countries/index.md", "countries/syria.md", "actors/index.md"):  # fmt: skip
        assert "data-pagefind-body" not in site_page(site, listing).source, listing
    assert "data-pagefind-body" in site_page(site, "methodology.md").source


def test_what_hostile_pages_tell_search_is_escaped_text(built):
    site = built[0] / "site"
    incident = site_page(site, page_path_of_incident(HOSTILE_INCIDENT))
    marks = search_marks(incident)
    assert marks["meta title"][0].startswith("Attack <script>alert(1)</script> |")
    assert marks["filter country"] == ["<u>Nowhere</u>"]
    assert HOSTILE_OTHER_NAME not in incident.source and html.escape(HOSTILE_OTHER_NAME) in incident.source
    article = site_page(site, page_path_of_article(HOSTILE_ARTICLE))
    assert search_marks(article)["meta title"] == [" ".join(HOSTILE_TITLE.split())]
    for page in (incident, article):
        assert "<script>alert" not in page.source and "<b onmouseover" not in page.source


def test_site_loads_nothing_from_other_hosts(built):
    project, _, _ = built
    for path in sorted((project / "site").rglob("*.html")):
        page = Page(path)
        assert "fonts.googleapis.com" not in page.source and "fonts.gstatic.com" not in page.source, path
        assert "https://" not in page.head and "http://" not in page.head, path


def test_a_new_grade_or_a_new_short_name_renders_the_incident_page_again(tmp_path):
    """The summary and the grades are on the page: a rebuild must not keep a stale one."""
    from generator.models import Confidence

    briefing = sample_briefing()
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    page = docs / page_path_of_incident(INCIDENT)
    render_site(briefing, docs, cache_dir=cache)
    assert page_path_of_incident(INCIDENT) in render_site(briefing, docs, cache_dir=cache).unchanged
    named = dataclasses.replace(briefing, source_names=(("Syrian Observatory for Human Rights", "SOHR"),))
    assert page_path_of_incident(INCIDENT) in render_site(named, docs, cache_dir=cache).written
    assert "(SOHR, 21 Jan)" in page.read_text(encoding="utf-8")
    graded = dataclasses.replace(
        named,
        key_figures=tuple(
            dataclasses.replace(k, confidence=Confidence("corroborated", ("Red Cross", "SOHR")))
            if k.incident == INCIDENT
            else k
            for k in named.key_figures
        ),
    )
    assert page_path_of_incident(INCIDENT) in render_site(graded, docs, cache_dir=cache).written
    assert ">Corroborated</a>" in page.read_text(encoding="utf-8")
