"""The downloads an analyst takes away: the claims table, the map layer and the
news feed. Each is read back the way its user's tool reads it (``csv``, ``json``,
an XML parser) on the hand-built briefing of ``render_fixtures``."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import pytest

from generator.editions import Changes, Revision
from generator.models import Briefing
from generator.site.downloads import (
    CSV_COLUMNS,
    INCIDENT_COLUMNS,
    atom_feed,
    claims_csv,
    download_files,
    incidents_csv,
    incidents_geojson,
)
from tests.render_fixtures import HOSTILE_INCIDENT, INCIDENT, SCRIPT, sample_briefing

A = "{http://www.w3.org/2005/Atom}"
SITE = "https://briefings.example.org/news"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _with_claim(briefing: Briefing, index: int, **fields) -> Briefing:
    claims = list(briefing.claims)
    claims[index] = dataclasses.replace(claims[index], **fields)
    return dataclasses.replace(briefing, claims=tuple(claims))


def _with_incident(briefing: Briefing, incident_id: str, **fields) -> Briefing:
    incidents = tuple(dataclasses.replace(i, **fields) if i.id == incident_id else i for i in briefing.incidents)
    return dataclasses.replace(briefing, incidents=incidents)


def _shuffled(briefing: Briefing) -> Briefing:
    """The same briefing with every list in reverse order."""
    return dataclasses.replace(
        briefing,
        articles=briefing.articles[::-1],
        claims=briefing.claims[::-1],
        incidents=briefing.incidents[::-1],
        key_figures=briefing.key_figures[::-1],
    )


def _feed(briefing: Briefing, **kwargs) -> ET.Element:
    kwargs.setdefault("site_url", SITE)
    return ET.fromstring(atom_feed(briefing, **kwargs).encode("utf-8"))


def _entries(feed: ET.Element) -> dict[str, ET.Element]:
    return {e.findtext(f"{A}title"): e for e in feed.iter(f"{A}entry")}


# --- claims.csv -----------------------------------------------------------------


def test_claims_table_reads_back_with_one_row_per_claim_in_article_order():
    briefing = sample_briefing()
    rows = _rows(claims_csv(briefing))
    assert list(csv.DictReader(io.StringIO(claims_csv(briefing))).fieldnames) == list(CSV_COLUMNS)
    assert len(rows) == len(briefing.claims)
    assert [(r["article"], int(r["start"])) for r in rows] == sorted((c.article, c.start) for c in briefing.claims)
    first = rows[0]
    assert first["incident"] == INCIDENT
    assert first["incident_title"] == "Islamic State attack on Ghwayran prison"
    assert (first["incident_date"], first["country"], first["location"]) == ("2022-01-20", "Syria", "Al-Hasakah")
    assert (first["article_title"], first["published"]) == ("Islamic State attacks prison in Hasakah", "2022-01-21")
    assert (first["publisher"], first["source_url"]) == ("Prensa Latina", "https://example.org/hasakah")
    assert (first["value"], first["low"], first["high"], first["qualifier"]) == ("23", "23", "", "at_least")
    assert first["claimant"] == "Syrian Observatory for Human Rights"


def test_context_figure_has_no_incident_and_unlinked_article_has_no_url():
    rows = _rows(claims_csv(sample_briefing()))
    context = next(r for r in rows if r["value"] == "11")
    assert context["incident"] == context["incident_title"] == context["incident_date"] == ""
    update = next(r for r in rows if r["article"] == "001_hasakah_update")
    assert update["source_url"] == ""


def test_quote_with_commas_quotes_newlines_and_pipes_round_trips():
    quote = 'He said, "at least 5 | maybe 6",\nthen left; ’twas «grim».'
    rows = _rows(claims_csv(_with_claim(sample_briefing(), 0, quote=quote)))
    assert [r["quote"] for r in rows if r["value"] == "23"] == [quote]


def test_carriage_return_in_quote_does_not_split_the_row():
    briefing = _with_claim(sample_briefing(), 0, quote="one\r\ntwo\rthree")
    rows = _rows(claims_csv(briefing))
    assert len(rows) == len(briefing.claims)
    assert [r["quote"] for r in rows if r["value"] == "23"] == ["one\ntwo\nthree"]


@pytest.mark.parametrize("hostile", ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_in_claimant_or_quote_is_neutralised_for_spreadsheets(hostile):
    rows = _rows(claims_csv(_with_claim(sample_briefing(), 0, claimant=hostile, quote=hostile)))
    row = next(r for r in rows if r["value"] == "23")
    assert row["claimant"].startswith("'")
    assert row["quote"].startswith("'")
    assert row["claimant"][1:].replace("\n", "\r") == hostile


def test_formula_in_a_title_or_the_latest_claimant_is_neutralised_in_the_key_figures_table():
    hostile = '=HYPERLINK("http://x","y")'
    briefing = _with_incident(sample_briefing(), INCIDENT, title=hostile)
    briefing = dataclasses.replace(
        briefing,
        key_figures=tuple(
            dataclasses.replace(k, latest=dataclasses.replace(k.latest, claimant=hostile)) if k.latest else k
            for k in briefing.key_figures
        ),
    )
    rows = _rows(incidents_csv(briefing))
    prison = [r for r in rows if r["incident"] == INCIDENT]
    assert prison and all(r["title"] == "'" + hostile for r in prison)
    assert all(r["latest_claimant"] == "'" + hostile for r in prison if r["latest_claimant"])


def test_numbers_stay_plain_integers_and_ordinary_text_is_untouched():
    rows = _rows(claims_csv(sample_briefing()))
    for row in rows:
        for column in ("value", "low", "high", "start", "end"):
            assert row[column] == "" or row[column].isdigit()
    assert not any(v.startswith("'") for r in rows for v in r.values())


def test_claims_table_is_byte_identical_whatever_the_input_order():
    briefing = sample_briefing()
    assert claims_csv(briefing) == claims_csv(briefing) == claims_csv(_shuffled(briefing))


# --- incidents.geojson ----------------------------------------------------------


def test_map_layer_is_a_feature_collection_with_longitude_first():
    briefing = _with_incident(sample_briefing(), INCIDENT, latitude=36.5, longitude=40.75, place_kind="city")
    data = json.loads(incidents_geojson(briefing))
    assert data["type"] == "FeatureCollection"
    features = {f["properties"]["id"]: f for f in data["features"]}
    assert [f["properties"]["id"] for f in data["features"]] == sorted(features)
    assert features[INCIDENT]["geometry"] == {"type": "Point", "coordinates": [40.75, 36.5]}
    assert features[INCIDENT]["properties"]["place_kind"] == "city"


def test_incident_without_coordinates_keeps_its_feature_with_null_geometry():
    briefing = _with_incident(sample_briefing(), INCIDENT, latitude=36.5, longitude=None)
    briefing = _with_incident(briefing, HOSTILE_INCIDENT, latitude=float("nan"), longitude=1.0)
    text = incidents_geojson(briefing)
    assert "NaN" not in text
    features = {f["id"]: f for f in json.loads(text)["features"]}
    assert features[INCIDENT]["geometry"] is None
    assert features[HOSTILE_INCIDENT]["geometry"] is None


def test_map_feature_carries_counts_figures_and_page_address():
    properties = {f["id"]: f["properties"] for f in json.loads(incidents_geojson(sample_briefing()))["features"]}
    prison = properties[INCIDENT]
    assert (prison["title"], prison["date"], prison["kind"]) == (
        "Islamic State attack on Ghwayran prison",
        "2022-01-20",
        "prison attack",
    )
    assert prison["actors"] == "Islamic State; Syrian Democratic Forces"
    assert (prison["articles"], prison["claims"]) == (2, 3)
    assert (prison["killed"], prison["injured"], prison["missing"], prison["abducted"]) == (23, 40, None, None)
    assert prison["figures"] == "Security forces killed: 23–28, best 23; People injured: up to 40, best 40"
    assert prison["url"] == f"incidents/{INCIDENT}/"
    assert SCRIPT in properties[HOSTILE_INCIDENT]["title"]


def test_map_features_are_flat_for_a_gis_attribute_table_and_link_absolutely_under_the_site_url():
    features = json.loads(incidents_geojson(sample_briefing(), site_url=SITE + "/"))["features"]
    for feature in features:
        assert all(not isinstance(v, dict | list) for v in feature["properties"].values()), feature["properties"]
    assert len({tuple(f["properties"]) for f in features}) == 1  # every feature has the same columns
    prison = next(f["properties"] for f in features if f["id"] == INCIDENT)
    assert prison["url"] == f"{SITE}/incidents/{INCIDENT}/"


def test_map_layer_is_byte_identical_whatever_the_input_order():
    briefing = sample_briefing()
    assert incidents_geojson(briefing) == incidents_geojson(_shuffled(briefing))
    assert incidents_geojson(briefing).endswith("}\n")


# --- feed.xml -------------------------------------------------------------------


def test_feed_lists_incidents_newest_report_first():
    feed = _feed(sample_briefing())
    assert feed.tag == f"{A}feed"
    entries = list(feed.iter(f"{A}entry"))
    assert [e.findtext(f"{A}updated") for e in entries] == ["2022-02-02T00:00:00Z", "2022-01-22T00:00:00Z"]
    assert SCRIPT in entries[0].findtext(f"{A}title")
    prison = entries[1]
    assert prison.findtext(f"{A}published") == "2022-01-21T00:00:00Z"
    assert feed.findtext(f"{A}updated") == "2022-02-02T00:00:00Z"
    assert feed.findtext(f"{A}title") == "Briefings"


def test_new_report_moves_its_incident_to_the_top():
    briefing = sample_briefing()
    articles = tuple(
        dataclasses.replace(a, published=dt.date(2022, 3, 1)) if a.id == "001_hasakah_update" else a
        for a in briefing.articles
    )
    feed = _feed(dataclasses.replace(briefing, articles=articles))
    first = next(feed.iter(f"{A}entry"))
    assert first.findtext(f"{A}title") == "Islamic State attack on Ghwayran prison"
    assert first.findtext(f"{A}updated") == feed.findtext(f"{A}updated") == "2022-03-01T00:00:00Z"


def test_entry_ids_are_stable_across_builds_and_title_changes():
    briefing = sample_briefing()
    retitled = _with_incident(briefing, INCIDENT, title="Siege of Ghwayran prison")

    def ids(b: Briefing) -> list[str]:
        return sorted(e.findtext(f"{A}id") for e in _feed(b).iter(f"{A}entry"))

    assert ids(briefing) == ids(briefing) == ids(retitled)
    assert all(i.startswith("urn:uuid:") for i in ids(briefing))
    assert _feed(briefing).findtext(f"{A}id") == _feed(retitled).findtext(f"{A}id")


def test_hostile_title_is_escaped_text_never_markup():
    text = atom_feed(sample_briefing(), site_url=SITE)
    assert "<script" not in text
    feed = ET.fromstring(text.encode("utf-8"))
    assert not [e for e in feed.iter() if "script" in e.tag.lower()]
    assert any(SCRIPT in (e.findtext(f"{A}title") or "") for e in feed.iter(f"{A}entry"))


def test_control_character_in_a_title_does_not_break_the_feed():
    briefing = _with_incident(sample_briefing(), INCIDENT, title="Prison\x02 attack\x00")
    assert "Prison attack" in _entries(_feed(briefing))


def test_links_are_absolute_under_the_site_url():
    feed = _feed(sample_briefing(), site_url=SITE + "/")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}base") == SITE + "/"
    self_link = next(link for link in feed.findall(f"{A}link") if link.get("rel") == "self")
    assert self_link.get("href") == f"{SITE}/feed.xml"
    prison = _entries(feed)["Islamic State attack on Ghwayran prison"]
    assert prison.find(f"{A}link").get("href") == f"{SITE}/incidents/{INCIDENT}/"
    assert prison.find(f"{A}link").get("rel") == "alternate"


def test_links_are_relative_to_the_site_root_without_a_site_url():
    feed = _feed(sample_briefing(), site_url=None)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}base") is None
    self_link = next(link for link in feed.findall(f"{A}link") if link.get("rel") == "self")
    assert self_link.get("href") == "feed.xml"
    prison = _entries(feed)["Islamic State attack on Ghwayran prison"]
    assert prison.find(f"{A}link").get("href") == f"incidents/{INCIDENT}/"


def _summary_html(entry: ET.Element) -> ET.Element:
    """An entry's HTML summary parsed as a feed reader renders it (it is escaped text in the feed)."""
    summary = entry.find(f"{A}summary")
    assert summary.get("type") == "html"
    return ET.fromstring(f"<div>{summary.text}</div>")


