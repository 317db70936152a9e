"""The export JSON is the contract: schema 1 as shared/eval/GOLD.md describes it."""

from __future__ import annotations

import json

import pytest

from generator.models import CATEGORIES, GROUPS, QUALIFIERS
from generator.pipeline import export
from generator.read.files import ingest
from generator.settings import load_settings
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def seeds_export() -> dict:
    result = export(load_settings(ROOT), ROOT / "seeds")
    return json.loads(result.export_json)


def test_top_level_layout(seeds_export):
    assert seeds_export["schema"] == 1
    assert set(seeds_export) == {"schema", "articles", "incidents", "claims"}


def test_articles_carry_their_metadata_and_incidents(seeds_export):
    ids = {i["id"] for i in seeds_export["incidents"]}
    for article in seeds_export["articles"]:
        assert {"id", "title", "published", "publisher", "incidents"} <= set(article)
        assert set(article["incidents"]) <= ids


def test_incidents_list_real_articles(seeds_export):
    article_ids = {a["id"] for a in seeds_export["articles"]}
    for incident in seeds_export["incidents"]:
        assert {"id", "title", "date", "country", "location", "articles"} <= set(incident)
        assert incident["articles"] and set(incident["articles"]) <= article_ids


def test_claims_use_the_vocabularies_and_exact_offsets(seeds_export):
    texts = {a.id: a.text for a in ingest(ROOT / "seeds").articles}
    incidents = {i["id"] for i in seeds_export["incidents"]} | {None}
    assert seeds_export["claims"]
    for claim in seeds_export["claims"]:
        assert claim["category"] in CATEGORIES
        assert claim["group"] in GROUPS
        assert claim["qualifier"] in QUALIFIERS
        assert claim["incident"] in incidents
        number = texts[claim["article"]][claim["start"] : claim["end"]]
        assert number and number in claim["quote"]
        assert claim["quote"] in texts[claim["article"]]


def test_same_input_gives_byte_identical_export():
    settings = load_settings(ROOT)
    assert export(settings, ROOT / "seeds").export_json == export(settings, ROOT / "seeds").export_json
