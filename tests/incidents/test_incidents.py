"""Incidents across articles: one per real event, whatever the spelling, with its own day,
and figures of other times left as context."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.aliases import load_aliases
from generator.incidents.clustering import locate_incidents
from generator.incidents.gazetteer import Gazetteer, same_place
from generator.models import Incident
from generator.pipeline import export
from generator.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def briefing() -> dict:
    return json.loads(export(load_settings(ROOT), DATA).export_json)


def incident_of(briefing: dict, article: str, location: str) -> dict:
    found = [i for i in briefing["incidents"] if article in i["articles"] and i["location"] == location]
    assert len(found) == 1, f"{article} should report one incident in {location}: {briefing['incidents']}"
    return found[0]


def claims_of(briefing: dict, article: str) -> list[dict]:
    return [c for c in briefing["claims"] if c["article"] == article]


def test_two_articles_that_spell_the_place_differently_are_one_incident(briefing):
    first = incident_of(briefing, "boulkessi_first_report", "Boulkessi")
    assert "boulkesi_later_toll" in first["articles"]
    assert set(first["aliases"]) >= {"Boulkessi", "Boulkesi"}


def test_an_article_can_report_two_incidents(briefing):
    market = incident_of(briefing, "two_incidents_one_article", "Mogadishu")
    ambush = incident_of(briefing, "two_incidents_one_article", "Kismayo")
    assert market["id"] != ambush["id"]
    assert market["country"] == ambush["country"] == "Somalia"
    by_value = {c["value"]: c["incident"] for c in claims_of(briefing, "two_incidents_one_article")}
    assert by_value[12] == market["id"] and by_value[30] == market["id"]
    assert by_value[5] == ambush["id"]


def test_the_follow_up_report_joins_the_market_bombing(briefing):
    market = incident_of(briefing, "two_incidents_one_article", "Mogadishu")
    assert "mogadishu_follow_up" in market["articles"]
    assert market["kind"] == "bombing"


def test_relative_days_are_counted_back_from_publication(briefing):
    # Published Friday 3 May 2024: "late Wednesday" is 1 May; the ambush "on Thursday"
    # in an article of Saturday 10 February is 8 February.
    assert incident_of(briefing, "boulkessi_first_report", "Boulkessi")["date"] == "2024-05-01"
    assert incident_of(briefing, "two_incidents_one_article", "Kismayo")["date"] == "2024-02-08"
    assert incident_of(briefing, "two_incidents_one_article", "Mogadishu")["date"] == "2024-02-09"


def test_a_figure_from_another_time_is_context_not_the_incident(briefing):
    last_year = [c for c in claims_of(briefing, "boulkessi_first_report") if c["value"] == 40]
    assert last_year and last_year[0]["incident"] is None
    toll = [c for c in claims_of(briefing, "boulkessi_first_report") if c["value"] == 14]
    assert toll[0]["incident"] is not None


def test_slugs_read_date_place_and_kind(briefing):
    ids = {i["id"] for i in briefing["incidents"]}
    assert "2024-05-01-boulkessi-attack" in ids


# The threshold of same_place was measured on these pairs: transliterations of one place
# against distinct places with similar names.
VARIANTS = [("Hasakah", "Hasakeh"), ("Hasakah", "Hassakeh"), ("Hasakah", "Al-Hassaka"), ("Ghwayran", "Ghuwayran"),
            ("Deir ez-Zor", "Deir Ezzor"), ("Deir ez-Zor", "Deir el-Zor"), ("Tillaberi", "Tillabery"),
            ("Peshawar", "Pishawar"), ("Kandahar", "Qandahar"), ("Falluja", "Fallujah"), ("Ramadi", "Ramadie"),
            ("Benghazi", "Bengasi"), ("Maiduguri", "Maidugiri"), ("Tessalit", "Tessalite"), ("Quetta", "Kuetta"),
            ("Boulkessi", "Boulkesi"), ("Hassaké", "Hassake")]  # fmt: skip
DISTINCT = [("Hasakah", "Raqqa"), ("Agando", "Agadez"), ("Niamey", "Niger"), ("Mosul", "Mali"), ("Kidal", "Kila"),
            ("Gao", "Goa"), ("Homs", "Hama"), ("Idlib", "Irbid"), ("Diyala", "Dibba"), ("Inates", "Ingall"),
            ("Tahoua", "Tahara"), ("Peshawar", "Pishin"), ("Baghdad", "Baqubah"), ("Kandahar", "Kunar"),
            ("Mali", "Malir"), ("Benin", "Bonny"), ("Bama", "Baga"), ("Gwoza", "Gwozo"), ("Mopti", "Motti"),
            ("Kismayo", "Kisumu"), ("Mogadishu", "Mombasa")]  # fmt: skip


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_transliterations_of_one_place_meet(a, b):
    assert same_place(a, b)


@pytest.mark.parametrize(("a", "b"), DISTINCT)
def test_distinct_places_with_similar_names_stay_apart(a, b):
    assert not same_place(a, b)


def test_incidents_are_located_by_their_place_or_left_without_coordinates():
    def incident(location, country):
        return Incident(f"x-{location}", "t", dt.date(2023, 3, 3), country, location, "attack")

    city, province, elsewhere, unknown = locate_incidents(
        [
            incident("Maiduguri", "Nigeria"),
            incident("Diyala", "Iraq"),
            incident("Maiduguri", "Chad"),  # a place the gazetteer puts in another country
            incident("Kadagoumbi", "Niger"),
        ],
        Gazetteer(load_aliases(None)),
    )
    assert city.place_kind == "city" and abs(city.latitude - 11.85) < 0.1 and abs(city.longitude - 13.16) < 0.1
    assert province.place_kind == "province" and province.latitude is not None
    assert elsewhere.latitude is None and elsewhere.place_kind is None
    assert unknown.latitude is None and unknown.longitude is None