def test_entry_summarises_key_figures_reports_and_categories():
    prison = _entries(_feed(sample_briefing()))["Islamic State attack on Ghwayran prison"]
    body = _summary_html(prison)
    assert [li.text for li in body.iter("li")] == [
        "Security forces killed: 23–28, best 23",
        "People injured: up to 40, best 40",
    ]
    paragraphs = ["".join(p.itertext()) for p in body.iter("p")]
    assert paragraphs[0] == "2022-01-20 · Al-Hasakah, Syria"
    assert paragraphs[1].startswith("Reported tolls of security forces killed rose from at least 23")
    assert paragraphs[-1] == "2 reports"
    terms = [c.get("term") for c in prison.findall(f"{A}category")]
    assert terms == ["Syria", "prison attack", "Islamic State", "Syrian Democratic Forces"]


def test_entry_says_what_this_build_changed():
    briefing = sample_briefing()
    changes = Changes(
        first_build=False,
        revisions=(Revision(INCIDENT, "killed", "security_forces", (23, 23, 23), (23, 23, 28)),),
        new_reports=((INCIDENT, 1),),
        new_incidents=(HOSTILE_INCIDENT,),
    )
    entries = list(_feed(briefing, changes=changes).iter(f"{A}entry"))
    said = {e.findtext(f"{A}title"): "".join(next(_summary_html(e).iter("p")).itertext()) for e in entries}
    assert said["Islamic State attack on Ghwayran prison"] == (
        "What changed: Revised: Security forces killed: 23 → 23–28, best 23. 1 new report."
    )
    assert any(text == "What changed: New incident." for title, text in said.items() if SCRIPT in title)


def test_excel_opens_both_tables_as_utf8_with_quoted_cells_and_crlf_rows():
    """Excel on Windows reads a CSV as UTF-8 only after a byte-order mark; it splits rows on
    CRLF and keeps a quoted field's commas, quotes and line breaks in its cell."""
    quote = 'He said, "at least 5",\nthen: «grim» – ’twas so.'
    files = download_files(_with_claim(sample_briefing(), 0, quote=quote))
    for path in ("downloads/claims.csv", "downloads/incidents.csv"):
        data = files[path]
        assert data.startswith(b"\xef\xbb\xbf"), path
        text = data.decode("utf-8-sig")
        assert text.startswith(("incident,incident_title,", "incident,title,")) and text.count("\r\n") >= 3, path
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect="excel"))
        assert len({len(r) for r in rows}) == 1, path
    claims = list(csv.DictReader(io.StringIO(files["downloads/claims.csv"].decode("utf-8-sig"), newline="")))
    row = next(r for r in claims if r["value"] == "23")
    assert row["quote"] == quote
    assert row["figure"] == "At least 23"
    assert row["claim_url"] == "articles/000_hasakah/#claim-" + row["start"]
    assert '"He said, ""at least 5"",' in files["downloads/claims.csv"].decode("utf-8-sig")


def test_key_figures_table_has_one_row_per_incident_and_figure():
    briefing = sample_briefing()
    rows = list(csv.DictReader(io.StringIO(incidents_csv(briefing, site_url=SITE), newline="")))
    assert list(rows[0]) == list(INCIDENT_COLUMNS)
    prison = [r for r in rows if r["incident"] == INCIDENT]
    assert [(r["category"], r["group"], r["low"], r["best"], r["high"]) for r in prison] == [
        ("killed", "security_forces", "23", "23", "28"),
        ("injured", "unspecified", "", "40", "40"),
    ]
    assert prison[0]["latest_figure"] == "28" and prison[0]["latest_published"] == "2022-01-22"
    assert prison[0]["latest_url"].startswith(f"{SITE}/articles/001_hasakah_update/#claim-")
    assert prison[0]["url"] == f"{SITE}/incidents/{INCIDENT}/"
    assert {r["incident"] for r in rows} == {i.id for i in briefing.incidents}


def test_undated_incident_is_left_out_and_an_empty_feed_has_a_fixed_date():
    briefing = sample_briefing()
    undated = dataclasses.replace(
        briefing,
        articles=tuple(dataclasses.replace(a, published=None) for a in briefing.articles),
        incidents=tuple(dataclasses.replace(i, date=None) for i in briefing.incidents),
    )
    feed = _feed(undated)
    assert list(feed.iter(f"{A}entry")) == []
    assert feed.findtext(f"{A}updated") == "1970-01-01T00:00:00Z"


def test_undated_reports_fall_back_to_the_incident_date():
    briefing = sample_briefing()
    briefing = dataclasses.replace(
        briefing, articles=tuple(dataclasses.replace(a, published=None) for a in briefing.articles)
    )
    prison = _entries(_feed(briefing))["Islamic State attack on Ghwayran prison"]
    assert prison.findtext(f"{A}updated") == prison.findtext(f"{A}published") == "2022-01-20T00:00:00Z"


def test_limit_keeps_the_newest_entries_and_title_is_configurable():
    feed = _feed(sample_briefing(), limit=1, title="Syria watch")
    entries = list(feed.iter(f"{A}entry"))
    assert len(entries) == 1
    assert SCRIPT in entries[0].findtext(f"{A}title")
    assert feed.findtext(f"{A}title") == "Syria watch"


def test_feed_is_byte_identical_across_calls_and_input_order():
    briefing = sample_briefing()
    first = atom_feed(briefing, site_url=SITE)
    assert first == atom_feed(briefing, site_url=SITE) == atom_feed(_shuffled(briefing), site_url=SITE)
    assert first.startswith('<?xml version="1.0" encoding="utf-8"?>\n')
